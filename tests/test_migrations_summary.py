"""The issue lists' indexes and the summary's kept figures come and go with their
migrations; issues stay, stale figures are never shown as good."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from icv.extensions import db


def test_issues_keep_every_row_through_the_list_indexes_and_the_kept_figures(ctx):
    """Down to dce50e062ad4 and up again with issues in the database (one closed with no
    date): the issue lists' indexes and the summary's kept figures come and go, the issues
    stay as they were."""

    from sqlalchemy import text

    from tests.factories import make_suite
    from tests.reporting import make_report

    report = make_report(make_suite("Rugby"))
    report.issues[0].status, report.issues[0].resolved_on = "closed", None
    db.session.commit()
    db.session.remove()  # no connection of the test's holds a lock while the schema changes
    issues = "SELECT id, status, resolved_on, raised_on FROM visit_issues ORDER BY id"
    with db.engine.begin() as connection:
        before = connection.execute(text(issues)).all()
    downgrade(revision="dce50e062ad4")
    schema = inspect(db.engine)
    assert "summary_stored_figures" not in schema.get_table_names()
    assert {"ix_visit_issues_serious_newest", "ix_visit_issues_closed_newest"}.isdisjoint(
        index["name"] for index in schema.get_indexes("visit_issues")
    )
    upgrade()
    schema = inspect(db.engine)
    assert "summary_stored_figures" in schema.get_table_names()
    assert "ix_visit_issues_serious_newest" in {
        index["name"] for index in schema.get_indexes("visit_issues")
    }
    with db.engine.begin() as connection:
        assert connection.execute(text(issues)).all() == before
    assert before[0][1:3] == ("closed", None)


def test_figures_stale_are_marked_then_go_on_the_way_down_and_good_ones_stay(ctx):
    """Down to 3f1c9a7d2b64: a row of an older generation is marked forgotten, a good one not.
    Down to 514b2ec012aa: the code before it reads every kept row as good, so the forgotten
    row (stale figures) is deleted, not left to be shown; the good one stays. Up again: good."""
    from datetime import date

    from sqlalchemy import text

    from icv.summary.models import StoredFigures, SummaryChanges

    def kept(year: int, generation: int) -> StoredFigures:
        row = StoredFigures(year=year, basis="calendar", quarter=0, as_of=date(2026, 11, 24))
        row.figures, row.generation = {"year": year}, generation
        return row

    db.session.get(SummaryChanges, 1).generation = 3
    db.session.add_all([kept(2024, generation=2), kept(2025, generation=3)])
    db.session.commit()
    db.session.remove()  # no connection of the test's holds a lock while the schema changes
    rows = "SELECT year, forgotten_at IS NULL FROM summary_stored_figures ORDER BY year"
    downgrade(revision="3f1c9a7d2b64")  # refuses nothing: generations are bookkeeping
    columns = {c["name"] for c in inspect(db.engine).get_columns("summary_stored_figures")}
    assert ("generation" in columns, "forgotten_at" in columns) == (False, True)
    assert "summary_changes" not in inspect(db.engine).get_table_names()
    with db.engine.begin() as connection:
        assert connection.execute(text(rows)).all() == [(2024, False), (2025, True)]
    downgrade(revision="514b2ec012aa")
    with db.engine.begin() as connection:
        years = connection.execute(text("SELECT year FROM summary_stored_figures")).all()
        assert years == [(2025,)]
    upgrade()
    good = (
        "SELECT year FROM summary_stored_figures WHERE generation = "
        "(SELECT generation FROM summary_changes WHERE id = 1)"
    )
    with db.engine.begin() as connection:
        assert connection.execute(text(good)).all() == [(2025,)]


def test_rows_forgotten_before_the_counter_stay_stale_on_the_way_up(ctx):
    """Up from 3f1c9a7d2b64: a row marked forgotten gets a generation that is never current;
    a good one the counter's first."""
    from sqlalchemy import text

    downgrade(revision="3f1c9a7d2b64")
    insert = text(
        "INSERT INTO summary_stored_figures (year, basis, quarter, as_of, figures, computed_at, "
        "forgotten_at) VALUES (:year, 'calendar', 0, '2026-11-24', '{}', CURRENT_TIMESTAMP, "
        "CASE WHEN :forgotten = 1 THEN CURRENT_TIMESTAMP END)"
    )
    with db.engine.begin() as connection:
        connection.execute(insert, [{"year": 2024, "forgotten": 1}, {"year": 2025, "forgotten": 0}])
    upgrade()
    rows = "SELECT year, generation FROM summary_stored_figures ORDER BY year"
    with db.engine.begin() as connection:
        assert connection.execute(text(rows)).all() == [(2024, -1), (2025, 0)]
        counter = connection.execute(text("SELECT id, generation FROM summary_changes")).all()
        assert counter == [(1, 0)]
