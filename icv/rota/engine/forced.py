"""How many pair repeats a rota cannot avoid at the times it chose: a lower bound.

A pair repeat is a visit of two people beyond their first together (``Quality.pair_repeats``),
so a rota's repeats are its pairs on visits (``C(k, 2)`` a visit of ``k``) less its distinct
pairs. At a slot where only a few of the suite's panel can go, every pair on the visit is
drawn from those few: over a year, a suite visited 20 times on Monday evenings, when only
the same three members are free, has at most 3 distinct pairs for those visits, so at least
17 repeats.

The most distinct pairs any rota at the same slots could have is a maximum flow: from each
visit (``C(k, 2)`` units) to every pair that could go on it, each pair at most one unit (its
first visit together). "Could go" is read from the problem alone, more loosely than the rules
(panel, weekday and band, not away or kept off, no two probationers, no avoided partner; the
spacing and monthly limits are left out), so the flow is at least the distinct pairs of any
rota with visits at those slots, and the bound is at most its repeats. The pairs a visit
actually has always count as possible, so the bound holds for the given rota whatever the
problem says.

This is a bound given the slots: a rota that puts its visits at other times (where more
members are free) may be bounded lower. The solver picks the times for the weekday and band
spread first, so this is what is left to the choice of people.

:func:`least_pair_repeats` bounds every rota whatever its times: a visit of a suite-week may
take any pair that could meet at some time of that week the suite is open. Over a year the
pairs that can ever meet run out (issue 15: on the 52-week benchmark 2,443 of them for 2,539
visits), so repeats grow faster than the visits whatever the solver does.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import combinations

from icv.rota.engine import weekly
from icv.rota.engine.bound import Network
from icv.rota.engine.problem import WEEK_BAND, Problem, SuiteSpec, Visit, VolunteerSpec
from icv.rota.engine.quality import required_visits

Pair = tuple[str, str]


def forced_pair_repeats(problem: Problem, visits: list[Visit]) -> int:
    """At least this many pair repeats has any rota with visits at the slots of ``visits``."""
    # Visits with the same possible pairs are one node, with their units added up.
    units: Counter[frozenset[Pair]] = Counter()
    for visit in visits:
        size = len(set(visit.volunteers))
        units[possible_pairs(problem, visit)] += size * (size - 1) // 2
    return sum(units.values()) - _most_distinct(units)


def least_pair_repeats(problem: Problem, filled: int | None = None) -> int:
    """At least this many pair repeats has any rota of ``filled`` visits (by default every
    visit the period requires), at whatever times it chooses.

    A visit of a suite-week may take any pair that could meet at that suite some time of the
    week (:func:`_pairs_in_week`); the most distinct pairs the required visits could have is
    the flow from each suite-week to those pairs, each pair at most once. A rota of fewer
    visits has no more distinct pairs, so its repeats are at least its pairs on visits less
    that flow."""
    size = problem.visitors_per_visit
    per_visit = size * (size - 1) // 2
    mondays = dict(problem.weeks())
    required = required_visits(problem)
    units: Counter[frozenset[Pair]] = Counter()
    known: dict[tuple, frozenset[Pair]] = {}
    for (suite_id, label), needed in required.items():
        suite = problem.suite_by_id[suite_id]
        units[_pairs_in_week(problem, suite, mondays[label], known)] += needed * per_visit
    if filled is None:
        filled = sum(required.values())
    return max(0, filled * per_visit - _most_distinct(units))


def _pairs_in_week(
    problem: Problem, suite: SuiteSpec, monday: date, known: dict[tuple, frozenset[Pair]]
) -> frozenset[Pair]:
    """The pairs that could visit ``suite`` together in the week from ``monday``: both free at
    the same open day and band (:func:`free_at`; by week, each on some day of it), no two
    probationers, no avoided partner. ``known`` keeps the pairs of each set of free groups, as
    most weeks of a suite have the same."""
    panel = [v for v in problem.volunteers if suite.id in v.suites]
    if problem.by_week:
        slots = [(monday, WEEK_BAND)]
    else:
        days = (monday + timedelta(days=offset) for offset in range(7))
        bands = problem.suite_bands(suite)
        slots = [(day, band) for day in days if not suite.closed_on(day) for band in bands]
    key = tuple(sorted({tuple(sorted(free_at(problem, suite, panel, *slot))) for slot in slots}))
    if key not in known:
        known[key] = frozenset(
            pair for group in key for pair in combinations(group, 2) if _may_pair(problem, pair)
        )
    return known[key]


def _most_distinct(units: Counter[frozenset[Pair]]) -> int:
    """The most distinct pairs that visits can have: ``units`` holds, for each set of pairs
    some visits could take, the pairs those visits hold in all (``C(k, 2)`` a visit)."""
    net = Network()
    source, sink = net.node(), net.node()
    pair_node: dict[Pair, int] = {}
    for pairs, count in sorted(units.items(), key=lambda item: sorted(item[0])):
        node = net.node()
        net.edge(source, node, count)
        for pair in sorted(pairs):
            if pair not in pair_node:
                pair_node[pair] = net.node()
                net.edge(pair_node[pair], sink, 1)
            net.edge(node, pair_node[pair], 1)
    return net.max_flow(source, sink)


def possible_pairs(problem: Problem, visit: Visit) -> frozenset[Pair]:
    """The pairs that could go on ``visit`` as the problem reads (:func:`could_go_on`, no two
    probationers, no avoided partner), and always the pairs it has."""
    people = sorted(could_go_on(problem, visit))
    found = {pair for pair in combinations(people, 2) if _may_pair(problem, pair)}
    found.update(combinations(sorted(set(visit.volunteers)), 2))
    return frozenset(found)


def could_go_on(problem: Problem, visit: Visit) -> list[str]:
    """Who could take a place on ``visit`` as the problem reads, whatever the rest of the rota:
    on the suite's panel, free at its weekday and band (by week: on some day of its week),
    not away or kept off by visits booked outside the problem."""
    suite = problem.suite_by_id[visit.suite]
    on_panel = [v for v in problem.volunteers if visit.suite in v.suites]
    return free_at(problem, suite, on_panel, visit.date, visit.band)


def free_at(
    problem: Problem, suite: SuiteSpec, panel: list[VolunteerSpec], day: date, band: str
) -> list[str]:
    """Those of ``panel`` free to visit ``suite`` on ``day`` in ``band`` (by week: on some day
    of the week of ``day``), not away or kept off."""
    if problem.by_week:
        monday = day - timedelta(days=day.weekday())
        return [v.id for v in panel if weekly.can_go_in_week(problem, v, suite, monday)]
    wanted = (day.weekday(), band)
    return [v.id for v in panel if wanted in v.available and not problem.kept_off(v, day)]


def _may_pair(problem: Problem, pair: Pair) -> bool:
    """No two probationers together, no one with someone they avoid."""
    one, other = (problem.volunteer_by_id[person] for person in pair)
    if one.probation and other.probation:
        return False
    return other.id not in one.avoid and one.id not in other.avoid
