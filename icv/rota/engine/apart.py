"""Pairs that meet again parted over a whole period, once it is solved (in parts if long).

The parts saw only the pairs before them, and each part's load term ranks above its pairs,
so a part keeps a pair together rather than give one more visit to someone a visit ahead
(on a quarter of a large scheme this pass parts about 40% of the pairs that meet again:
bench/README.md). This last pass works on one plan of the whole period, moving people and
never slots (so coverage, pattern repeats and each quarter's weekday and band spread stay as
they are).

On each visit of a pair that has met before, one of them (``x``) makes way for someone
(``c``) who has never met the other, by the first of these moves that parts a pair:

- *swap*: ``c`` and ``x`` trade visits, the loads as they are;
- *give*: ``c`` takes ``x``'s place; ``x`` has a visit fewer, ``c`` one more;
- *give on*: ``c`` takes ``x``'s place and hands one of their own visits to ``d``, so ``c``'s
  load stays and ``d`` has the visit more;
- *take for*: ``c`` takes ``x``'s place and ``x`` takes ``e``'s place elsewhere, so ``x``'s
  load stays and ``e`` has the visit fewer.

Over a year the loads are already as far apart as fairness allows wherever pairs repeat
(bench/README.md, "Pair repeats over a year"): the one who would take the place is too busy
next to someone who could stand in for them, or the one who would give it too light. The last
two moves pass the visit on to someone else, and a move that leaves two people too far apart
may take one more replacement that closes the gap (:func:`_repair`). After each pass, places
go from the busy to those at least two visits lighter wherever no pair then meets again more
(:func:`_level`), which makes room for the next pass.

A move is kept only if the pair repeats (visits beyond a pair's first together) fall, so
only a pair that has never met takes a place (moving a visit between two pairs that both met
spends fairness for nothing), and the year stays fair: the load range over those who could go
no wider than it was, and no one more than :data:`ALIKE` visits above anyone with their
monthly limit who could stand in for them on one of their visits (issue 15's load spread of
3 among those available alike, ``quality.alike_spread``), checked for every person whose load
or visits a move changes, swaps included. Its fairness checks serve the walk that follows
it too (:mod:`icv.rota.engine.anneal`), which keeps the same bounds.
"""

from __future__ import annotations

import random
from itertools import combinations

from icv.rota.engine.plan import Plan

#: The most visits apart a move may leave two people with the same monthly limit where one
#: could stand in for the other on a visit (issue 15: a load spread of 3 at most).
ALIKE = 3

#: (visit, who leaves, who joins)
Step = tuple[int, int, int]


class Bounds:
    """The load range over those who could go anywhere, as the load spread is counted, which a
    move may not take anyone outside; and the most visits apart it may leave two people who
    could stand in for each other, ``alike``, raised pass by pass up to :data:`ALIKE`."""

    def __init__(self, plan: Plan) -> None:
        goers = [plan.load[n] for n, slots in enumerate(plan.ix.slots_of) if slots] or [0]
        self.low, self.high = min(goers), max(goers)
        self.alike = ALIKE


def pairs_apart(plan: Plan, rng: random.Random, passes: int) -> None:
    """One pass over the visits, in a seeded order, at each fairness bound below
    :data:`ALIKE`, then at most ``passes`` at :data:`ALIKE`, stopping at the first that parts
    no pair (see the module docstring)."""
    bounds = Bounds(plan)
    for alike in range(1, ALIKE):
        bounds.alike = alike
        _one_pass(plan, rng, bounds)
    bounds.alike = ALIKE
    for _ in range(passes):
        if not _one_pass(plan, rng, bounds):
            return


def _one_pass(plan: Plan, rng: random.Random, bounds: Bounds) -> int:
    """Each visit in a seeded order, then the levelling; the pairs parted."""
    order = sorted(plan.visits)  # a move takes a visit out and puts it back: ids stay
    rng.shuffle(order)
    parted = sum(_part_a_pair(plan, vid, bounds) for vid in order)
    for vid in order:
        _level(plan, vid, bounds)
    return parted


def _part_a_pair(plan: Plan, vid: int, bounds: Bounds) -> bool:
    group = plan.visits[vid][3]
    repeated = sorted(
        {n for pair in combinations(group, 2) if plan.together[pair] > 1 for n in pair}
    )
    # the swap first: it moves no load, so it spends none of the room fairness leaves
    return any(
        move(plan, vid, x, bounds) for move in (_swap, _give, _give_on, _take_for) for x in repeated
    )


def _newcomers(plan: Plan, vid: int, x: int) -> list[int]:
    """Those who could take ``x``'s place on ``vid`` and have never met the others on it, the
    least busy first."""
    ix = plan.ix
    s, t, b, group = plan.visits[vid]
    stay = [n for n in group if n != x]
    found = [
        c
        for c in ix.candidates[s, t, b]
        if c not in group and not any(plan.together.get(pair_of(c, n), 0) for n in stay)
    ]
    return sorted(found, key=lambda c: (plan.load[c], ix.person_noise[c]))


def _give(plan: Plan, vid: int, x: int, bounds: Bounds) -> bool:
    t = plan.visits[vid][1]
    return plan.load[x] > bounds.low and any(
        plan.load[c] < bounds.high and plan.free(c, t) and _try(plan, [(vid, x, c)], bounds)
        for c in _newcomers(plan, vid, x)
    )


def _swap(plan: Plan, vid: int, x: int, bounds: Bounds) -> bool:
    ix = plan.ix
    t = plan.visits[vid][1]
    for c in _newcomers(plan, vid, x):
        for t2, other in sorted(plan.days_of[c].items()):
            s2, _, b2, group2 = plan.visits[other]
            if other == vid or x in group2 or x not in ix.candidates[s2, t2, b2]:
                continue
            if not (_free_after(plan, x, t2, t) and _free_after(plan, c, t, t2)):
                continue
            if _try(plan, [(vid, x, c), (other, c, x)], bounds):
                return True
    return False


def _give_on(plan: Plan, vid: int, x: int, bounds: Bounds) -> bool:
    t = plan.visits[vid][1]
    if plan.load[x] <= bounds.low:
        return False
    for c in _newcomers(plan, vid, x):
        for t2, other in sorted(plan.days_of[c].items()):
            if other == vid or not _free_after(plan, c, t, t2):
                continue
            for d in _newcomers(plan, other, c):
                if d == x or plan.load[d] >= bounds.high or not plan.free(d, t2):
                    continue
                if _try(plan, [(vid, x, c), (other, c, d)], bounds):
                    return True
    return False


def _take_for(plan: Plan, vid: int, x: int, bounds: Bounds) -> bool:
    t = plan.visits[vid][1]
    newcomers = [
        c for c in _newcomers(plan, vid, x) if plan.load[c] < bounds.high and plan.free(c, t)
    ]
    if not newcomers:
        return False
    for s, t3, b in plan.ix.slots_of[x]:
        other = plan.suite_day.get((s, t3))
        if other is None or other == vid or plan.visits[other][2] != b:
            continue
        group = plan.visits[other][3]
        if x in group or not _free_after(plan, x, t3, t):
            continue
        for e in group:
            if plan.load[e] <= bounds.low:
                continue
            if any(plan.together.get(pair_of(x, n), 0) for n in group if n != e):
                continue
            if any(_try(plan, [(vid, x, c), (other, e, x)], bounds) for c in newcomers):
                return True
    return False


def _free_after(plan: Plan, n: int, t: int, left: int) -> bool:
    """Whether ``n`` would be free to go on day ``t`` once they leave their visit of day
    ``left`` (the spacing rule and the monthly limit, as :meth:`Plan.free`)."""
    ix = plan.ix
    near = plan.near[n][t] - (t in ix.near_days(left))
    month = plan.in_month[n][ix.month[t]] - (ix.month[t] == ix.month[left])
    return not near and month < ix.limit[n]


def _level(plan: Plan, vid: int, bounds: Bounds) -> None:
    """Give a place to someone at least two visits lighter where no pair meets again more."""
    group = plan.visits[vid][3]
    t = plan.visits[vid][1]
    for x in sorted(group, key=lambda n: -plan.load[n]):
        for c in _newcomers(plan, vid, x):
            if plan.load[c] > plan.load[x] - 2:
                break
            if plan.free(c, t) and _try(plan, [(vid, x, c)], bounds, level=True):
                return


def _try(plan: Plan, steps: list[Step], bounds: Bounds, level: bool = False) -> bool:
    """Make the replacements if they part a pair and keep the year fair; else change nothing.
    The pairs and the load range are judged before anything is moved (most tries fail
    there), the rules and the fairness bound on the rota as it would be."""
    repeats, term = pairs_change(plan, steps)
    if (repeats > 0 or term > 0) if level else repeats >= 0:
        return False
    if not in_range(plan, steps, bounds):
        return False
    mark = len(plan.log)
    touched = {n for _, a, b in steps for n in (a, b)}
    if replace_people(plan, steps):
        breach = alike_breach(plan, touched, bounds.alike)
        if breach is None or (not level and _repair(plan, breach, touched, bounds)):
            plan.commit()
            return True
    plan.rollback(mark)
    return False


#: Repairs tried for one move that would leave two people who could stand in for each other
#: too far apart.
REPAIRS = 30


def _repair(plan: Plan, breach: tuple[int, int], touched: set[int], bounds: Bounds) -> bool:
    """After a move that leaves ``busy`` too many visits above ``light`` (``bounds.alike``), one
    more replacement that closes the gap without a pair meeting again more: ``busy`` hands a
    visit to someone lighter, or ``light`` takes one from someone busier."""
    busy, light = breach
    tries = 0
    for step in _repairs(plan, busy, light, touched, bounds):
        if tries >= REPAIRS:
            return False
        tries += 1
        if pairs_change(plan, [step])[0] > 0:
            continue
        mark = len(plan.log)
        if (
            replace_people(plan, [step])
            and alike_breach(plan, touched | {step[1], step[2]}, bounds.alike) is None
        ):
            return True
        plan.rollback(mark)
    return False


def _repairs(plan: Plan, busy: int, light: int, touched: set[int], bounds: Bounds):
    ix, load = plan.ix, plan.load
    if load[busy] > bounds.low and busy not in touched:
        for t, vid in sorted(plan.days_of[busy].items()):
            for r in _newcomers(plan, vid, busy):
                if r not in touched and load[r] <= load[busy] - 2 and plan.free(r, t):
                    yield vid, busy, r
    if load[light] < bounds.high and light not in touched:
        for s, t, b in ix.slots_of[light]:
            vid = plan.suite_day.get((s, t))
            if vid is None or plan.visits[vid][2] != b or light in plan.visits[vid][3]:
                continue
            for e in plan.visits[vid][3]:
                if e not in touched and load[e] >= load[light] + 2 and plan.free(light, t):
                    yield vid, e, light


def pairs_change(plan: Plan, steps: list[Step]) -> tuple[int, int]:
    """How the pair repeats (visits beyond a pair's first) and the pairs term of the score
    (c(c-1)/2 for a pair met c times) would change."""
    change: dict[tuple[int, int], int] = {}
    for vid, leaves, joins in steps:
        for n in plan.visits[vid][3]:
            if n != leaves:
                gone, new = pair_of(leaves, n), pair_of(joins, n)
                change[gone] = change.get(gone, 0) - 1
                change[new] = change.get(new, 0) + 1
    repeats = term = 0
    for pair, step in change.items():
        was = plan.together.get(pair, 0)
        repeats += max(0, was + step - 1) - max(0, was - 1)
        term += ((was + step) * (was + step - 1) - was * (was - 1)) // 2
    return repeats, term


def in_range(plan: Plan, steps: list[Step], bounds: Bounds) -> bool:
    net: dict[int, int] = {}
    for _, leaves, joins in steps:
        net[leaves] = net.get(leaves, 0) - 1
        net[joins] = net.get(joins, 0) + 1
    return all(bounds.low <= plan.load[n] + step <= bounds.high for n, step in net.items())


def replace_people(plan: Plan, steps: list[Step]) -> bool:
    """Take the visits out, then put each back with its new people if they are free and a
    valid group (so a move may free the day or month it needs); False at the first that is
    not, the plan then part-changed for the caller to roll back."""
    ix = plan.ix
    new = []
    for vid, leaves, joins in steps:
        s, t, b, group = plan.visits[vid]
        if leaves not in group or joins in group:
            return False
        new.append((vid, s, t, b, tuple(sorted(joins if n == leaves else n for n in group))))
    for vid, *_ in new:
        plan.remove(vid)
    for vid, s, t, b, group in new:
        if not all(plan.free(n, t) for n in group) or not ix.valid_group(group, s, t):
            return False
        plan.add(s, t, b, group, vid=vid)
    return True


def alike_breach(plan: Plan, people: set[int], gap: int) -> tuple[int, int] | None:
    """(busy, light): one of ``people`` more than ``gap`` visits above someone with their
    monthly limit who could go in their place on one of their visits, or that far below
    someone with their limit on a visit they could go on; None if there is no such pair.
    Checked for everyone whose load or visits a move changed, this keeps the bound wherever
    it held before."""
    ix, load, limit = plan.ix, plan.load, plan.ix.limit
    for n in sorted(people):
        for t, vid in plan.days_of[n].items():
            s, _, b, group = plan.visits[vid]
            for other in ix.candidates[s, t, b]:
                if other in group or limit[other] != limit[n]:
                    continue
                if load[n] - load[other] > gap:
                    return n, other
        for s, t, b in ix.slots_of[n]:
            vid = plan.suite_day.get((s, t))
            if vid is None or plan.visits[vid][2] != b or n in plan.visits[vid][3]:
                continue
            for other in plan.visits[vid][3]:
                if limit[other] == limit[n] and load[other] - load[n] > gap:
                    return other, n
    return None


def pair_of(one: int, other: int) -> tuple[int, int]:
    return (one, other) if one < other else (other, one)
