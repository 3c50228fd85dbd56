"""A rota allocated by week, as the scheme runs it: the setting, a report on any day of the
week completing the visit, My visits, the calendar feed and the missed deadline."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import time_machine

from icv.accounts.models import User
from icv.extensions import db
from icv.rota.engine.problem import WEEK_BAND
from icv.rota.models import PlannedVisit, VisitStatus
from icv.rota.report_visit import visit_of_report
from tests.factories import (
    make_period,
    make_planned_visit,
    make_suite,
    make_visitor,
    make_volunteer,
)

#: Monday 4 January 2027: the week of the visit; Sunday 10 January its last day.
MONDAY = date(2027, 1, 4)


@pytest.fixture
def week_visit(app, personas):
    """Val (the volunteer persona) and Sam on a visit to Leamington Spa in the week of
    4 January 2027, in a published rota allocated by week."""
    with time_machine.travel(date(2026, 12, 30), tick=False), app.app_context():
        suite = make_suite("Leamington Spa")
        val = make_volunteer(db.session.get(User, personas["volunteer"]), suites=[suite])
        sam = make_visitor("sam.s@example.org", [suite], name="Sam Second")
        period = make_period(MONDAY, weeks=2)
        period.allocation = "week"
        visit = make_planned_visit(period, suite, MONDAY, [val, sam], band=WEEK_BAND)
        db.session.commit()
        return {"visit": visit.id, "suite": suite.id, "val": val.id, "sam": sam.id}


@pytest.mark.parametrize(
    ("day", "arrived", "linked"),
    [
        (MONDAY, time(10, 0), True),
        (MONDAY + timedelta(days=3), time(19, 30), True),
        (MONDAY + timedelta(days=6), time(23, 0), True),  # Sunday late
        (MONDAY + timedelta(days=7), time(1, 0), True),  # Sunday's late night, after midnight
        (MONDAY + timedelta(days=7), time(10, 0), False),  # Monday of the next week
        (MONDAY - timedelta(days=1), time(10, 0), False),  # the Sunday before
    ],
)
def test_a_report_on_any_day_of_the_week_is_of_the_week_visit(
    app, week_visit, day, arrived, linked
):
    with app.app_context():
        found = visit_of_report(week_visit["suite"], day, arrived, {week_visit["sam"]}, None)
        assert (found.id if found else None) == (week_visit["visit"] if linked else None)


def test_a_report_two_days_after_the_monday_completes_the_visit(app, week_visit):
    from tests.reporting import file_on_the_rota, make_report

    with app.app_context():
        suite = db.session.get(PlannedVisit, week_visit["visit"]).suite
        report = make_report(
            suite,
            visit_date=MONDAY + timedelta(days=2),
            arrived_at=time(19, 0),
            visitor_1_id=week_visit["val"],
            visitor_2_id=week_visit["sam"],
        )
        db.session.flush()
        file_on_the_rota(report)
        db.session.commit()
        visit = db.session.get(PlannedVisit, week_visit["visit"])
        assert report.planned_visit_id == visit.id
        assert visit.status == VisitStatus.COMPLETED
