"""Recompute every hard rule of a rota from its visits alone (pure; never calls the solver).

``violations(problem, visits)`` returns one :class:`Violation` per broken rule, each naming the
visits it involves by their index in ``visits``, so a page that changed one visit shows
``[v for v in found if v.involves(index)]``. A quarter of a metropolitan scheme (600 visits)
is checked in a few milliseconds.

Rules (``Violation.rule``): ``unknown`` (suite, band or volunteer not in the problem),
``period``, ``band`` (not allowed at the suite), ``closed``, ``visitors`` (count and distinct),
``panel``, ``availability``, ``away``, ``probation``, ``avoid``, ``suite_day``, ``suite_week``,
``same_day``, ``spacing`` (min_days_between), ``monthly`` (max_per_month), ``tact`` (a suite
holding TACT detainees without a visitor TACT-trained on the day). Allocated by week
(icv/rota/engine/weekly.py) a visit's date is its week's Monday and the rules count per week:
``availability`` and ``away`` over the week, ``closed`` every day of it, ``same_week`` instead
of ``same_day`` and ``spacing``, ``monthly`` by the month of the Monday.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

from icv.rota.engine.problem import (
    WEEKDAYS,
    Problem,
    Visit,
    long_date,
    month_name,
    week_label,
    week_words,
)
from icv.rota.engine.quality import Quality, quality, required_visits
from icv.rota.engine.weekly import can_go_in_week

__all__ = ["Quality", "Violation", "quality", "required_visits", "violations"]


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str
    suite: str
    date: date
    volunteers: tuple[str, ...]
    #: indexes of the visits involved, in the list given to ``violations``
    visits: tuple[int, ...] = ()

    def involves(self, index: int) -> bool:
        return index in self.visits


def violations(problem: Problem, visits: Sequence[Visit]) -> list[Violation]:
    """Every hard rule of docs/rota-problem.md that ``visits`` break, in a stable order."""
    found: list[Violation] = []
    for index, visit in enumerate(visits):
        found.extend(_visit_problems(problem, visit, index))
    found.extend(_suite_limits(problem, visits))
    found.extend(_volunteer_limits(problem, visits))
    return found


def _visit_problems(problem: Problem, visit: Visit, index: int) -> list[Violation]:
    """The rules one visit can break on its own."""
    found: list[Violation] = []

    def add(rule: str, message: str, people: tuple[str, ...] = ()) -> None:
        found.append(Violation(rule, message, visit.suite, visit.date, people, (index,)))

    suite = problem.suite_by_id.get(visit.suite)
    name, day = problem.suite_label(visit.suite), long_date(visit.date)
    if suite is None:
        add("unknown", f'unknown suite "{visit.suite}"')
    if problem.by_week:
        _week_problems(problem, visit, add)
        _check_people(problem, visit, add)
        return found
    if visit.band not in problem.band_ids:
        add("unknown", f'unknown band "{visit.band}"')
    elif suite and visit.band not in problem.suite_bands(suite):
        add("band", f"{name} is not visited in the {visit.band} band")
    if not problem.start <= visit.date <= problem.end:
        period = f"{long_date(problem.start)} to {long_date(problem.end)}"
        add("period", f"The visit to {name} on {day} is outside the rota period ({period})")
    if suite and suite.closed_on(visit.date):
        add("closed", f"{name} is closed on {day}")
    _check_people(problem, visit, add)
    return found


def _week_problems(problem: Problem, visit: Visit, add) -> None:
    """Allocated by week: the visit is a whole ISO week inside the period, the suite open on
    some day of it."""
    suite, name = problem.suite_by_id.get(visit.suite), problem.suite_label(visit.suite)
    week = week_words(week_label(visit.date))
    if not visit.by_week or visit.date.weekday() != 0:
        add("band", f"The rota is allocated by week: the visit to {name} needs a week, not a day")
    if not (problem.start <= visit.date and visit.date + timedelta(days=6) <= problem.end):
        period = f"{long_date(problem.start)} to {long_date(problem.end)}"
        add("period", f"The visit to {name} in {week} is outside the rota period ({period})")
    days = [visit.date + timedelta(days=n) for n in range(7)]
    if suite and all(suite.closed_on(day) for day in days):
        add("closed", f"{name} is closed all {week}")


def _check_week_person(problem: Problem, visit: Visit, person: str, add) -> None:
    volunteer, label = problem.volunteer_by_id[person], problem.volunteer_label(person)
    suite = problem.suite_by_id.get(visit.suite)
    if suite is None or can_go_in_week(problem, volunteer, suite, visit.date):
        return
    week, name = week_words(week_label(visit.date)), suite.label
    days = [visit.date + timedelta(days=n) for n in range(7)]
    if all(volunteer.away_on(day) for day in days):
        add("away", f"{label} is away all {week}", (person,))
    else:
        message = f"{label} is not available on any day {name} is open in {week}"
        add("availability", message, (person,))


def _check_people(problem: Problem, visit: Visit, add) -> None:
    name, day = problem.suite_label(visit.suite), long_date(visit.date)
    wanted, people = problem.visitors_per_visit, visit.volunteers
    distinct = tuple(dict.fromkeys(people))
    if len(distinct) != wanted:
        some = "visitor" if len(distinct) == 1 else "visitors"
        message = f"The visit to {name} on {day} has {len(distinct)} {some}: it needs {wanted}"
        add("visitors", message)
    for person in distinct:
        if people.count(person) > 1:
            label = problem.volunteer_label(person)
            add("visitors", f"{label} is on the visit to {name} on {day} twice", (person,))
        if person not in problem.volunteer_by_id:
            add("unknown", f'unknown volunteer "{person}"', (person,))
        else:
            _check_person(problem, visit, person, add)
    _check_together(problem, [p for p in distinct if p in problem.volunteer_by_id], add)
    if distinct and not problem.tact_ok(visit.suite, visit.date, distinct):
        message = f"{name} holds people under the Terrorism Act: the visit on {day} needs a "
        add("tact", message + "visitor whose TACT training is in date that day")


def _check_person(problem: Problem, visit: Visit, person: str, add) -> None:
    volunteer, label = problem.volunteer_by_id[person], problem.volunteer_label(person)
    if visit.suite not in volunteer.suites:
        add(
            "panel",
            f"{label} is not on the panel for {problem.suite_label(visit.suite)}",
            (person,),
        )
    if problem.by_week:
        _check_week_person(problem, visit, person, add)
        return
    if (visit.date.weekday(), visit.band) not in volunteer.available:
        weekday = WEEKDAYS[visit.date.weekday()]
        add("availability", f"{label} is not available on {weekday}s ({visit.band})", (person,))
    if volunteer.away_on(visit.date):
        add("away", f"{label} is away on {long_date(visit.date)}", (person,))


def _check_together(problem: Problem, known: list[str], add) -> None:
    """At most one probationer, and no one with someone they avoid."""
    people = problem.volunteer_by_id
    on_probation = [p for p in known if people[p].probation]
    if len(on_probation) > 1:
        labels = _and(problem.volunteer_label(p) for p in on_probation)
        every = "both" if len(on_probation) == 2 else "all"
        message = f"{labels} are {every} on probation: at most one probationer a visit"
        add("probation", message, tuple(on_probation))
    for one, other in combinations(known, 2):
        if other in people[one].avoid or one in people[other].avoid:
            labels = _and(problem.volunteer_label(p) for p in (one, other))
            add("avoid", f"{labels} are not to visit together", (one, other))


def _and(labels) -> str:
    labels = list(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _suite_limits(problem: Problem, visits: Sequence[Visit]) -> list[Violation]:
    """At most one visit a day, and at most visits_per_week in an ISO week, per suite."""
    by_day: dict[tuple[str, date], list[int]] = defaultdict(list)
    by_week: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, visit in enumerate(visits):
        by_day[visit.suite, visit.date].append(index)
        by_week[visit.suite, week_label(visit.date)].append(index)
    found = []
    for (suite, day), group in by_day.items():
        if len(group) > 1 and not problem.by_week:
            message = f"{problem.suite_label(suite)} already has a visit on {long_date(day)}"
            found.append(_about(visits, group, "suite_day", message))
    for (suite, week), group in by_week.items():
        spec = problem.suite_by_id.get(suite)
        if spec and len(group) > spec.visits_per_week:
            message = _week_message(problem, suite, week, len(group) - 1)
            found.append(_about(visits, group, "suite_week", message))
    return found


def _about(visits: Sequence[Visit], group: list[int], rule: str, message: str, people=()):
    """A violation by several visits, dated by the last of them."""
    last = max(group, key=lambda index: (visits[index].date, index))
    return Violation(rule, message, visits[last].suite, visits[last].date, people, tuple(group))


def _week_message(problem: Problem, suite: str, week: str, others: int) -> str:
    name = problem.suite_label(suite)
    if problem.suite_by_id[suite].visits_per_week == 0:
        return f"{name} is not to be visited (0 visits a week)"
    return f"{name} already has {others} visit{'s' if others > 1 else ''} in {week_words(week)}"


def _volunteer_limits(problem: Problem, visits: Sequence[Visit]) -> list[Violation]:
    """Same day, days between visits and the monthly limit, per volunteer."""
    mine: dict[str, list[int]] = defaultdict(list)
    for index, visit in enumerate(visits):
        for person in dict.fromkeys(visit.volunteers):
            if person in problem.volunteer_by_id:
                mine[person].append(index)
    found = []
    for person, indexes in mine.items():
        indexes.sort(key=lambda i: (visits[i].date, i))
        if problem.by_week:
            found.extend(_same_week(problem, visits, person, indexes))
        else:
            found.extend(_too_close(problem, visits, person, indexes))
        found.extend(_monthly(problem, visits, person, indexes))
    return found


def _too_close(problem: Problem, visits: Sequence[Visit], person: str, indexes: list[int]):
    """Each pair of the volunteer's visits on one day, or fewer than min_days_between apart,
    counting the days they have booked outside the problem (those name one visit only)."""
    days = [(visits[i].date, (i,)) for i in indexes]
    days += [(day, ()) for day in problem.volunteer_by_id[person].booked]
    days.sort(key=lambda pair: (pair[0], pair[1]))
    found = []
    for position, (day, first) in enumerate(days):
        for later, second in days[position + 1 :]:
            if later - day >= timedelta(days=problem.min_days_between) and later != day:
                break
            if first or second:
                found.append(_apart(problem, visits, person, (day, later), [*first, *second]))
    return found


def _same_week(problem: Problem, visits: Sequence[Visit], person: str, indexes: list[int]):
    """Allocated by week: at most one visit a week, a day booked outside the problem included."""
    by_week: dict[str, list[int]] = defaultdict(list)
    for index in indexes:
        by_week[week_label(visits[index].date)].append(index)
    booked = {week_label(day) for day in problem.volunteer_by_id[person].booked}
    label, found = problem.volunteer_label(person), []
    for week, group in sorted(by_week.items()):
        if len(group) > 1 or week in booked:
            message = f"{label} has more than one visit in {week_words(week)}: one a week at most"
            found.append(_about(visits, group, "same_week", message, (person,)))
    return found


def _apart(problem: Problem, visits, person: str, days: tuple[date, date], group: list[int]):
    label, (day, later) = problem.volunteer_label(person), days
    if later == day:
        return _about(
            visits, group, "same_day", f"{label} has two visits on {long_date(day)}", (person,)
        )
    message = (
        f"{label} has visits on {long_date(day)} and {long_date(later)}: "
        f"they must be at least {problem.min_days_between} days apart"
    )
    return _about(visits, group, "spacing", message, (person,))


def _monthly(problem: Problem, visits: Sequence[Visit], person: str, indexes: list[int]):
    """Months with more than the limit, counting the visits booked outside the problem."""
    volunteer = problem.volunteer_by_id[person]
    limit = volunteer.max_per_month
    if limit is None:
        return []
    by_month: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index in indexes:
        by_month[visits[index].date.year, visits[index].date.month].append(index)
    found = []
    for (year, month), group in by_month.items():
        count = len(group) + volunteer.booked_in(year, month)
        if count > limit:
            message = (
                f"{volunteer.label} has {count} visits in "
                f"{month_name(year, month)}: at most {limit} a month"
            )
            found.append(_about(visits, group, "monthly", message, (person,)))
    return found
