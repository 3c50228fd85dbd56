"""The summary's definitions at their edges: a wait exactly at the delay threshold, and a
volunteer who leaves on the first day of the period."""

from __future__ import annotations

from datetime import date, time

from icv.extensions import db
from icv.summary.rules import Basis, Period, is_active_on, was_active_during
from icv.summary.services import summary_for
from tests.factories import make_suite, make_user, make_volunteer
from tests.reporting import frozen, make_report  # noqa: F401  (frozen is a fixture)

TODAY = date(2026, 11, 24)


def figures(year: int) -> dict:
    return summary_for(Period(year, Basis.CALENDAR), TODAY).figures


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
