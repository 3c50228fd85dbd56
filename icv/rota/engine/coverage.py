"""Large neighbourhood search on coverage: move visits and people around until a gap finds room.

Used after the first builds and the augmenting paths, while a gap is left that the bound does
not prove impossible.
"""

from __future__ import annotations

import random
from itertools import combinations

from icv.rota.engine.plan import Plan
from icv.rota.engine.search import best_insertion

#: How many nearby visits the large neighbourhood search takes out at a time.
DESTROY = 10


def rebuild(
    plan: Plan, rng: random.Random, iterations: int, stop_at: int = 0, patience: int = 600
) -> None:
    """Large neighbourhood search on coverage. Each round picks a gap and either forces a visit
    into it (:func:`_kick`) or takes out the nearby visits of the people who could fill it
    (:func:`_loosen`), then rebuilds what was taken out, the neediest first. A round is kept
    when no more visits are unfilled than before, so a gap can wander until it finds room;
    otherwise it is undone exactly. Stops once only ``stop_at`` visits are unfilled, or after
    ``patience`` rounds without a visit gained."""
    best, since = plan.score[0], 0
    for _ in range(iterations):
        if plan.score[0] <= stop_at or since >= patience:
            return
        since += 1
        if plan.score[0] < best:
            best, since = plan.score[0], 0
        gaps = _open_gaps(plan)
        if not gaps:
            return
        s, w = rng.choice(gaps)
        unfilled, mark = plan.score[0], len(plan.log)
        removed = _kick(plan, s, w, rng) if rng.random() < 0.5 else _loosen(plan, s, w, rng)
        fill_neediest(plan, [(s, w)] + [(entry[0], entry[1] // 7) for entry in removed], rng)
        if plan.score[0] > unfilled:
            plan.rollback(mark)
        plan.commit()


def _open_gaps(plan: Plan) -> list[tuple[int, int]]:
    """Suite-weeks short of visits with a slot on a day the suite has no visit yet."""
    ix = plan.ix
    return [
        (s, w)
        for s, weeks in enumerate(ix.required)
        for w in range(len(weeks))
        if plan.missing(s, w) > 0 and any((s, t) not in plan.suite_day for t, _ in ix.slots[s][w])
    ]


def _kick(plan: Plan, s: int, w: int, rng: random.Random) -> list:
    """Add a visit to (s, w) at a random open slot with a random valid group, taking out the
    visits in the group's way (too close, or one that month when at the limit)."""
    ix = plan.ix
    t, b = rng.choice([(t, b) for t, b in ix.slots[s][w] if (s, t) not in plan.suite_day])
    people = list(ix.candidates[s, t, b])
    rng.shuffle(people)
    group = next((g for g in combinations(people, ix.k) if ix.valid_group(g, s, t)), None)
    if group is None:
        return []
    ejected: set[int] = set()
    for n in group:
        near, full = plan.blockers(n, t)
        ejected.update(near)
        if full and not any(ix.month[plan.visits[vid][1]] == ix.month[t] for vid in near):
            month = sorted(plan.month_visits(n, t))
            if not month:
                return []  # a monthly limit of 0
            ejected.add(rng.choice(month))
    removed = [plan.remove(vid) for vid in sorted(ejected)]
    plan.add(s, t, b, tuple(sorted(group)))
    return removed


def _loosen(plan: Plan, s: int, w: int, rng: random.Random) -> list:
    """Take out some visits, near (s, w) in time, of the people who could fill it."""
    ix = plan.ix
    people = {n for t, b in ix.slots[s][w] for n in ix.candidates[s, t, b]}
    months = {ix.month[t] for t in range(7 * w, 7 * w + 7)}
    near = [
        vid
        for vid, (_, t, _, group) in sorted(plan.visits.items())
        if (abs(t // 7 - w) <= 1 or ix.month[t] in months) and people.intersection(group)
    ]
    rng.shuffle(near)
    return [plan.remove(vid) for vid in sorted(near[:DESTROY])]


def fill_neediest(plan: Plan, pending: list[tuple[int, int]], rng: random.Random) -> None:
    """Fill the pending suite-weeks, each time the one with the fewest open slots. A visit only
    closes slots in its own week and the next few days, so only the counts of those weeks are
    taken again after each one."""
    ways = {key: _ways(plan, *key) for key in sorted(set(pending))}
    noise = {key: rng.random() for key in ways}
    while ways:
        s, w = min(ways, key=lambda key: (ways[key], noise[key]))
        option = best_insertion(plan, s, w) if ways[s, w] else None
        if option is None:
            del ways[s, w]
            continue
        plan.add(s, *option[1:])
        for key in ways:
            if abs(key[1] - w) <= 1:
                ways[key] = _ways(plan, *key)


def _ways(plan: Plan, s: int, w: int) -> int:
    """Slots of (s, w), if it is short, on a day without a visit and with k free candidates."""
    if plan.missing(s, w) <= 0:
        return 0
    ix, ways = plan.ix, 0
    for t, b in ix.slots[s][w]:
        if (s, t) in plan.suite_day:
            continue
        free = 0
        for n in ix.candidates[s, t, b]:
            if plan.free(n, t):
                free += 1
                if free == ix.k:
                    ways += 1
                    break
    return ways
