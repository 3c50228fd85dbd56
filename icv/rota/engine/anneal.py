"""Pairs parted further by annealing, once the greedy pass parts no more.

The greedy pass (:mod:`icv.rota.engine.apart`) keeps a move only if the pair repeats fall, so
it stops at the first rota where no single move parts a pair within the fairness bounds. Over
a year that rota is still far from the best: a move that parts nothing, or even brings a
pair together once more, often opens the way to two that part pairs (bench/README.md, "Pair
repeats over a year, annealed"). So this pass walks on from there:

- a move is drawn at random: on a random visit, mostly one where a pair meets again, one of
  its people gives their place to a candidate of the slot (mostly one who has never met the
  others on it), or swaps visits with them;
- it is kept if the rota stays fair (the same bounds as the greedy pass: no load outside
  the period's load range, no one more than :data:`~icv.rota.engine.apart.ALIKE` visits
  above someone alike who could stand in for them) and the rules hold, and if its cost is
  not above 0, or else with probability exp(-cost / T): the cost is the pairs it brings
  together again (less those it parts) plus :data:`LOAD_WEIGHT` times the rise in the sum
  of squared loads, so the loads do not drift to the ends of the range on moves that part
  nothing;
- T cools from :data:`HOT` to :data:`COLD`, so the walk wanders first and settles at the end;
- the rota kept is the best seen: the fewest repeats, then the most even loads.

Moves are counted, never timed, and drawn from the solve's seeded generator, so the same
problem gives the same rota.
"""

from __future__ import annotations

import math
import random

from icv.rota.engine.apart import (
    Bounds,
    Step,
    alike_breach,
    in_range,
    pair_of,
    pairs_change,
    replace_people,
)
from icv.rota.engine.plan import Plan

#: Moves drawn per visit of the period (a year of 2,539 visits: about a million, 15 s on the
#: bench machine; twice as many part only a few pairs more).
MOVES_PER_VISIT = 400
#: The temperature of the first move and of the last: a move that brings one pair together
#: again (and leaves the loads as they are) is kept with probability 0.61 at first and
#: 0.00005 at the end.
HOT, COLD = 2.0, 0.1
#: How often a visit where no pair meets again is passed over when drawn: moves there can
#: only make room, so a few are worth trying, most are not.
PASS_OVER = 0.8
#: How often the one taking a place is drawn only from those who have never met the others
#: on the visit (the moves that part a pair at once), when there are any.
NEWCOMERS_ONLY = 0.7
#: What a rise of one in the load term (the sum of squared loads) costs, in pair repeats. A
#: walk that kept every move parting no pair let the loads drift to the ends of the range
#: (seed 0's year: the load term 87,408 -> 88,072 for 57 repeats fewer); at 0.1 it rises to
#: 87,560 for 53 fewer, at 0.2 the walk parts half as many (bench/README.md).
LOAD_WEIGHT = 0.1


def anneal(plan: Plan, rng: random.Random, bounds: Bounds, moves: int) -> int:
    """Walk ``moves`` random moves from the plan as it is and leave it at the best rota seen
    (see the module docstring); return the pair repeats parted."""
    plan.commit()
    start = now = repeats(plan)
    best = (now, plan.score[3])
    visits = sorted(plan.visits)  # a move takes a visit out and puts it back: ids stay
    for done in range(moves):
        steps = draw(plan, rng, rng.choice(visits))
        if steps is None:
            continue
        added = pairs_change(plan, steps)[0]
        cost = added + LOAD_WEIGHT * _load_change(plan, steps)
        if cost > 0 and rng.random() >= math.exp(-cost / _temperature(done, moves)):
            continue
        if _make(plan, steps, bounds):
            now += added
            if (now, plan.score[3]) < best:
                best = (now, plan.score[3])
                plan.commit()  # the best so far: what the walk goes back to at the end
    plan.rollback(0)
    return start - best[0]


def _load_change(plan: Plan, steps: list[Step]) -> int:
    """How the load term of the score (the sum of squared loads) would change."""
    net: dict[int, int] = {}
    for _, leaves, joins in steps:
        net[leaves] = net.get(leaves, 0) - 1
        net[joins] = net.get(joins, 0) + 1
    return sum(step * (2 * plan.load[n] + step) for n, step in net.items())


def repeats(plan: Plan) -> int:
    """Visits beyond a pair's first together, summed over the pairs."""
    return sum(count - 1 for count in plan.together.values() if count > 1)


def _temperature(done: int, moves: int) -> float:
    return HOT * (COLD / HOT) ** (done / moves)


def draw(plan: Plan, rng: random.Random, vid: int) -> list[Step] | None:
    """A give or a swap at visit ``vid``, or None where the draw finds no move."""
    ix = plan.ix
    s, t, b, group = plan.visits[vid]
    met = [n for n in group if any(plan.together[pair_of(n, m)] > 1 for m in group if m != n)]
    if not met and rng.random() < PASS_OVER:
        return None
    leaves = rng.choice(met or group)
    others = [c for c in ix.candidates[s, t, b] if c not in group]
    if rng.random() < NEWCOMERS_ONLY:
        stay = [n for n in group if n != leaves]
        new = [c for c in others if not any(plan.together.get(pair_of(c, n)) for n in stay)]
        others = new or others
    if not others:
        return None
    joins = rng.choice(others)
    if rng.random() < 0.5:
        return [(vid, leaves, joins)]
    their_visits = sorted(plan.days_of[joins].items())
    if not their_visits:
        return None
    day, other = rng.choice(their_visits)
    s2, _, b2, group2 = plan.visits[other]
    if other == vid or leaves in group2 or leaves not in ix.candidates[s2, day, b2]:
        return None
    return [(vid, leaves, joins), (other, joins, leaves)]


def _make(plan: Plan, steps: list[Step], bounds: Bounds) -> bool:
    """Make the replacements if the rota stays fair and within the rules, else change
    nothing (the walk's log since the best rota is kept)."""
    if not in_range(plan, steps, bounds):
        return False
    mark = len(plan.log)
    touched = {n for _, leaves, joins in steps for n in (leaves, joins)}
    if replace_people(plan, steps) and alike_breach(plan, touched, bounds.alike) is None:
        return True
    plan.rollback(mark)
    return False
