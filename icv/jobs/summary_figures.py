"""Every minute: the annual summary's figures for the periods its page opens on, worked out
again once a change has forgotten them or they are ``KEPT_FOR`` old (``icv.summary.stored``).

A report sent forgets every kept figure, so on a busy scheme the Commissioner's first view
was nearly always the one that works them out (12 to 14 statements, 260 to 280 ms at 150,000
reports on PostgreSQL) rather than the one that reads them (4 statements). Worked out here,
in the scheduler's process, within the minute after a change, the page reads them kept.

The periods: on either basis, the year the page opens on (``opening_year``) and the year now
running; and every other period (a quarter, an earlier year) a reader opened today, up to
``OPENED_AT_MOST`` of them, the latest first (``stored.opened_on``: a change forgets kept
figures without deleting them). Such a period is worked out at its first view today, and at
a view right after a change, before this job's next run; the views between read it kept.
Nothing is worked out while the kept figures of a period are still good. When it works
figures out it deletes those no view reads any more (``forget_old``), so the table holds a
few rows, not one more per period every ``KEPT_FOR``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from icv.clock import today_local
from icv.extensions import db
from icv.jobs.rules import Outcome, did
from icv.summary.queries import records_begin
from icv.summary.rules import Basis, Period, Records, latest_year, opening_year
from icv.summary.stored import forget_old, generation_now, keep, kept_lookup, opened_on

#: Periods other than the opening ones kept for readers at most: each costs the scheduler some
#: 100 to 200 ms after every change at 150,000 reports (bench/README.md).
OPENED_AT_MOST = 8


def opening_periods(today: date, records: Records) -> list[Period]:
    """The periods the summary's page is opened on, each once."""
    periods: list[Period] = []
    for basis in Basis:
        for year in (opening_year(basis, today, records), latest_year(basis, today)):
            if Period(year, basis) not in periods:
                periods.append(Period(year, basis))
    return periods


def keep_summary_figures() -> Outcome:
    """The job: work out and keep the figures of each opening period not kept now. The run
    commits them (``icv.jobs.runs``)."""
    today = today_local()
    generation = generation_now()  # before any figure is read: a change after makes them stale
    records = Records(records_begin())
    periods = opening_periods(today, records)
    opened = opened_on(today, OPENED_AT_MOST + len(periods))  # the opening ones among them
    periods += [p for p in opened if p not in periods][:OPENED_AT_MOST]
    forgotten = [
        period
        for period in periods
        if db.session.scalar(select(kept_lookup(period, today))) is None
    ]
    if forgotten:  # every KEPT_FOR at least: the old rows go then, views' ones too
        forget_old(today)
    for period in forgotten:
        keep(period, today, records, generation)
    return did(len(forgotten), "worked out the figures of", "period")
