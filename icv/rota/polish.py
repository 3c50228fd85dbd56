"""Large neighbourhood search on quality: take out a handful of related visits, put them back the
best way, and keep the result if the score is no worse.

Moving one visit at a time cannot swap two visits' weekdays, or move a busy volunteer's visit to
a day when someone less busy can go while another visit takes its place; taking out several at
once can. Where people are scarce the visits may not all go back at once: augmenting paths then
look for the lost ones, and a round that still loses a visit is undone.
"""

from __future__ import annotations

import random

from icv.rota.augment import Augmenter
from icv.rota.coverage import fill_neediest
from icv.rota.plan import Plan

#: Weeks of one suite's rota taken out at a time.
WINDOW = 3


def polish(plan: Plan, rng: random.Random, rounds: int, patience: int = 100) -> None:
    """At most ``rounds`` rounds, stopping after ``patience`` without a better score."""
    ix = plan.ix
    suites = [s for s, weeks in enumerate(ix.required) if any(weeks)]
    if not suites or not plan.visits:
        return
    best, since = list(plan.score), 0
    for _ in range(rounds):
        if since >= patience:
            return
        since += 1
        if plan.score < best:
            best, since = list(plan.score), 0
        before, mark = list(plan.score), len(plan.log)
        pick = rng.random()
        if pick < 0.3:
            chosen = _suite_window(plan, rng.choice(suites), rng)
        elif pick < 0.55:
            chosen = _week_around(plan, rng.choice(suites), rng)
        elif pick < 0.8:
            chosen = _two_weeks(plan, rng)
        else:
            chosen = _busiest(plan, rng)
        removed = [plan.remove(vid) for vid in sorted(chosen)]
        fill_neediest(plan, [(entry[0], entry[1] // 7) for entry in removed], rng)
        if plan.score[0] > before[0]:
            Augmenter(plan, rng).run(limit=plan.score[0] - before[0])
        if plan.score > before:
            plan.rollback(mark)
        plan.commit()


def _suite_window(plan: Plan, s: int, rng: random.Random) -> list[int]:
    """One suite's visits over a few weeks."""
    first = rng.randrange(max(1, len(plan.ix.week_labels) - WINDOW + 1))
    return [
        vid
        for vid, (suite, t, _, _) in plan.visits.items()
        if suite == s and first <= t // 7 < first + WINDOW
    ]


def _week_around(plan: Plan, s: int, rng: random.Random) -> list[int]:
    """One week's visits of a suite and of every suite sharing a panel member with it."""
    ix = plan.ix
    week = rng.randrange(len(ix.week_labels))
    people = {n for t, b in ix.slots[s][week] for n in ix.candidates[s, t, b]}
    return [
        vid
        for vid, (suite, t, _, group) in plan.visits.items()
        if t // 7 == week and (suite == s or people.intersection(group))
    ]


def _two_weeks(plan: Plan, rng: random.Random) -> list[int]:
    """Two weeks of visits, every suite's, up to twenty of them."""
    first = rng.randrange(max(1, len(plan.ix.week_labels) - 1))
    chosen = [vid for vid, entry in plan.visits.items() if first <= entry[1] // 7 <= first + 1]
    rng.shuffle(chosen)
    return chosen[:20]


def _busiest(plan: Plan, rng: random.Random) -> list[int]:
    """Two visits of one of the busiest volunteers, and the visits of their suites those weeks."""
    ix = plan.ix
    top = max(plan.load)
    busy = sorted(n for n in range(len(ix.volunteers)) if plan.load[n] >= top - 1)
    n = rng.choice(busy)
    mine = sorted(plan.days_of[n].values())
    picked = rng.sample(mine, min(2, len(mine)))
    chosen = set(picked)
    for vid in picked:
        s, t, _, _ = plan.visits[vid]
        chosen.update(
            other
            for other, (suite, day, _, _) in plan.visits.items()
            if suite == s and day // 7 == t // 7
        )
    return sorted(chosen)
