"""Large neighbourhood search on quality: take out a handful of related visits, put them back the
best way one by one, and keep the result if the score is no worse.

Moving one visit at a time cannot swap two visits' weekdays, or move a busy volunteer's visit to
a day when someone less busy can go while another visit takes its place; taking out several at
once can. Coverage never drops: a round that cannot put every visit back is undone.
"""

from __future__ import annotations

import random

from icv.rota.plan import Plan
from icv.rota.search import best_insertion

#: Weeks of one suite's rota taken out at a time.
WINDOW = 3


def polish(plan: Plan, rng: random.Random, rounds: int) -> None:
    ix = plan.ix
    suites = [s for s, weeks in enumerate(ix.required) if any(weeks)]
    if not suites or not plan.visits:
        return
    for _ in range(rounds):
        before, mark = list(plan.score), len(plan.log)
        if rng.random() < 0.5:
            chosen = _suite_window(plan, rng.choice(suites), rng)
        else:
            chosen = _busiest(plan, rng)
        removed = [plan.remove(vid) for vid in sorted(chosen)]
        rng.shuffle(removed)
        for s, t, _, _ in removed:
            option = best_insertion(plan, s, t // 7)
            if option is None:
                break
            plan.add(s, *option[1:])
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
