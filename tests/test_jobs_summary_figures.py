"""The scheduler keeps the annual summary's figures for the periods its page opens on: worked
out within the minute after a change forgot them, so the Commissioner's view reads them kept
(issue 15: the first view after a change had worked them out while the reader waited)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from icv.extensions import db
from icv.jobs.runs import run
from icv.summary import stored
from icv.summary.models import StoredFigures
from icv.summary.queries import records_begin
from icv.summary.rules import Basis, Period, Records
from icv.summary.stored import GENERATION, KEPT_FOR
from tests.reporting import NOW, frozen  # noqa: F401  (fixture: 24 November 2026)
from tests.statements import statements
from tests.summary_data import correct_later, history_fixture  # noqa: F401  (fixture)
from tests.summary_kept import kept_figures
from tests.test_summary_stored import HEADLINE, PAGE, every_row, stored_rows


def kept_periods() -> list[tuple[int, str]]:
    rows = select(StoredFigures.year, StoredFigures.basis).where(StoredFigures.quarter == 0)
    return sorted(tuple(row) for row in db.session.execute(rows))


#: On 24 November 2026: the year the page opens on and the year running, on either basis.
OPENING = [
    (2025, Basis.CALENDAR),
    (2025, Basis.FINANCIAL),
    (2026, Basis.CALENDAR),
    (2026, Basis.FINANCIAL),
]


def test_the_job_keeps_the_opening_periods_figures_once(app, history):
    with app.app_context():
        first = run("summary_figures")
        assert first.summary == "worked out the figures of 4 periods"
        assert kept_periods() == OPENING
        second = run("summary_figures")
        assert (second.summary, second.did_something) == ("nothing to do", False)
        assert stored_rows() == 4


def test_the_page_reads_the_figures_the_job_kept_even_after_a_change(app, login, history):
    with app.app_context():
        run("summary_figures")
    client = login("commissioner")
    with statements(app) as view:
        page = client.get(PAGE)
    assert HEADLINE.format(5, 1) in page.text
    assert not [s for s in view if "sum(" in s], "\n\n".join(view)  # nothing worked out
    correct_later(app, history)  # a corrected report, and a late report of a 2025 visit
    with app.app_context():
        assert stored_rows() == 0
        assert run("summary_figures").summary == "worked out the figures of 4 periods"
    with statements(app) as view:
        page = client.get(PAGE)
    assert HEADLINE.format(6, 1) in page.text
    assert not [s for s in view if "sum(" in s], "\n\n".join(view)
    with app.app_context():
        assert stored_rows() == 4


def test_figures_kept_for_their_time_are_worked_out_again_and_old_ones_go(app, history):
    with app.app_context():
        run("summary_figures")
        # A quarter a reader looked at: kept by the page first, then by the job.
        kept_figures(Period(2026, quarter=3), NOW.date(), Records(records_begin()))
        db.session.commit()
        assert stored_rows() == 5
        with time_machine.travel(NOW + KEPT_FOR - timedelta(seconds=1), tick=False):
            assert run("summary_figures").summary == "nothing to do"
        with time_machine.travel(NOW + KEPT_FOR, tick=False):
            assert run("summary_figures").summary == "worked out the figures of 5 periods"
        assert kept_periods() == OPENING  # the old rows gone
        assert every_row() == 5  # in place of the old ones, not beside them
        assert (2026, "calendar", 3) in {tuple(row) for row in db.session.execute(QUARTERS)}


QUARTERS = select(StoredFigures.year, StoredFigures.basis, StoredFigures.quarter).where(
    StoredFigures.quarter != 0
)


def test_a_quarter_a_reader_opened_is_worked_out_again_after_a_change(app, login, history):
    """Not at the reader's next view: the change forgot the quarter's figures without deleting
    its row, which tells the job the quarter was opened today."""
    client = login("commissioner")
    quarter = "/summary/2025?quarter=3"
    assert "Rugby" not in client.get(quarter).text
    correct_later(app, history)  # a late report of a visit on 1 July 2025, to Rugby
    with app.app_context():
        assert (stored_rows(), every_row()) == (0, 1)
        assert run("summary_figures").summary == "worked out the figures of 5 periods"
    with statements(app) as view:
        page = client.get(quarter)
    assert "Rugby" in page.text
    assert not [s for s in view if "sum(" in s], "\n\n".join(view)  # read kept


def test_the_job_keeps_at_most_eight_periods_readers_opened_the_latest_first(app, history):
    opened = [
        Period(year, Basis.CALENDAR, quarter) for year in (2024, 2025) for quarter in (1, 2, 3, 4)
    ]
    opened.append(Period(2023, Basis.CALENDAR))
    with app.app_context():
        records = Records(records_begin())
        for minutes, period in enumerate(opened):  # 2023, opened last, the latest
            with time_machine.travel(NOW + timedelta(minutes=minutes / 10), tick=False):
                kept_figures(period, NOW.date(), records)
                db.session.flush()  # worked out now
        db.session.commit()
        assert run("summary_figures").summary == "worked out the figures of 4 periods"
        correct_later(app, history)
        assert run("summary_figures").summary == "worked out the figures of 12 periods"
        good = select(StoredFigures.year, StoredFigures.quarter).where(
            StoredFigures.generation == GENERATION, StoredFigures.basis == "calendar"
        )
        kept = {tuple(row) for row in db.session.execute(good)}
        assert (2023, 0) in kept
        assert (2024, 1) not in kept  # opened first: the ninth
        assert {(2024, 2), (2025, 4)} <= kept


def test_a_change_committed_while_the_job_works_figures_out_is_not_kept_hidden(
    app, login, history, monkeypatch
):
    """The job read the rows before the change committed and stores its figures after: stored
    with the generation read before them, they are stale at once and worked out again at the
    next minute. Only on PostgreSQL: on SQLite the job holds the one write lock from its
    first delete, so no change can commit while it works (the change would wait)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("SQLite lets no change commit while the job writes")
    worked_out = stored.summary_figures

    def changed_meanwhile(period, today, records):
        figures = worked_out(period, today, records)
        if (period.year, period.basis, period.quarter) == (2025, Basis.CALENDAR, None):
            correct_later(app, history)  # its own session: committed before the job's
        return figures

    monkeypatch.setattr(stored, "summary_figures", changed_meanwhile)
    with app.app_context():
        assert run("summary_figures").summary == "worked out the figures of 4 periods"
    monkeypatch.undo()
    with app.app_context():
        assert stored_rows() == 0
        assert run("summary_figures").summary == "worked out the figures of 4 periods"
        assert stored_rows() == 4
    assert HEADLINE.format(6, 1) in login("commissioner").get(PAGE).text
