"""Reports stored before a migration keep their figures, and are not mailed again once the
mails moved to the scheduler; on SQLite and PostgreSQL."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from icv.extensions import db


def test_reports_from_before_the_checks_keep_their_figures(ctx):
    """Upgrading from c5d1f8a3b2e7 with reports in it: a report written on the form stored
    offered = spoken + observed + declined and now stores spoken + declined; an imported one
    keeps offered as its file gave it; good practice written is good practice seen; the
    checks are not recorded; version 1 of the checks is there. Down again, offered is put back."""
    from sqlalchemy import text

    from tests.factories import make_suite

    suite = make_suite("Rugby")
    db.session.commit()
    suite_id = suite.id
    db.session.remove()  # no connection of the test's holds a lock while the schema changes
    # The version of the checks the schema's upgrade seeded goes: nothing else is lost.
    downgrade(revision="abf97a87f9ef", x_arg=["discard-data=yes"])
    report = (
        "INSERT INTO visit_reports (suite_id, visit_date, mode, outcome, arrived_at, left_at, "
        "counted_on, tact_visited, source, submitted_at, on_behalf, version, updated_at, "
        "in_custody, offered, spoken, observed, declined, not_offered, good_practice) VALUES "
        "(:suite, '2025-03-10', 'in_person', 'completed', :arrived, '15:00:00', '2025-03-10', "
        "FALSE, :source, CURRENT_TIMESTAMP, FALSE, 1, CURRENT_TIMESTAMP, 6, :offered, 3, 1, 1, "
        "1, :good_practice)"
    )
    with db.engine.begin() as connection:
        for hour, (source, offered, good_practice) in enumerate(
            (("form", 5, "Staff were kind"), ("import", 5, None), ("form", 5, "  ")), 10
        ):
            connection.execute(
                text(report),
                {
                    "suite": suite_id,
                    "arrived": f"{hour}:00:00",
                    "source": source,
                    "offered": offered,
                    "good_practice": good_practice,
                },
            )
    upgrade()
    with db.engine.begin() as connection:
        rows = connection.execute(
            text("SELECT source, offered, spoken, observed, declined, good_practice_seen, "
                 "check_set_id, rating FROM visit_reports ORDER BY id")
        ).all()  # fmt: skip
        checks = connection.execute(
            text("SELECT COUNT(*), MIN(s.version) FROM checks c JOIN check_sets s "
                 "ON s.id = c.check_set_id WHERE c.label_cy <> ''")
        ).one()  # fmt: skip
    assert [tuple(row) for row in rows] == [
        ("form", 4, 3, 1, 1, True, None, None),
        ("import", 5, 3, 1, 1, None, None, None),
        ("form", 4, 3, 1, 1, None, None, None),
    ]
    assert tuple(checks) == (25, 1)
    # The admin's next version is stored after the seeded one (on PostgreSQL, its sequence).
    from icv.visits.check_rules import CheckDef
    from icv.visits.check_services import add_check

    added = add_check(None, CheckDef("held_overnight", "welfare", "count", "Held overnight"))
    version, checks_asked = added.version, len(added.checks)
    db.session.commit()
    db.session.remove()  # holds no lock while the schema goes down below
    assert (version, checks_asked) == (2, 26)
    # The version seeded and good practice seen cannot go down without being lost: asked.
    downgrade(revision="abf97a87f9ef", x_arg=["discard-data=yes"])
    with db.engine.begin() as connection:
        offered = connection.execute(text("SELECT offered FROM visit_reports ORDER BY id"))
        assert offered.scalars().all() == [5, 5, 5]
    upgrade()


def test_reports_stored_before_the_mails_moved_to_the_scheduler_mail_nobody(ctx):
    """Up from eb48d23c3cec: every report stored is marked as mailed, at the time it was sent
    (its send queued its mails); down again refuses while a report's mails are still to
    queue, and goes with discard-data."""
    import pytest
    from click import ClickException
    from sqlalchemy import text

    from tests.factories import make_suite
    from tests.reporting import make_report

    report = make_report(make_suite("Rugby"))
    db.session.commit()
    report_id = report.id
    db.session.remove()  # no connection of the test's holds a lock while the schema changes
    downgrade(revision="eb48d23c3cec")
    columns = {c["name"] for c in inspect(db.engine).get_columns("visit_reports")}
    assert "notices_queued_at" not in columns
    upgrade()
    marks = "SELECT id FROM visit_reports WHERE notices_queued_at = submitted_at"
    with db.engine.begin() as connection:
        assert connection.execute(text(marks)).all() == [(report_id,)]
        indexes = {i["name"] for i in inspect(connection).get_indexes("visit_reports")}
        assert "ix_visit_reports_notices_waiting" in indexes
        connection.execute(text("UPDATE visit_reports SET notices_queued_at = NULL"))
    with pytest.raises(ClickException, match="the mails of 1 sent reports are still to be queued"):
        downgrade(revision="eb48d23c3cec")
    assert "notices_queued_at" in {
        c["name"] for c in inspect(db.engine).get_columns("visit_reports")
    }
    downgrade(revision="eb48d23c3cec", x_arg=["discard-data=yes"])
    upgrade()
    with db.engine.begin() as connection:
        assert connection.execute(text(marks)).all() == [(report_id,)]


def test_the_reports_waiting_for_their_mails_are_found_by_their_own_index(ctx):
    """SQLite's plan (PostgreSQL's depends on the table's size): the scheduler's look every
    minute reads the partial index, which holds only the reports waiting, not every report."""
    from sqlalchemy import text

    from icv.visits.sent_mail import WAITING

    if db.engine.dialect.name != "sqlite":
        return
    query = str(WAITING.compile(db.engine))
    with db.engine.begin() as connection:
        plan = [row[-1] for row in connection.execute(text("EXPLAIN QUERY PLAN " + query))]
    assert plan == ["SCAN visit_reports USING INDEX ix_visit_reports_notices_waiting"]
