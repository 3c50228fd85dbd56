"""Build visits person by person, the least flexible first (for coverage where people are scarce).

Filling suite-weeks in turn can spend a volunteer's monthly visits where others could have gone
and leave someone with spare visits but no partner. Here the unit is a volunteer in a month with
visits to spare, and its *degree* counts the ways it could still go: over the open slots where
it is free, the free partners who could go with it. The volunteer-month of
least degree goes first, with the partner of least degree: those who have few chances use them,
those with many keep them for later (the minimum-degree rule for matchings).
"""

from __future__ import annotations

import random
from collections import defaultdict

from icv.rota.engine.plan import Plan

#: (suite, day, band, the other candidates)
Option = tuple[int, int, int, tuple[int, ...]]


class PeopleFirst:
    def __init__(self, plan: Plan, rng: random.Random) -> None:
        self.plan, self.rng = plan, rng
        ix = plan.ix
        self.options: dict[tuple[int, int], list[Option]] = defaultdict(list)
        for n, slots in enumerate(ix.slots_of):
            for s, t, b in slots:
                others = tuple(c for c in ix.candidates[s, t, b] if c != n)
                self.options[n, ix.month[t]].append((s, t, b, others))
        self.degree = {key: self._degree(key) for key in sorted(self.options)}

    def run(self) -> None:
        while True:
            live = [
                (d, self.plan.ix.person_noise[key[0]], key) for key, d in self.degree.items() if d
            ]
            if not live:
                return
            _, _, key = min(live)
            self.degree[key] = self._degree(key)
            if self.degree[key]:
                self._place(key)

    def _partners(self, n: int, option: Option) -> list[int]:
        """The free people who could go with ``n`` in this option, if the slot is still open."""
        plan, (s, t, _, others) = self.plan, option
        if (s, t) in plan.suite_day or plan.missing(s, t // 7) <= 0 or not plan.free(n, t):
            return []
        avoid, probation = plan.ix.avoid[n], plan.ix.probation[n]
        return [
            c
            for c in others
            if c not in avoid and not (probation and plan.ix.probation[c]) and plan.free(c, t)
        ]

    def _degree(self, key: tuple[int, int]) -> int:
        total, need = 0, self.plan.ix.k - 1
        for option in self.options[key]:
            partners = len(self._partners(key[0], option))
            if partners >= need:
                total += max(partners, 1)
        return total

    def _place(self, key: tuple[int, int]) -> None:
        plan, ix, n = self.plan, self.plan.ix, key[0]
        best = None
        for option in self.options[key]:
            partners = self._partners(n, option)
            group = self._group(n, partners, ix.month[option[1]], option[0], option[1])
            if group is not None:
                scarcity = sum(self.degree.get((c, key[1]), 0) for c in group if c != n)
                rank = (scarcity, -plan.missing(option[0], option[1] // 7), self.rng.random())
                if best is None or rank < best[0]:
                    best = (rank, option, group)
        if best is None:
            self.degree[key] = 0
            return
        _, (s, t, b, _), group = best
        plan.add(s, t, b, group)
        self._update(s, t, group)

    def _group(
        self, n: int, partners: list[int], month: int, s: int, t: int
    ) -> tuple[int, ...] | None:
        """``n`` and the k-1 partners of least degree that make a valid group."""
        ix = self.plan.ix
        ranked = sorted(
            partners, key=lambda c: (self.degree.get((c, month), 0), ix.person_noise[c])
        )
        group = [n]
        for c in ranked:
            if len(group) == ix.k:
                break
            if ix.valid_group((*group, c), s, t):
                group.append(c)
        return tuple(sorted(group)) if len(group) == ix.k else None

    def _update(self, s: int, t: int, group: tuple[int, ...]) -> None:
        """Recount the degrees this visit can have lowered (same month)."""
        ix, month = self.plan.ix, self.plan.ix.month[t]
        touched = set(group)
        for day, b in ix.slots[s][t // 7]:
            touched.update(ix.candidates[s, day, b])
        for n in group:
            for option in self.options[n, month]:
                touched.update(option[3])
        for n in sorted(touched):
            if self.degree.get((n, month)):
                self.degree[n, month] = self._degree((n, month))
