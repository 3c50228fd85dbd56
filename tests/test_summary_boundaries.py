"""The summary's definitions at their edges: a wait exactly at the delay threshold, a
volunteer who leaves on the first day of the period, visits across the clock changes, and a
late visit on New Year's Eve reported after midnight."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from icv.extensions import db
from icv.rota.models import PlannedVisit
from icv.summary.rules import Basis, Period, is_active_on, was_active_during
from icv.summary.services import summary_for
from tests.factories import make_period, make_planned_visit, make_suite, make_user, make_volunteer
from tests.reporting import file_on_the_rota, frozen, make_report, pair  # noqa: F401  (frozen is a fixture)

TODAY = date(2026, 11, 24)


def figures(year: int, quarter: int | None = None) -> dict:
    return summary_for(Period(year, Basis.CALENDAR, quarter), TODAY).figures


def test_a_visit_across_a_clock_change_counts_the_time_that_passed(ctx):
    suite = make_suite()
    # 23:30 to 02:30 by the clocks: 2 hours on the night the clocks go forward (Sunday 30
    # March 2025), 4 hours on the night they go back (Sunday 26 October 2025), 3 otherwise.
    for day in (date(2025, 3, 29), date(2025, 10, 25), date(2025, 11, 8)):
        make_report(suite, visit_date=day, arrived_at=time(23, 30), admitted_at=time(23, 40),
                    left_at=time(2, 30))  # fmt: skip
    db.session.commit()
    assert figures(2025, 1)["time"] == {"visit_hours": 2.0, "visitor_hours": 0.0}
    assert figures(2025, 4)["time"] == {"visit_hours": 7.0, "visitor_hours": 0.0}
    # The wait to be let in is real time too: 00:50 to 02:10 that March night is 20 minutes.
    make_report(suite, visit_date=date(2025, 3, 30), arrived_at=time(0, 50),
                admitted_at=time(2, 10), left_at=time(3, 0))  # fmt: skip
    db.session.commit()
    assert figures(2025, 1)["access"]["longest_delay_minutes"] == 20


def test_a_late_visit_reported_on_new_years_day_counts_in_the_year_it_started(ctx, personas):
    suite, val, sam = pair()
    planned = make_planned_visit(
        make_period(date(2025, 12, 29), weeks=1), suite, date(2025, 12, 31), [val, sam], "late"
    )
    # The late night of 31 December, reported as 1 January, arriving at 00:30.
    report = make_report(suite, visit_date=date(2026, 1, 1), arrived_at=time(0, 30),
                         admitted_at=time(0, 35), left_at=time(1, 30),
                         visitor_1_id=val.id, visitor_2_id=sam.id)  # fmt: skip
    db.session.flush()
    file_on_the_rota(report)
    db.session.commit()
    assert db.session.scalars(select(PlannedVisit.status)).one() == "completed"
    assert report.planned_visit_id == planned.id
    visits_2025, visits_2026 = figures(2025)["visits"], figures(2026)["visits"]
    assert (visits_2025["completed"], visits_2025["planned"], visits_2025["missed"]) == (1, 1, 0)
    assert visits_2025["by_month"]["2025-12"] == 1
    assert visits_2025["by_weekday"]["Wed"] == 1  # 31 December 2025 was a Wednesday
    assert visits_2026["completed"] == 0
    assert figures(2025)["issues"]["raised"] == 1  # the report's issue counts with its visit


def test_a_wait_exactly_at_the_threshold_is_not_a_delay(ctx):
    suite = make_suite()
    # Arrived at 10:00; let in after 14, 15 (the threshold) and 16 minutes.
    for day, admitted in ((3, time(10, 14)), (4, time(10, 15)), (5, time(10, 16))):
        make_report(suite, visit_date=date(2025, 3, day), arrived_at=time(10), admitted_at=admitted)
    db.session.commit()
    assert figures(2025)["access"] == {
        "visits_delayed": 1,
        "median_delay_minutes": 16,
        "longest_delay_minutes": 16,
        "median_wait_minutes": 15,
        "delay_threshold_minutes": 15,
    }


def test_a_volunteer_leaving_on_the_first_day_left_in_that_period_and_was_not_active_in_it(
    ctx,
):
    # Leaving on a day counts as left that day: Lou, who left on 1 January 2026, was active at
    # the end of 2025, left in 2026 and was not active at any time in it.
    assert is_active_on(date(2020, 1, 1), date(2026, 1, 1), date(2025, 12, 31))
    assert not is_active_on(date(2020, 1, 1), date(2026, 1, 1), date(2026, 1, 1))
    assert not was_active_during(date(2020, 1, 1), date(2026, 1, 1), Period(2026, Basis.CALENDAR))
    assert was_active_during(date(2020, 1, 1), date(2026, 1, 2), Period(2026, Basis.CALENDAR))
    assert was_active_during(date(2026, 12, 31), None, Period(2026, Basis.CALENDAR))
    assert not was_active_during(date(2027, 1, 1), None, Period(2026, Basis.CALENDAR))
    lou = make_user("lou@example.org", name="Lou Leaver")
    make_volunteer(lou, status="resigned", appointed_on=date(2020, 1, 1), left_on=date(2026, 1, 1))
    kim = make_user("kim@example.org", name="Kim Stayer")
    make_volunteer(kim, appointed_on=date(2020, 1, 1))
    db.session.commit()
    then, now = figures(2025)["volunteers"], figures(2026)["volunteers"]
    assert (then["active_at_end"], then["left"]) == (2, 0)
    assert (now["active_at_end"], now["left"]) == (1, 1)
    # Only Kim was active during 2026, with no visits.
    assert now["visits_per_volunteer"]["none"] == 1
    assert then["visits_per_volunteer"]["none"] == 2
