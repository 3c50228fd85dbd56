"""A long period solved a quarter at a time, each part knowing what the parts before planned.

Why: the score's spread term keeps each suite's weekdays and bands within one visit of their
fair share over the whole period. Over a quarter that leaves room (26 visits: 2 to 5 on each
weekday); over a year it is a straitjacket (104 visits: 13 to 16), and because it ranks above
the load, the volunteers who can go only at a few weekdays and bands are held to the few
visits those cells get while others take the rest: on the 52-week benchmark, 6 visits against
28 (bench/README.md, "Rota solver"). Solving part by part keeps each quarter as unpredictable
as a quarter's rota, and each part starts from everyone's load and pairs so far, so the light
are chosen first and pairs that have met are kept apart across the year.

A part starts on a Monday (the first part on the period's start), so every ISO week lies in
one part. Each later part sees the visits planned before it:

- as visits booked outside the problem, those of the last five weeks (the spacing rule and the
  monthly limit, whatever the month's length);
- as each volunteer's load and each pair's visits together so far (:class:`Earlier`);
- as the slots of the week before it (a pattern repeat across the boundary).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import combinations

from icv.rota.engine.problem import Problem, Visit

#: Weeks in a part: a quarter, the horizon over which the solver balances well on its own.
PART_WEEKS = 13
#: Earlier visits this recent count as booked in the next part: longer than any month.
BOOKED_DAYS = 35


@dataclass(frozen=True)
class Earlier:
    """What the earlier parts planned, by volunteer id: visits so far, visits of each pair
    (ids sorted) together, and the (suite id, date, band) of every visit."""

    load: dict[str, int] = field(default_factory=dict)
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    slots: frozenset[tuple[str, date, str]] = frozenset()

    @classmethod
    def of(cls, visits: list[Visit]) -> Earlier:
        load: dict[str, int] = defaultdict(int)
        pairs: dict[tuple[str, str], int] = defaultdict(int)
        for visit in visits:
            people = sorted(set(visit.volunteers))
            for person in people:
                load[person] += 1
            for pair in combinations(people, 2):
                pairs[pair] += 1
        slots = frozenset((v.suite, v.date, v.band) for v in visits)
        return cls(dict(load), dict(pairs), slots)


def parts(problem: Problem) -> list[Problem]:
    """The problem cut into parts of at most :data:`PART_WEEKS` whole weeks, as equal as they
    can be (so no part is a short remnant); a short period is one part, itself, and so is any
    period allocated by week, which has no weekdays and bands to spread (it balances the load
    over a year at once: bench/README.md)."""
    weeks = problem.weeks()
    count = -(-len(weeks) // PART_WEEKS)
    if count <= 1 or problem.by_week:
        return [problem]
    base, extra = divmod(len(weeks), count)
    cut, start, found = 0, problem.start, []
    for k in range(count):
        cut += base + (k < extra)
        last = count - 1 == k
        end = problem.end if last else weeks[cut - 1][1] + timedelta(days=6)
        found.append(replace(problem, start=start, end=end))
        start = end + timedelta(days=1)
    return found


def with_booked(part: Problem, earlier: list[Visit]) -> Problem:
    """``part`` with each volunteer's recent earlier visits booked outside it."""
    since = part.start - timedelta(days=BOOKED_DAYS)
    days: dict[str, set[date]] = defaultdict(set)
    for visit in earlier:
        if since <= visit.date < part.start:
            for person in visit.volunteers:
                days[person].add(visit.date)
    if not days:
        return part
    volunteers = tuple(
        replace(v, booked=tuple(sorted({*v.booked, *days[v.id]}))) if v.id in days else v
        for v in part.volunteers
    )
    return replace(part, volunteers=volunteers)
