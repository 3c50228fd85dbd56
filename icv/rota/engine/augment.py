"""Augmenting paths: one more visit by a chain of exchanges, as in matching.

A gap's slot needs one more person, who is held by another visit W. Take W out and give the
person to the gap; W's other people are now free and need a visit of their own: at W's slot
with someone else, or at any slot of any suite-week that is short, where again the one missing
person may be held elsewhere... The chain ends when the last person needed is free: every
suite-week involved lost and gained the same number of visits except the gap, which gained one.

Like an augmenting path in a matching, the search marks each volunteer it has tried, so one
search is linear in the size of the rota; it is repeated while it finds a path.
"""

from __future__ import annotations

import random
from itertools import combinations

from icv.rota.engine.plan import Plan

#: How many visits one path may pass through.
DEPTH = 25


class Augmenter:
    def __init__(
        self, plan: Plan, rng: random.Random, fresh: bool = False, banned: frozenset = frozenset()
    ) -> None:
        self.plan, self.rng = plan, rng
        #: only add visits that repeat no suite's weekday and band of the week before or after
        self.fresh = fresh
        #: people never sent on a visit (and chosen least busy first when any are banned)
        self.banned = banned
        self.tried: set[int] = set()

    def run(self, limit: int, weeks: list[tuple[int, int]] | None = None) -> int:
        """Find up to ``limit`` paths, each filling a gap of ``weeks`` (suite, week) or of any
        suite-week short of visits; returns how many visits were gained."""
        gained = 0
        while gained < limit and self._one(weeks):
            gained += 1
        return gained

    def _one(self, weeks: list[tuple[int, int]] | None) -> bool:
        plan, ix = self.plan, self.plan.ix
        self.tried = set()
        if weeks is None:
            weeks = [(s, w) for s, need in enumerate(ix.required) for w in range(len(need))]
        gaps = [
            (s, t, b)
            for s, w in weeks
            if plan.missing(s, w) > 0
            for t, b in ix.slots[s][w]
            if (s, t) not in plan.suite_day and self._allowed(s, t, b)
        ]
        self.rng.shuffle(gaps)
        return any(self._extend((), slot, DEPTH) for slot in gaps)

    def add_with(self, people: tuple[int, ...], slot: tuple[int, int, int]) -> bool:
        """Add a visit at ``slot`` with ``people`` (free, sorted) and others, taking them from
        other visits along an augmenting path if need be."""
        self.tried = set()
        return self._extend(people, slot, DEPTH)

    def _allowed(self, s: int, t: int, b: int) -> bool:
        return not (self.fresh and self.plan.repeats_at(s, t, b))

    def _extend(self, committed: tuple[int, ...], slot: tuple[int, int, int], depth: int) -> bool:
        """Add a visit at ``slot`` with ``committed`` (free people) and others; if the last
        person needed is held by a visit, take it out and re-home its other people."""
        plan, ix = self.plan, self.plan.ix
        s, t, b = slot
        if (s, t) in plan.suite_day or plan.missing(s, t // 7) <= 0 or not self._allowed(*slot):
            return False
        others = [n for n in ix.candidates[s, t, b] if n not in committed and n not in self.banned]
        if self.banned:
            others.sort(key=lambda n: (plan.load[n], ix.person_noise[n]))
        free = [n for n in others if plan.free(n, t)]
        need = ix.k - len(committed)
        group = _valid_completion(ix, committed, free, need, slot)
        if group is not None:
            plan.add(s, t, b, group)
            return True
        base = _valid_completion(ix, committed, free, need - 1, slot)
        if base is None or depth == 0:
            return False
        for n in others:
            if n in self.tried or n in base or not ix.valid_group((*base, n), s, t):
                continue
            self.tried.add(n)
            for held in self._holding(n, t):
                if self._through(held, n, slot, tuple(sorted((*base, n))), depth - 1):
                    return True
        return False

    def _holding(self, n: int, t: int) -> list[int]:
        """The visits whose removal alone would free ``n`` for day ``t``."""
        plan, ix = self.plan, self.plan.ix
        near, full = plan.blockers(n, t)
        if len(near) > 1:
            return []
        if near:
            same_month = ix.month[plan.visits[near[0]][1]] == ix.month[t]
            return near if same_month or not full else []
        return sorted(plan.month_visits(n, t)) if full else []

    def _through(self, held: int, n: int, slot, group: tuple[int, ...], depth: int) -> bool:
        """Take visit ``held`` out to free ``n``, add ``group`` at ``slot``, re-home the rest."""
        plan = self.plan
        mark = len(plan.log)
        _, _, _, old = plan.remove(held)
        rest = tuple(m for m in old if m != n)
        if rest and plan.free(n, slot[1]):
            plan.add(*slot, group)
            if any(self._extend(rest, other, depth) for other in self._options(rest)):
                return True
        plan.rollback(mark)
        return False

    def _options(self, people: tuple[int, ...]) -> list[tuple[int, int, int]]:
        """Slots of short suite-weeks where all of ``people`` are candidates and free."""
        plan, ix = self.plan, self.plan.ix
        first, rest = people[0], people[1:]
        found = [
            (s, t, b)
            for s, t, b in ix.slots_of[first]
            if plan.missing(s, t // 7) > 0
            and (s, t) not in plan.suite_day
            and all(plan.free(n, t) for n in people)
            and all(n in ix.candidates[s, t, b] for n in rest)
        ]
        self.rng.shuffle(found)
        return found


def _valid_completion(ix, committed: tuple[int, ...], free: list[int], need: int, slot=None):
    """``committed`` plus ``need`` of ``free`` making a valid group (sorted), or None."""
    if need < 0:
        return None
    for extra in combinations(free, need):
        group = tuple(sorted((*committed, *extra)))
        if ix.valid_group(group, *(slot or (None, None))[:2]):
            return group
    return None
