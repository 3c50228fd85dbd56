"""Allocation by week (``"rules": {"allocation": "week"}``): a visit is a suite and an ISO week,
and the pair choose the day and the time.

The solver runs unchanged on a view of the week: each week of a suite has seven interchangeable
*places* (day numbers ``7w`` to ``7w + 6``, at most one visit each, so at most
``visits_per_week`` visits and never more than the suite is open that week) in a single band,
:data:`~icv.rota.engine.problem.WEEK_BAND`. Who may take a place is decided over the whole
week: on the suite's panel, available at a weekday and a band the suite allows on some day of
the week on which the suite is open and they are not away. The rules on a volunteer count per
week: at most one visit a week (a visit booked outside the problem takes that week), and their
monthly limit counts a visit in the month of its week's Monday.
"""

from __future__ import annotations

from datetime import date, timedelta

from icv.rota.engine.problem import Problem, SuiteSpec, VolunteerSpec


def can_go_in_week(
    problem: Problem, volunteer: VolunteerSpec, suite: SuiteSpec, monday: date
) -> bool:
    """Whether ``volunteer`` could visit ``suite`` on some day of the week from ``monday``."""
    bands = problem.suite_bands(suite)
    for weekday, band in volunteer.available:
        day = monday + timedelta(days=weekday)
        if band in bands and not suite.closed_on(day) and not volunteer.away_on(day):
            return True
    return False


def week_range(t: int) -> range:
    """The day numbers of the week of day ``t`` (weeks start at multiples of 7)."""
    first = 7 * (t // 7)
    return range(first, first + 7)


def weeks_among(days: list[int]) -> int:
    """How many visits these days allow at one a week: the number of distinct weeks."""
    return len({t // 7 for t in days})
