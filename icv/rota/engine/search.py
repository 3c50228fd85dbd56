"""The solver's basic moves: add a visit the best way, build a rota demand-first, and improve it
one visit at a time."""

from __future__ import annotations

import random
from itertools import combinations, islice

from icv.rota.engine.plan import Plan

#: (repeats, spread, load, pairs, evenness) a visit adds: the score's order, less coverage
Cost = tuple[int, int, int, int, int]
#: a visit's cost, then its day, band and volunteers
Option = tuple[Cost, int, int, tuple[int, ...]]


def best_group(plan: Plan, s: int, t: int, b: int) -> tuple[int, ...] | None:
    """The free candidates of a slot who add least load, then fewest repeated pairs (when
    filling gaps: who have most visits to spare that month)."""
    ix = plan.ix
    if plan.for_coverage:
        month = ix.month[t]
        order = sorted(
            ix.candidates[s, t, b],
            key=lambda n: (plan.in_month[n][month] - ix.limit[n], ix.person_noise[n]),
        )
    else:
        order = sorted(ix.candidates[s, t, b], key=lambda n: (plan.load[n], ix.person_noise[n]))
    free = (n for n in order if plan.free(n, t))
    # The first few almost always hold the best group; look further only if they cannot make
    # a valid one (probation, avoid).
    pool = list(islice(free, ix.k + 3))
    while len(pool) >= ix.k:
        group = _cheapest(plan, pool, s, t)
        if group is not None:
            return group
        more = list(free)
        if not more:
            return None
        pool += more
    return None


def _cheapest(plan: Plan, pool: list[int], s: int, t: int) -> tuple[int, ...] | None:
    best = None
    for group in combinations(pool, plan.ix.k):
        if plan.ix.valid_group(group, s, t):
            cost = plan.group_cost(group)
            if best is None or cost < best[0]:
                best = (cost, group)
    return None if best is None else tuple(sorted(best[1]))


def best_insertion(plan: Plan, s: int, w: int) -> Option | None:
    """The cheapest visit that can be added for suite ``s`` in week ``w``, if any."""
    ix = plan.ix
    slots = sorted(
        (plan.slot_cost(s, t, b), ix.noise[s, t, b], t, b)
        for t, b in ix.slots[s][w]
        if (s, t) not in plan.suite_day
    )
    best: Option | None = None
    for slot_cost, _, t, b in slots:
        if best is not None and slot_cost[:2] > best[0][:2]:
            break
        group = best_group(plan, s, t, b)
        if group is not None:
            cost = _cost(slot_cost, plan.group_cost(group))
            if best is None or cost < best[0]:
                best = (cost, t, b, group)
    return best


def _cost(slot_cost: tuple[int, int, int], group_cost: tuple[int, int]) -> Cost:
    """The parts of the score a visit adds, in the score's order."""
    return (slot_cost[0], slot_cost[1], group_cost[0], group_cost[1], slot_cost[2])


def scarcity_order(plan: Plan) -> list[tuple[int, int]]:
    """Suite-weeks needing visits, those with fewest ways to fill them first."""
    ix = plan.ix
    keyed = []
    for s, weeks in enumerate(ix.required):
        for w, need in enumerate(weeks):
            if need:
                ways = sum(len(ix.candidates[s, t, b]) for t, b in ix.slots[s][w])
                keyed.append((ways / need, ix.week_noise[s][w], s, w))
    keyed.sort()
    return [(s, w) for _, _, s, w in keyed]


def fill(plan: Plan, order: list[tuple[int, int]]) -> None:
    """Add every visit that can be added directly, in ``order``."""
    for s, w in order:
        while plan.missing(s, w) > 0:
            option = best_insertion(plan, s, w)
            if option is None:
                break
            plan.add(s, *option[1:])


def improve(plan: Plan, rng: random.Random, passes: int) -> None:
    """Take each visit out and put it back the best way within its week, while that helps."""
    for _ in range(passes):
        changed = False
        order = sorted(plan.visits)
        rng.shuffle(order)
        for vid in order:
            s, t, b, group = plan.remove(vid)
            current = _cost(plan.slot_cost(s, t, b), plan.group_cost(group))
            option = best_insertion(plan, s, t // 7)
            if option is not None and option[0] < current:
                plan.add(s, *option[1:])
                changed = True
            else:
                plan.add(s, t, b, group)
            plan.commit()
        if not changed:
            return
