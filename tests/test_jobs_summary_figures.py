"""The scheduler keeps the annual summary's figures for the periods its page opens on: worked
out within the minute after a change forgot them, so the Commissioner's view reads them kept
(issue 15: the first view after a change had worked them out while the reader waited)."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select

from icv.extensions import db
from icv.jobs.runs import run
from icv.summary.models import StoredFigures
from icv.summary.queries import records_begin
from icv.summary.rules import Basis, Period, Records
from icv.summary.stored import KEPT_FOR, kept_figures
from tests.reporting import NOW, frozen  # noqa: F401  (fixture: 24 November 2026)
from tests.statements import statements
from tests.summary_data import correct_later, history_fixture  # noqa: F401  (fixture)
from tests.test_summary_stored import HEADLINE, PAGE, stored_rows


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
        # A quarter a reader looked at: kept by the page, not the job.
        kept_figures(Period(2026, quarter=3), NOW.date(), Records(records_begin()))
        db.session.commit()
        assert stored_rows() == 5
        with time_machine.travel(NOW + KEPT_FOR - timedelta(seconds=1), tick=False):
            assert run("summary_figures").summary == "nothing to do"
        with time_machine.travel(NOW + KEPT_FOR, tick=False):
            assert run("summary_figures").summary == "worked out the figures of 4 periods"
        assert kept_periods() == OPENING  # the old rows gone, the quarter's too
        assert stored_rows() == 4
        assert stored_rows() == 4  # in place of the old ones, not beside them
