"""Large neighbourhood search on quality: take out a handful of related visits, put them back the
best way, and keep the result if the score is no worse.

Moving one visit at a time cannot swap two visits' weekdays, or move a busy volunteer's visit to
a day when someone less busy can go while another visit takes its place; taking out several at
once can. Where people are scarce the visits may not all go back at once: augmenting paths then
look for the lost ones, and a round that still loses a visit is undone.
"""

from __future__ import annotations

import random

from icv.rota.engine.augment import Augmenter
from icv.rota.engine.coverage import DESTROY, fill_neediest
from icv.rota.engine.plan import Plan

#: Weeks of one suite's rota taken out at a time.
WINDOW = 3


def polish(plan: Plan, rng: random.Random, rounds: int, patience: int = 100) -> None:
    """At most ``rounds`` rounds, stopping after ``patience`` without a better score."""
    suites = [s for s, weeks in enumerate(plan.ix.required) if any(weeks)]
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
        _rebuild_some(plan, rng, suites)
        if plan.score > before:
            plan.rollback(mark)
        plan.commit()


def walk(plan: Plan, rng: random.Random, rounds: int) -> None:
    """Rounds kept whenever coverage and repeats are no worse, whatever the rest of the score:
    a walk across rotas as good on those two, which can reach one with fewer repeats where
    the polish is held back by spread or load. Undone unless it ends with fewer repeats."""
    suites = [s for s, weeks in enumerate(plan.ix.required) if any(weeks)]
    if not suites or not plan.visits:
        return
    start, first = list(plan.score), len(plan.log)
    for _ in range(rounds):
        if not plan.score[1]:
            break
        before, mark = list(plan.score), len(plan.log)
        _rebuild_some(plan, rng, suites)
        if plan.score[:2] > before[:2]:
            plan.rollback(mark)
    if plan.score[:2] >= start[:2]:
        plan.rollback(first)
    plan.commit()


def _rebuild_some(plan: Plan, rng: random.Random, suites: list[int]) -> None:
    """Take out a few related visits and put them back the best way (see the module doc)."""
    pick = rng.random()
    if plan.score[1] and pick < 0.25:
        chosen = _around_repeat(plan, rng)
    elif pick < 0.4:
        chosen = _suite_window(plan, rng.choice(suites), rng)
    elif pick < 0.6:
        chosen = _week_around(plan, rng.choice(suites), rng)
    elif pick < 0.8:
        chosen = _two_weeks(plan, rng)
    else:
        chosen = _busiest(plan, rng)
    before = plan.score[0]
    removed = [plan.remove(vid) for vid in sorted(chosen)]
    fill_neediest(plan, [(entry[0], entry[1] // 7) for entry in removed], rng)
    if plan.score[0] > before:
        Augmenter(plan, rng).run(limit=plan.score[0] - before)


def _around_repeat(plan: Plan, rng: random.Random) -> list[int]:
    """A visit at the weekday and band of its suite's visit the week before, that visit, and
    some visits those two weeks of the people who could go to the suite at other times."""
    ix = plan.ix
    repeats = sorted(vid for vid, (s, t, b, _) in plan.visits.items() if (s, t - 7, b) in plan.used)
    vid = rng.choice(repeats)
    s, t, _, _ = plan.visits[vid]
    # the week before may be the last of an earlier part of the period (horizon.py): fixed
    weeks = tuple(w for w in (t // 7 - 1, t // 7) if w >= 0)
    people = {n for w in weeks for day, b in ix.slots[s][w] for n in ix.candidates[s, day, b]}
    near = [
        other
        for other, (_, day, _, group) in sorted(plan.visits.items())
        if day // 7 in weeks and people.intersection(group)
    ]
    rng.shuffle(near)
    before = plan.suite_day.get((s, t - 7))
    return sorted({vid, *([] if before is None else [before]), *near[:DESTROY]})


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


def fewer_repeats(plan: Plan, rng: random.Random) -> None:
    """Take out a visit that repeats its suite's weekday and band of a week before or after
    and fill the gap by an augmenting path that adds no repeat; kept if the score improves.
    Until no repeat can be removed so."""
    progress = True
    while progress and plan.score[1]:
        progress = False
        repeated = sorted(
            {vid for vid, (s, t, b, _) in plan.visits.items() if plan.repeats_at(s, t, b)}
        )
        rng.shuffle(repeated)
        for vid in repeated:
            if vid not in plan.visits:
                continue
            before, mark = list(plan.score), len(plan.log)
            s, t, _, _ = plan.remove(vid)
            Augmenter(plan, rng, fresh=True).run(limit=1, weeks=[(s, t // 7)])
            if plan.score < before:
                progress = True
                plan.commit()
            else:
                plan.rollback(mark)
