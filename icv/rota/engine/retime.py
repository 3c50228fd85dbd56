"""Even the load where swapping people cannot: move visits to other times in their week.

The chains of :mod:`icv.rota.engine.balance` keep every visit at its time, so a volunteer free only
at times when their suite has no visit stays at a low load however busy the others are, and
someone whose visits no one else is free for stays at a high one. Here, for the volunteers at
either end of the load range:

- *give*: a visit of the suite-week moves to a time when the light volunteer can go, and
  they go, with the free partner who adds least load;
- *relieve*: a visit of the busy volunteer's moves to another time of its week (or stays)
  with other free people; failing that, the visit is taken out and an augmenting path
  (:mod:`icv.rota.engine.augment`) fills its week again without them, moving other visits if
  need be.

So that the suite's spread of weekdays and bands stays as it is, a visit of the same suite in
another week may take the weekday and band the first one leaves (a swap). Everyone whose load
the move changed is then evened by one chain, and the whole is kept only if the score
improves: coverage, repeats and spread no worse, the load more even. The range is narrowed
from its less crowded end, since only moving everyone off an end narrows it.
"""

from __future__ import annotations

import random
from itertools import combinations

from icv.rota.engine.augment import Augmenter
from icv.rota.engine.balance import apply, chain_from, chain_to
from icv.rota.engine.plan import Plan

#: Visits to move, each with its new slot; the volunteer who must go on the first; the one
#: who must not.
Move = tuple[list[tuple[int, tuple[int, int, int]]], int | None, int | None]


class Evener:
    def __init__(self, plan: Plan, rng: random.Random, tries: int) -> None:
        self.plan, self.rng = plan, rng
        #: moves still to try: counted, never timed, so the result is reproducible
        self.left = tries

    def run(self) -> None:
        """Narrow the load range from its less crowded end; when someone there cannot be
        moved off it, from the other end; until neither end moves or the tries run out."""
        plan, people = self.plan, able(self.plan)
        while people and self.left > 0:
            low = min(plan.load[n] for n in people)
            high = max(plan.load[n] for n in people)
            if high - low <= 1:
                return
            at = {level: [n for n in people if plan.load[n] == level] for level in (low, high)}
            ends = sorted([(len(at[high]), high, self._relieve), (len(at[low]), low, self._give)])
            if not any(self._clear(at[level], move) for _, level, move in ends):
                return

    def _clear(self, people: list[int], move_off) -> bool:
        """Move each of ``people`` off the load they share; False at the first who cannot."""
        for n in people:
            level = self.plan.load[n]
            while self.plan.load[n] == level:
                if not move_off(n):
                    return False
        return True

    def _give(self, n: int) -> bool:
        return self._first_kept(gives(self.plan, n)) or self._give_by_path(n)

    def _give_by_path(self, n: int) -> bool:
        """Move a visit to a slot of ``n``'s, ``n`` going, taking the partner needed from
        another visit along an augmenting path that adds no repeat."""
        plan = self.plan
        moves = [move for move in gives(plan, n) if len(move[0]) == 1]
        self.rng.shuffle(moves)
        for [(vid, slot)], _, _ in moves:
            if self.left <= 0:
                return False
            self.left -= 1
            before, mark, load = list(plan.score), len(plan.log), list(plan.load)
            plan.remove(vid)
            Augmenter(plan, self.rng, fresh=True).add_with((n,), slot)
            if _kept(plan, before, mark, load):
                return True
        return False

    def _relieve(self, n: int) -> bool:
        return self._first_kept(relieves(self.plan, n)) or self._relieve_by_path(n)

    def _first_kept(self, moves: list[Move]) -> bool:
        """Try ``moves`` in a seeded order until one is kept."""
        self.rng.shuffle(moves)
        for move in moves:
            if self.left <= 0:
                return False
            self.left -= 1
            if _attempt(self.plan, *move):
                return True
        return False

    def _relieve_by_path(self, n: int) -> bool:
        """Take one of ``n``'s visits out and fill a gap again without ``n`` by an augmenting
        path that adds no repeat."""
        plan = self.plan
        visits = sorted(plan.days_of[n].values())
        self.rng.shuffle(visits)
        for vid in visits:
            if self.left <= 0:
                return False
            self.left -= 1
            before, mark, load = list(plan.score), len(plan.log), list(plan.load)
            plan.remove(vid)
            Augmenter(plan, self.rng, fresh=True, banned=frozenset([n])).run(limit=1)
            if _kept(plan, before, mark, load):
                return True
        return False


def able(plan: Plan) -> list[int]:
    """The volunteers who could go on some visit: a monthly limit above 0 and a slot where
    they make a valid group with other candidates."""
    ix, found = plan.ix, []
    for n, slots in enumerate(ix.slots_of):
        if ix.limit[n] and any(_goes_with_others(plan, n, ix.candidates[slot]) for slot in slots):
            found.append(n)
    return found


def _goes_with_others(plan: Plan, n: int, people: tuple[int, ...]) -> bool:
    others = [m for m in people if m != n]
    return any(plan.ix.valid_group((n, *more)) for more in combinations(others, plan.ix.k - 1))


def gives(plan: Plan, n: int) -> list[Move]:
    """Each visit of a suite-week moved to a free slot of ``n``'s in that week, ``n`` going."""
    ix, moves = plan.ix, []
    for s, t, b in ix.slots_of[n]:
        if (s, t, b) in plan.used or not plan.free(n, t):
            continue
        if (s, t) in plan.suite_day:
            visits = [plan.suite_day[s, t]]
        else:
            week = range(7 * (t // 7), 7 * (t // 7) + 7)
            visits = [plan.suite_day[s, d] for d in week if (s, d) in plan.suite_day]
        for vid in visits:
            moves += _with_swaps(plan, vid, (s, t, b), n, None)
    return moves


def relieves(plan: Plan, n: int) -> list[Move]:
    """Each of ``n``'s visits moved to any slot of its week (its own too), without ``n``."""
    ix, moves = plan.ix, []
    for t, vid in sorted(plan.days_of[n].items()):
        s = plan.visits[vid][0]
        for day, b in ix.slots[s][t // 7]:
            if day == t or (s, day) not in plan.suite_day:
                moves += _with_swaps(plan, vid, (s, day, b), None, n)
    return moves


def _with_swaps(plan: Plan, vid: int, slot, include, exclude) -> list[Move]:
    """Visit ``vid`` moved to ``slot``: alone, and with each visit of the suite in another
    week at the new weekday and band moving to the weekday and band ``vid`` leaves."""
    ix = plan.ix
    s, t, b, _ = plan.visits[vid]
    moves: list[Move] = [([(vid, slot)], include, exclude)]
    day, band = slot[1] % 7, slot[2]
    if (day, band) == (t % 7, b):
        return moves
    for w in range(len(ix.week_labels)):
        other = plan.suite_day.get((s, 7 * w + day))
        back = (s, 7 * w + t % 7, b)
        swappable = w != t // 7 and other is not None and plan.visits[other][2] == band
        if swappable and len(ix.candidates.get(back, ())) >= ix.k:
            moves.append(([(vid, slot), (other, back)], include, exclude))
    return moves


def _attempt(plan: Plan, move, include: int | None, exclude: int | None) -> bool:
    """Make the move (see :data:`Move`); kept only if the score improves, else undone."""
    before, mark, load = list(plan.score), len(plan.log), list(plan.load)
    for vid, _ in move:
        plan.remove(vid)
    for i, (vid, (s, t, b)) in enumerate(move):
        group = None
        if (s, t) not in plan.suite_day:
            group = fresh_group(plan, (s, t, b), *((include, exclude) if i == 0 else (None, None)))
        if group is None:
            plan.rollback(mark)
            return False
        plan.add(s, t, b, group, vid=vid)
    return _kept(plan, before, mark, load)


def _kept(plan: Plan, before: list[int], mark: int, load: list[int]) -> bool:
    """Whether the change since ``mark`` is kept: only if coverage, repeats and spread are no
    worse and, after one chain towards each volunteer who lost a visit and away from each
    who gained one, the score is better. Otherwise it is undone."""
    if plan.score[:3] <= before[:3]:
        changed = [(n, plan.load[n] - was) for n, was in enumerate(load) if plan.load[n] != was]
        for n, change in changed:
            steps = chain_to(plan, n) if change < 0 else chain_from(plan, n)
            if steps:
                apply(plan, steps)
        if plan.score < before:
            plan.commit()
            return True
    plan.rollback(mark)
    return False


def fresh_group(plan: Plan, slot: tuple[int, int, int], include, exclude) -> tuple[int, ...] | None:
    """The valid group of free candidates adding least load, then fewest repeated pairs,
    with ``include`` and without ``exclude``."""
    ix, (s, t, b) = plan.ix, slot
    people = ix.candidates[s, t, b]
    if include is not None and (include not in people or not plan.free(include, t)):
        return None
    fixed = () if include is None else (include,)
    free = sorted(
        (n for n in people if n not in (include, exclude) and plan.free(n, t)),
        key=lambda n: (plan.load[n], ix.person_noise[n]),
    )
    best, need = None, ix.k - len(fixed)
    for extra in combinations(free[: need + 4], need):  # the least busy few suffice
        group = tuple(sorted((*fixed, *extra)))
        if ix.valid_group(group, s, t) and (best is None or plan.group_cost(group) < best[0]):
            best = (plan.group_cost(group), group)
    return None if best is None else best[1]
