"""The load spread of a long period narrowed by moving visits in time as well as people.

Each quarter of a long period is solved on its own (:mod:`icv.rota.engine.horizon`), and
within a quarter the times of its visits follow its spread of weekdays and bands. Over a year
that leaves the volunteers free only at a few times of one suite with as many visits as those
times happened to get (13, where the others had 21, on the 52-week benchmark), and no choice
of people can close that gap: the slots decide it (:mod:`icv.rota.engine.least_spread`).

So, before the passes that part pairs, a seeded walk over the whole period moves visits and
people at once, towards every load in a window of :data:`SPREAD` visits around the mean
(issue 15: a load spread of 3 over a year):

- *bring*: a visit of a suite-week moves to a time when someone below the window is free,
  and they go on it;
- *take*: someone below the window takes the place of the busiest person on a visit;
- *away*: a visit of someone above the window moves to another time of its week, without
  them;
- *hand*: someone above the window hands a visit to someone lighter, or to anyone who then
  hands one of their own on to someone lighter still;
- *part*: a quarter of the moves (all of them once every load is in the window) may part a
  pair instead: a give or a swap of :mod:`icv.rota.engine.anneal`, or a visit where a pair
  meets again moved to another time of its week without one of them.

A visit moved in time stays in its week (so coverage stays), and no quarter strays further
from its fair share +- 1 of weekdays and bands than the solver left it: where a move takes it
further, another visit of the suite in that quarter moves within its own week to bring it
back, or the move is undone. A move never adds a pattern repeat, breaks a rule (the people on
a visit are always candidates of its new slot, free and a valid group), or leaves anyone more
than :data:`~icv.rota.engine.apart.ALIKE` visits above someone alike who could stand in for
them. It is kept if its cost is not above 0, else with probability exp(-cost / T) as T cools:
the cost is :data:`WEIGHT` times the rise in the squared distances of the loads outside the
window, plus the pair repeats it adds, plus :data:`EVEN` times the rise in the sum of squared
loads while some load is outside the window (the anneal's ``LOAD_WEIGHT`` once none is). That
last term pulls loads inside the window towards the mean, not only those outside it: on a
suite whose panel is short of members for its visits, everyone sits at the top of the window,
and someone above it can hand a visit on only once a member has handed a visit of another
suite to someone lighter, a move that leaves every load inside the window. Once every load is
inside, the walk only parts pairs, and evenness weighs no more than in the anneal. The walk
leaves the best rota it saw: the narrowest spread (so never a wider one than it started
from), then the loads nearest the window, then the fewest repeats, then the most even loads.
The loads are those of everyone who could go, as the rota's quality counts them
(``quality.could_go``).
A period whose spread is already :data:`SPREAD` or less is left as it is. Moves are counted,
never timed, and drawn from the solve's generator: the same seed gives the same rota.

Figures (bench/README.md, "A year's times moved for its light" and "A year within 3"): a
year of the 52-week benchmark spreads 3 visits rather than the 8 (seed 0) or 6 (seed 101)
its parts leave, for 14% to 20% more pair repeats (1,391 and 1,394 against 1,163 and 1,223;
a spread of 4 cost 1,287 and 1,289); half a year spreads 3 rather than 4, for about as many
(305 and 311 against 305 and 307). The design ranks an even load above few repeated pairs,
and the repeats of a year are mostly forced whatever the times
(:func:`icv.rota.engine.forced.least_pair_repeats`).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from itertools import combinations

from icv.rota.engine import anneal, horizon
from icv.rota.engine.apart import ALIKE, alike_breach, pair_of, replace_people
from icv.rota.engine.plan import Plan
from icv.rota.engine.quality import could_go
from icv.rota.engine.retime import fresh_group

#: The load spread the walk aims at: every load within this many visits of the lowest.
SPREAD = 3
#: Moves drawn per visit of the period, all of them (once every load is in the window, each
#: is one that may part a pair).
MOVES_PER_VISIT = 150
#: What one unit of squared distance outside the window costs, in pair repeats.
WEIGHT = 20
#: What one unit of the sum of squared loads costs, in pair repeats, while some load is outside
#: the window (the anneal's 0.1 left the 52-week benchmark at a spread of 4, a few members of
#: full panels above the window).
EVEN = 6.0
#: The temperature of the first move and of the last.
HOT, COLD = 2.0, 0.05
#: How often a move is drawn to part a pair while some load is still outside the window
#: (once none is, every move is).
PAIRS = 0.25
#: Tries at bringing a quarter back within its fair share after a move took it out.
MENDS = 8


class Quarters:
    """Each suite's visits per weekday and per band in each part of the period, and how far
    they stray outside their fair share +- 1 (:meth:`Plan.straying`, part by part)."""

    def __init__(self, plan: Plan, part_weeks: list[int]) -> None:
        self.plan = plan
        self.part_of_week = [p for p, weeks in enumerate(part_weeks) for _ in range(weeks)]
        suites, parts, bands = len(plan.ix.suites), len(part_weeks), len(plan.ix.bands)
        self.weekday = [[[0] * 7 for _ in range(parts)] for _ in range(suites)]
        self.band = [[[0] * bands for _ in range(parts)] for _ in range(suites)]
        for s, t, b, _ in plan.visits.values():
            self.count(s, t, b, +1)

    def part(self, t: int) -> int:
        return self.part_of_week[t // 7]

    def count(self, s: int, t: int, b: int, step: int) -> None:
        p = self.part(t)
        self.weekday[s][p][t % 7] += step
        self.band[s][p][b] += step

    def stray(self, s: int, p: int) -> int:
        weekdays = self.weekday[s][p]
        return self.plan.straying(s, weekdays, self.band[s][p], sum(weekdays))


class Walk:
    """The walk over one plan of the whole period (see the module docstring): the window
    ``low`` to ``high`` is fixed from the mean load at the start."""

    def __init__(self, plan: Plan, rng: random.Random, part_weeks: list[int]) -> None:
        self.plan, self.rng = plan, rng
        self.quarters = Quarters(plan, part_weeks)
        self.people = goers(plan)
        self.counted = [False] * len(plan.ix.volunteers)
        for n in self.people:
            self.counted[n] = True
        mean = sum(plan.load[n] for n in self.people) / max(1, len(self.people))
        self.low = max(0, math.floor(mean) - 1)
        self.high = self.low + SPREAD
        #: (visit, old slot, new slot) of the move being made, to keep the quarters' counts
        self.moved: list[tuple[int, int, int, int, int, int]] = []
        #: the visits' ids (a move takes a visit out and puts it back under its id)
        self.visits = sorted(plan.visits)
        #: those below and above the window, worked out again after each move kept
        self.ends: tuple[list[int], list[int]] | None = None

    def outside(self, load: int) -> int:
        return max(0, self.low - load) ** 2 + max(0, load - self.high) ** 2

    def spread(self) -> int:
        loads = [self.plan.load[n] for n in self.people]
        return max(loads) - min(loads)

    def distance(self) -> int:
        return sum(self.outside(self.plan.load[n]) for n in self.people)

    # -- the walk --------------------------------------------------------------------------
    def run(self, moves: int) -> None:
        plan, rng = self.plan, self.rng
        plan.commit()
        far, repeats = self.distance(), anneal.repeats(plan)
        best = (self.spread(), far, repeats, plan.score[3])
        for done in range(moves):
            mark, self.moved = len(plan.log), []
            pattern, squares = plan.score[1], plan.score[3]
            if not self._draw():
                self._undo(mark)  # a move that failed half way is taken back
                continue
            change = self._change(mark)
            if change is None or plan.score[1] > pattern:
                self._undo(mark)
                continue
            even = EVEN if far else anneal.LOAD_WEIGHT  # evenness matters most until within
            cost = WEIGHT * change[0] + change[1] + even * (plan.score[3] - squares)
            temperature = HOT * (COLD / HOT) ** (done / moves)
            if cost > 0 and rng.random() >= math.exp(-cost / temperature):
                self._undo(mark)
                continue
            far, repeats, self.ends = far + change[0], repeats + change[1], None
            seen = (self.spread(), far, repeats, plan.score[3])
            if seen < best:
                best = seen
                plan.commit()  # the best so far: what the walk goes back to
        plan.rollback(0)

    def _draw(self) -> bool:
        """One move drawn at random (see the module docstring); False if none was made."""
        rng, load = self.rng, self.plan.load
        if self.ends is None:
            light = [n for n in self.people if load[n] < self.low]
            self.ends = light, [n for n in self.people if load[n] > self.high]
        light, busy = self.ends
        if rng.random() < PAIRS or not (light or busy):
            return self._part()
        if light and (not busy or rng.random() < 0.5):
            n = rng.choice(light)
            return self._bring(n) if rng.random() < 0.5 else self._take(n)
        n = rng.choice(busy)
        return self._away(n) if rng.random() < 0.5 else self._hand(n)

    def _change(self, mark: int) -> tuple[int, int] | None:
        """(rise in the distance outside the window, pair repeats added) by the changes since
        ``mark``, or None if they leave someone too far above someone alike."""
        plan, net, pairs = self.plan, Counter(), Counter()
        for vid, entry in plan.log[mark:]:
            group, step = (plan.visits[vid][3], 1) if entry is None else (entry[3], -1)
            net.update(dict.fromkeys(group, step))
            pairs.update(dict.fromkeys(combinations(group, 2), step))
        # everyone on a visit that changed, whose load may not: a visit moved in time has
        # other people who could stand in for them
        if alike_breach(plan, set(net), ALIKE) is not None:
            return None
        far = sum(
            self.outside(plan.load[n]) - self.outside(plan.load[n] - step)
            for n, step in net.items()
            if step and self.counted[n]
        )
        repeats = 0
        for pair, step in pairs.items():
            now = plan.together.get(pair, 0)
            repeats += max(0, now - 1) - max(0, now - step - 1)
        return far, repeats

    def _undo(self, mark: int) -> None:
        self._undo_to(mark, 0)

    # -- the moves -------------------------------------------------------------------------
    def _part(self) -> bool:
        """A move that may part a pair: the walk of :mod:`icv.rota.engine.anneal`'s give or
        swap, or a visit where a pair meets again moved to another time of its week without
        one of them."""
        plan, rng = self.plan, self.rng
        vid = rng.choice(self.visits)
        if rng.random() < 0.5:
            steps = anneal.draw(plan, rng, vid)
            return steps is not None and replace_people(plan, steps)
        group = plan.visits[vid][3]
        met = [n for n in group if any(plan.together[pair_of(n, m)] > 1 for m in group if m != n)]
        if not met:
            return False
        return self._elsewhere(vid, rng.choice(met))

    def _bring(self, n: int) -> bool:
        plan = self.plan
        if not plan.ix.slots_of[n]:
            return False
        s, t, b = self.rng.choice(plan.ix.slots_of[n])
        if (s, t) in plan.suite_day or not plan.free(n, t):
            return False
        week = range(7 * (t // 7), 7 * (t // 7) + 7)
        visits = [plan.suite_day[s, d] for d in week if (s, d) in plan.suite_day]
        return bool(visits) and self._move(self.rng.choice(visits), t, b, include=n)

    def _take(self, n: int) -> bool:
        plan = self.plan
        if not plan.ix.slots_of[n]:
            return False
        s, t, b = self.rng.choice(plan.ix.slots_of[n])
        vid = plan.suite_day.get((s, t))
        if vid is None or plan.visits[vid][2] != b or n in plan.visits[vid][3]:
            return False
        busiest = max(plan.visits[vid][3], key=lambda m: (plan.load[m], plan.ix.person_noise[m]))
        return replace_people(plan, [(vid, busiest, n)])

    def _away(self, n: int) -> bool:
        _, vid = self.rng.choice(sorted(self.plan.days_of[n].items()))
        return self._elsewhere(vid, n)

    def _elsewhere(self, vid: int, n: int) -> bool:
        """Visit ``vid`` moved to another slot of its week, without ``n``."""
        plan = self.plan
        s, t, b, _ = plan.visits[vid]
        slots = self._other_slots(s, t, b)
        return bool(slots) and self._move(vid, *self.rng.choice(slots), exclude=n)

    def _other_slots(self, s: int, t: int, b: int) -> list[tuple[int, int]]:
        """The useful slots of suite ``s`` in the week of day ``t`` other than (``t``, ``b``)
        where it has no visit on the day."""
        plan = self.plan
        return [
            (day, band)
            for day, band in plan.ix.slots[s][t // 7]
            if (day, band) != (t, b) and (day == t or (s, day) not in plan.suite_day)
        ]

    def _hand(self, n: int) -> bool:
        plan, rng = self.plan, self.rng
        t, vid = rng.choice(sorted(plan.days_of[n].items()))
        s, _, b, group = plan.visits[vid]
        others = [c for c in plan.ix.candidates[s, t, b] if c not in group]
        if not others:
            return False
        if rng.random() < 0.5:
            lightest = min(others, key=lambda c: (plan.load[c], plan.ix.person_noise[c]))
            return replace_people(plan, [(vid, n, lightest)])
        c = rng.choice(others)
        steps = [(vid, n, c)]
        if plan.days_of[c] and rng.random() < 0.8:
            t2, vid2 = rng.choice(sorted(plan.days_of[c].items()))
            s2, _, b2, group2 = plan.visits[vid2]
            lighter = [
                d
                for d in plan.ix.candidates[s2, t2, b2]
                if d not in group2 and d != n and plan.load[d] < plan.load[c]
            ]
            if vid2 != vid and lighter:
                d = min(lighter, key=lambda d: (plan.load[d], plan.ix.person_noise[d]))
                steps.append((vid2, c, d))
        return replace_people(plan, steps)

    def _move(self, vid: int, t: int, b: int, include=None, exclude=None) -> bool:
        """Move visit ``vid`` to day ``t`` and band ``b`` of its week, with ``include`` and
        without ``exclude``; if its quarter then strays further from its fair share, another
        visit of the suite in that quarter moves to bring it back. False if no such move is
        found, the plan then part-changed for the caller to undo."""
        s = self.plan.visits[vid][0]
        p = self.quarters.part(t)
        stray = self.quarters.stray(s, p)
        if not self._put(vid, t, b, include, exclude):
            return False
        if self.quarters.stray(s, p) <= stray:
            return True
        days = range(*self._part_days(p))
        others = [self.plan.suite_day[s, d] for d in days if (s, d) in self.plan.suite_day]
        others = [other for other in others if other != vid]
        for _ in range(MENDS if others else 0):
            other = self.rng.choice(others)
            _, t2, b2, _ = self.plan.visits[other]
            slots = self._other_slots(s, t2, b2)
            if not slots:
                continue
            mark, moved = len(self.plan.log), len(self.moved)
            if self._put(other, *self.rng.choice(slots)) and self.quarters.stray(s, p) <= stray:
                return True
            self._undo_to(mark, moved)
        return False

    def _undo_to(self, mark: int, moved: int) -> None:
        for _, s, t0, b0, t1, b1 in reversed(self.moved[moved:]):
            self.quarters.count(s, t1, b1, -1)
            self.quarters.count(s, t0, b0, +1)
        del self.moved[moved:]
        self.plan.rollback(mark)

    def _put(self, vid: int, t: int, b: int, include=None, exclude=None) -> bool:
        """Visit ``vid`` at (``t``, ``b``) with the group :func:`fresh_group` picks."""
        plan = self.plan
        s, t0, b0, _ = plan.visits[vid]
        mark = len(plan.log)
        plan.remove(vid)
        group = fresh_group(plan, (s, t, b), include, exclude)
        if group is None:
            plan.rollback(mark)
            return False
        plan.add(s, t, b, group, vid=vid)
        self.quarters.count(s, t0, b0, -1)
        self.quarters.count(s, t, b, +1)
        self.moved.append((vid, s, t0, b0, t, b))
        return True

    def _part_days(self, p: int) -> tuple[int, int]:
        weeks = [w for w, part in enumerate(self.quarters.part_of_week) if part == p]
        return 7 * weeks[0], 7 * weeks[-1] + 7


def narrow(plan: Plan, rng: random.Random, moves: int) -> None:
    """Walk ``moves`` moves towards a load spread of :data:`SPREAD` (see the module
    docstring). A period whose spread is already that narrow is left as it is (the pairs are
    the passes' work), and so is one allocated by week (no times to move)."""
    ix = plan.ix
    part_weeks = [len(part.weeks()) for part in horizon.parts(ix.problem)]
    if ix.weekly or sum(part_weeks) != len(ix.week_labels):
        return
    walk = Walk(plan, rng, part_weeks)
    if walk.people and walk.spread() > SPREAD:
        walk.run(moves)


def goers(plan: Plan) -> list[int]:
    """Those the load spread is counted over (``quality.could_go``), by position."""
    return [plan.ix.person_at[person] for person in could_go(plan.ix.problem)]
