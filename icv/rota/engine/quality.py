"""How good a rota is, measured from its visits alone (pure; never calls the solver)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from itertools import combinations

from icv.rota.engine.problem import Problem, Solution, week_label
from icv.rota.engine.weekly import can_go_in_week


def required_visits(problem: Problem) -> dict[tuple[str, str], int]:
    """(suite id, week label) -> visits required, for every ISO week wholly inside the period.

    A suite needs ``visits_per_week`` visits, but never more than the days it is open that week
    (at most one visit a day): a week in which it is closed every day needs none.
    """
    required = {}
    weeks = list(problem.weeks())
    for suite in problem.suites:
        for label, monday in weeks:
            open_days = 7
            # most suites never close: their days are not looked at one by one
            if suite.closed and any(
                first <= monday + timedelta(days=6) and monday <= last
                for first, last in suite.closed
            ):
                days = (monday + timedelta(days=offset) for offset in range(7))
                open_days = sum(not suite.closed_on(day) for day in days)
            required[suite.id, label] = min(suite.visits_per_week, open_days)
    return required


def could_go(problem: Problem) -> list[str]:
    """Ids of the volunteers who could have gone: on some day of a week in which a suite on
    their panel needs a visit, the suite is open, they are available at that weekday and a band
    the suite allows and not away, and enough others of the panel are too to make a valid
    group with them (visitors_per_visit in all, one probationer at most, no avoid pair); and
    their monthly limit is not 0."""
    required = required_visits(problem)
    weeks = [(label, monday) for label, monday in problem.weeks()]
    found = []
    for volunteer in problem.volunteers:
        if volunteer.max_per_month == 0:
            continue
        if any(
            required[suite_id, label] and _goes_with_others(problem, volunteer, suite_id, day, band)
            for suite_id in sorted(volunteer.suites)
            for weekday, band in sorted(volunteer.available)
            for label, monday in weeks
            for day in (monday + timedelta(days=weekday),)
        ):
            found.append(volunteer.id)
    return found


def _goes_with_others(problem: Problem, volunteer, suite_id: str, day, band: str) -> bool:
    suite = problem.suite_by_id[suite_id]
    if (
        band not in problem.suite_bands(suite)
        or suite.closed_on(day)
        or problem.kept_off(volunteer, day)
    ):
        return False
    others = [
        other
        for other in problem.volunteers
        if other.id != volunteer.id
        and suite_id in other.suites
        and (day.weekday(), band) in other.available
        and not problem.kept_off(other, day)
        and other.max_per_month != 0
    ]
    for group in combinations(others, problem.visitors_per_visit - 1):
        people = (volunteer, *group)
        if sum(p.probation for p in people) <= 1 and not any(
            a.id in b.avoid for a in people for b in people
        ):
            return True
    return False


@dataclass(frozen=True)
class SuiteSpread:
    """Weekdays and bands of one suite's visits: ``weekday_gap`` is the most visits on one
    weekday minus the fewest on another (over all seven, so 0 or 1 is perfectly even);
    ``band_gap`` the same over the bands the suite allows; ``*_used`` count the distinct ones."""

    suite: str
    visits: int
    weekdays_used: int
    bands_used: int
    weekday_gap: int
    band_gap: int


@dataclass
class Quality:
    """The quality of a rota, in the order the solver ranks it (docs/rota-problem.md).

    - ``filled``: required visits planned, counting per suite and ISO week at most the number
      required (:func:`required_visits`); ``required`` their total; ``ratio`` = filled /
      required (1.0 when nothing is required).
    - ``repeats``: visits whose suite also had a visit 7 days earlier in the same band (same
      weekday and band in the previous ISO week); ``repeat_rate`` = repeats / all visits.
    - ``spread``: per suite, a :class:`SuiteSpread`.
    - ``load``: visits per volunteer, for every volunteer who could have gone
      (:func:`could_go`) and anyone else with a visit; ``load_spread`` = the most minus the
      fewest visits among those who could have gone; ``idle``: those of them with none.
    - ``repeated_pairs``: (volunteer, volunteer) -> visits together, for pairs together more
      than once; ``pair_repeats`` = the visits beyond the first summed over those pairs.
    - ``heatmap``: per suite, visits by weekday (rows, Monday first) and band (columns, in the
      problem's band order).
    """

    filled: int
    required: int
    ratio: float
    visits: int
    repeats: int
    repeat_rate: float
    spread: dict[str, SuiteSpread]
    load: dict[str, int]
    load_spread: int
    idle: tuple[str, ...]
    repeated_pairs: dict[tuple[str, str], int]
    pair_repeats: int
    heatmap: dict[str, tuple[tuple[int, ...], ...]]

    def summary(self) -> tuple[int, int, int, int, int, int, int]:
        """(filled, repeats, worst weekday gap, worst band gap, load spread, idle, pair repeats):
        the figures two equally good rotas share."""
        spreads = self.spread.values()
        return (
            self.filled,
            self.repeats,
            max((s.weekday_gap for s in spreads), default=0),
            max((s.band_gap for s in spreads), default=0),
            self.load_spread,
            len(self.idle),
            self.pair_repeats,
        )


def quality(problem: Problem, solution: Solution) -> Quality:
    visits = solution.visits
    required = required_visits(problem)
    per_week = Counter((visit.suite, week_label(visit.date)) for visit in visits)
    filled = sum(min(count, required.get(key, 0)) for key, count in per_week.items())
    wanted = sum(required.values())
    slots = {(visit.suite, visit.date, visit.band) for visit in visits}
    repeats = sum((v.suite, v.date - timedelta(days=7), v.band) in slots for v in visits)
    if problem.by_week:  # the pair choose the day and time: no pattern is planned to repeat
        repeats = 0
    eligible = could_go(problem)
    load, pairs = _load_and_pairs(visits, eligible)
    loads = [load[person] for person in eligible]
    repeated = {pair: count for pair, count in sorted(pairs.items()) if count > 1}
    return Quality(
        filled=filled,
        required=wanted,
        ratio=filled / wanted if wanted else 1.0,
        visits=len(visits),
        repeats=repeats,
        repeat_rate=repeats / len(visits) if visits else 0.0,
        spread={suite.id: _spread(problem, suite, visits) for suite in problem.suites},
        load=dict(sorted(load.items())),
        load_spread=max(loads) - min(loads) if loads else 0,
        idle=tuple(person for person in eligible if load[person] == 0),
        repeated_pairs=repeated,
        pair_repeats=sum(count - 1 for count in repeated.values()),
        heatmap={suite.id: _heatmap(problem, suite.id, visits) for suite in problem.suites},
    )


def _load_and_pairs(visits, eligible: list[str]) -> tuple[Counter, Counter]:
    load: Counter[str] = Counter(dict.fromkeys(eligible, 0))
    pairs: Counter[tuple[str, str]] = Counter()
    for visit in visits:
        people = sorted(set(visit.volunteers))
        load.update(people)
        pairs.update(combinations(people, 2))
    return load, pairs


def _spread(problem: Problem, suite, visits) -> SuiteSpread:
    mine = [visit for visit in visits if visit.suite == suite.id]
    if problem.by_week:  # the spread is what the pairs choose, seen from their reports
        return SuiteSpread(suite.id, len(mine), 0, 0, 0, 0)
    weekdays = Counter(visit.date.weekday() for visit in mine)
    bands = Counter(visit.band for visit in mine)
    by_weekday = [weekdays[day] for day in range(7)]
    by_band = [bands[band] for band in problem.suite_bands(suite)]
    return SuiteSpread(
        suite=suite.id,
        visits=len(mine),
        weekdays_used=len(weekdays),
        bands_used=len(bands),
        weekday_gap=max(by_weekday) - min(by_weekday),
        band_gap=max(by_band) - min(by_band),
    )


def _heatmap(problem: Problem, suite: str, visits) -> tuple[tuple[int, ...], ...]:
    cells = Counter((v.date.weekday(), v.band) for v in visits if v.suite == suite)
    return tuple(tuple(cells[day, band] for band in problem.band_ids) for day in range(7))


def alike_spread(problem: Problem, solution: Solution) -> int:
    """The load spread among volunteers available alike: the most, over every visit and every
    volunteer on it, of their visits minus those of anyone with the same monthly limit who could
    have gone in their place. "Could have gone" is read from the problem alone (on the suite's
    panel, available at its weekday and band, or by week on some day of its week, not away, the
    suite open and allowing the band), never from the rest of the rota: spacing, probation and
    people to avoid may forbid the swap, so this is at least what a coordinator would see
    comparing two people who could stand in for each other.

    Unlike ``Quality.load_spread``, it does not compare people whose availability differs (one
    free only on Sunday evenings at a suite whose Sundays the spread of weekdays keeps few,
    another free on many days at three suites) or whose limits do (two visits a month against
    four), which no rota makes equal over a year."""
    load: Counter[str] = Counter()
    for visit in solution.visits:
        load.update(set(visit.volunteers))
    panels: dict[str, list] = {suite.id: [] for suite in problem.suites}
    for volunteer in problem.volunteers:
        for suite_id in volunteer.suites:
            panels.setdefault(suite_id, []).append(volunteer)
    worst = 0
    for visit in solution.visits:
        for person in visit.volunteers:
            limit = problem.volunteer_by_id[person].max_per_month
            for other in panels.get(visit.suite, ()):
                gap = load[person] - load[other.id]
                if gap > worst and other.max_per_month == limit:
                    worst = gap if _stands_in(problem, other, visit) else worst
    return worst


def _stands_in(problem: Problem, volunteer, visit) -> bool:
    if volunteer.id in visit.volunteers:
        return False
    suite = problem.suite_by_id[visit.suite]
    if problem.by_week:
        return can_go_in_week(problem, volunteer, suite, visit.date)
    return (
        (visit.date.weekday(), visit.band) in volunteer.available
        and visit.band in problem.suite_bands(suite)
        and not suite.closed_on(visit.date)
        and not volunteer.away_on(visit.date)
    )
