"""Moves that change who goes, never when: even the load along chains, break up repeated pairs.

With the slots fixed, coverage, pattern repeats and spread stay as they are, so these moves
work on the last two parts of the score only, and each is kept only if the score improves.
"""

from __future__ import annotations

import random

from icv.rota.engine.plan import Plan

#: How many replacements a chain may hold (a -> b -> c -> d).
CHAIN = 4


def even_load(plan: Plan, rounds: int) -> None:
    """Move one visit at a time from a busy volunteer to one with at least two fewer, through a
    chain: b takes a's place on one visit, c takes b's place on another, and so on."""
    ix = plan.ix
    for _ in range(rounds):
        order = sorted(range(len(ix.volunteers)), key=lambda n: (-plan.load[n], ix.person_noise[n]))
        lightest = min(plan.load[n] for n in range(len(ix.volunteers))) if order else 0
        moved = False
        for a in order:
            if plan.load[a] - lightest < 2:
                break
            chain = chain_from(plan, a)
            if chain and _replace_along(plan, chain):
                moved = True
                break
        if not moved:
            return


def chain_from(plan: Plan, a: int) -> list[tuple[int, int, int]] | None:
    """Breadth first: (visit, who leaves, who joins) steps from ``a`` to someone with a load at
    least two below ``a``'s, each join allowed in the rota as it stands."""
    ix = plan.ix
    came_from: dict[int, tuple[int, int] | None] = {a: None}
    frontier = [a]
    for _ in range(CHAIN):
        ahead = []
        for x in frontier:
            for t, vid in sorted(plan.days_of[x].items()):
                s, _, b, group = plan.visits[vid]
                for c in ix.candidates[s, t, b]:
                    if c in came_from or c in group or not plan.free(c, t):
                        continue
                    if not ix.valid_group((*(n for n in group if n != x), c), s, t):
                        continue
                    came_from[c] = (x, vid)
                    if plan.load[c] <= plan.load[a] - 2:
                        return _steps(came_from, c)
                    ahead.append(c)
        frontier = ahead
    return None


def _steps(came_from, end: int) -> list[tuple[int, int, int]]:
    steps = []
    while came_from[end] is not None:
        before, vid = came_from[end]
        steps.append((vid, before, end))
        end = before
    return steps[::-1]


def chain_to(plan: Plan, x: int) -> list[tuple[int, int, int]] | None:
    """Breadth first, backwards: steps by which ``x`` takes a place on a visit, whose leaver
    takes a place on another, and so on, ending with someone whose load is at least two
    above ``x``'s leaving a visit."""
    ix = plan.ix
    goes_to: dict[int, tuple[int, int] | None] = {x: None}
    frontier = [x]
    for _ in range(CHAIN):
        ahead = []
        for y in frontier:
            for s, t, b in ix.slots_of[y]:
                vid = plan.suite_day.get((s, t))
                if vid is None or plan.visits[vid][2] != b or not plan.free(y, t):
                    continue
                group = plan.visits[vid][3]
                for m in group:
                    if m in goes_to or not ix.valid_group((*(n for n in group if n != m), y), s, t):
                        continue
                    goes_to[m] = (y, vid)
                    if plan.load[m] >= plan.load[x] + 2:
                        return _forward(goes_to, m)
                    ahead.append(m)
        frontier = ahead
    return None


def _forward(goes_to, start: int) -> list[tuple[int, int, int]]:
    steps = []
    while goes_to[start] is not None:
        joins, vid = goes_to[start]
        steps.append((vid, start, joins))
        start = joins
    return steps


def apply(plan: Plan, steps: list[tuple[int, int, int]]) -> bool:
    """Make the replacements, checking each against the rota as it then is; all or none."""
    mark = len(plan.log)
    for vid, leaves, joins in steps:
        if not _replace(plan, vid, leaves, joins):
            plan.rollback(mark)
            return False
    return True


def _replace_along(plan: Plan, steps: list[tuple[int, int, int]]) -> bool:
    """Make the replacements; kept only if the score improves, else rolled back."""
    before, mark = list(plan.score), len(plan.log)
    if apply(plan, steps) and plan.score < before:
        plan.commit()
        return True
    plan.rollback(mark)
    return False


def _replace(plan: Plan, vid: int, leaves: int, joins: int) -> bool:
    s, t, b, group = plan.visits[vid]
    if leaves not in group or joins in group:
        return False
    plan.remove(vid)
    new = tuple(sorted(joins if n == leaves else n for n in group))
    if not plan.free(joins, t) or not plan.ix.valid_group(new, s, t):
        return False
    plan.add(s, t, b, new, vid=vid)
    return True


def fewer_pairs(plan: Plan, rng: random.Random) -> None:
    """Swap one of a repeated pair with someone on another visit, where both may go on the
    other's visit and the swap leaves the load as it is."""
    order = sorted(plan.visits)
    rng.shuffle(order)
    for vid in order:
        if vid not in plan.visits:
            continue
        group = plan.visits[vid][3]
        repeated = {n for pair, seen in _pairs_of(plan, group) if seen > 1 for n in pair}
        for x in sorted(repeated):
            if _swap_someone(plan, vid, x):
                break


def _pairs_of(plan: Plan, group: tuple[int, ...]):
    return [
        ((one, other), plan.together.get((one, other), 0))
        for i, one in enumerate(group)
        for other in group[i + 1 :]
    ]


def _swap_someone(plan: Plan, vid: int, x: int) -> bool:
    ix = plan.ix
    s, t, b, group = plan.visits[vid]
    for c in ix.candidates[s, t, b]:
        if c in group:
            continue
        for t2, other in sorted(plan.days_of[c].items()):
            s2, _, b2, group2 = plan.visits[other]
            if other == vid or x in group2 or x not in ix.candidates[s2, t2, b2]:
                continue
            if _replace_along(plan, [(vid, x, c), (other, c, x)]):
                return True
    return False
