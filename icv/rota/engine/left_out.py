"""Who is left out of a rota, and why, in words a coordinator can act on (pure).

A volunteer with no visit gets the first reason that applies, from what they could never do to
what the rota chose: on no panel, no availability, a monthly limit of 0, away the whole period,
no one to go with (on probation, nobody experienced at the same times; otherwise nobody on the
panel free at the same times, or only people they are not to visit with), or else they could
have gone and the visits went to others (the solver evens the load, the fewest visits first).
Each reason is a code (``LEFT_OUT_CODES``) that ``left_out_words`` writes in the reader's
language; the code is what the period's figures keep.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from icv.rota.engine.problem import Problem, Visit, VolunteerSpec
from icv.rota.engine.quality import could_go

#: Why one could be rostered but has no visit, from what they could never do to what the
#: rota chose (the order ``_reason`` tries them in).
NO_PANEL = "no_panel"
NO_TIMES = "no_times"
LIMIT_ZERO = "limit_zero"
AWAY = "away"
MONTHS_FULL = "months_full"
EVENED = "evened"
NO_MENTOR = "no_mentor"
NO_PARTNER = "no_partner"
LEFT_OUT_CODES = (
    NO_PANEL,
    NO_TIMES,
    LIMIT_ZERO,
    AWAY,
    MONTHS_FULL,
    EVENED,
    NO_MENTOR,
    NO_PARTNER,
)


def left_out(problem: Problem, visits: Iterable[Visit]) -> dict[str, str]:
    """Volunteer id -> the code of why they have no visit (``LEFT_OUT_CODES``), for every
    volunteer of ``problem`` with none."""
    busy = {person for visit in visits for person in visit.volunteers}
    idle = [v for v in problem.volunteers if v.id not in busy]
    able = set(could_go(problem)) if idle else set()
    return {v.id: _reason(problem, v, v.id in able) for v in idle}


def _reason(problem: Problem, volunteer: VolunteerSpec, able: bool) -> str:
    if not volunteer.suites:
        return NO_PANEL
    if not volunteer.available:
        return NO_TIMES
    if volunteer.max_per_month == 0:
        return LIMIT_ZERO
    if _away_throughout(problem, volunteer):
        return AWAY
    if _months_used_up(problem, volunteer):
        return MONTHS_FULL
    if able:
        return EVENED
    if volunteer.probation:
        return NO_MENTOR
    return NO_PARTNER


def _months_used_up(problem: Problem, volunteer: VolunteerSpec) -> bool:
    limit = volunteer.max_per_month
    if limit is None or not volunteer.booked:
        return False
    months = {(problem.start.year, problem.start.month), (problem.end.year, problem.end.month)}
    day = problem.start
    while day <= problem.end:
        months.add((day.year, day.month))
        day += timedelta(days=28)
    return all(volunteer.booked_in(year, month) >= limit for year, month in months)


def _away_throughout(problem: Problem, volunteer: VolunteerSpec) -> bool:
    day = problem.start
    while day <= problem.end:
        if not volunteer.away_on(day):
            return False
        day += timedelta(days=1)
    return True
