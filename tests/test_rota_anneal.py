"""The walk after the greedy pass over a long period (icv/rota/engine/anneal.py): it crosses a
move that parts no pair to reach one that does, keeps the best rota it saw, and is the same
for the same seed."""

from __future__ import annotations

import random

from icv.rota.engine import anneal, apart
from icv.rota.engine.checker import violations
from icv.rota.engine.index import Index
from icv.rota.engine.plan import Plan
from icv.rota.engine.problem import parse_problem
from icv.rota.engine.solver import _visits

MONDAY, THURSDAY, SUNDAY = 0, 3, 6

PEOPLE = {  # name: (suites, weekdays)
    "Ann": (["A", "B"], [MONDAY, THURSDAY]),
    "Bob": (["A", "B"], [MONDAY, THURSDAY]),
    "Cal": (["A", "B"], [MONDAY, THURSDAY]),
    "Dee": (["B", "C"], [THURSDAY, SUNDAY]),
    "Eve": (["C"], [SUNDAY]),
    "Fay": (["C"], [SUNDAY]),
}

#: (suite, day, names), day 0 the first Monday of February 2027. Ann and Bob meet twice at
#: A; Cal, the one other member of A, has met both at B. No single move parts them: the
#: greedy pass has no one to offer, and Dee, the newcomer at B, is not two visits lighter
#: than anyone there, so the levelling does not move her in either.
VISITS = [
    ("A", 0, ("Ann", "Bob")),
    ("A", 7, ("Ann", "Bob")),
    ("B", 3, ("Ann", "Cal")),
    ("B", 10, ("Bob", "Cal")),
    ("C", 6, ("Dee", "Eve")),
    ("C", 13, ("Dee", "Fay")),
]


def stuck_plan(seed: int = 0) -> tuple:
    raw = {
        "period": {"start": "2027-02-01", "end": "2027-02-14"},
        "bands": [{"id": "day", "start": "10:00", "end": "14:00"}],
        "suites": [{"id": suite, "visits_per_week": 1} for suite in "ABC"],
        "volunteers": [
            {
                "id": name,
                "suites": suites,
                "available": [[day, "day"] for day in weekdays],
                "max_per_month": 4,
            }
            for name, (suites, weekdays) in PEOPLE.items()
        ],
    }
    problem = parse_problem(raw)
    plan = Plan(Index(problem, seed))
    at = {name: n for n, name in enumerate(PEOPLE)}
    for suite, day, names in VISITS:
        plan.add("ABC".index(suite), day, 0, tuple(sorted(at[name] for name in names)))
    plan.commit()
    return problem, plan


def groups(plan: Plan) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(v.suite, v.date.isoformat(), v.volunteers) for v in _visits(plan)]


def test_the_greedy_pass_cannot_part_ann_and_bob():
    problem, plan = stuck_plan()
    before = groups(plan)
    apart.pairs_apart(plan, random.Random(0), passes=5)
    assert groups(plan) == before
    assert anneal.repeats(plan) == 1
    assert violations(problem, _visits(plan)) == []


def test_the_walk_moves_dee_in_at_b_so_that_cal_can_take_a_place_at_a():
    problem, plan = stuck_plan()
    bounds = apart.Bounds(plan)
    assert (bounds.low, bounds.high) == (1, 3)
    assert anneal.anneal(plan, random.Random(0), bounds, moves=2_000) == 1
    assert anneal.repeats(plan) == 0
    visits = _visits(plan)
    assert violations(problem, visits) == []
    assert len(visits) == 6
    loads = {name: sum(name in v.volunteers for v in visits) for name in PEOPLE}
    assert all(bounds.low <= load <= bounds.high for load in loads.values())
    assert sum(loads.values()) == 12
    # every pair meets once at most
    pairs = [tuple(v.volunteers) for v in visits]
    assert len(set(pairs)) == 6


def test_the_walk_keeps_the_best_rota_it_saw(monkeypatch):
    """Hot all the way, the walk parts Ann and Bob on the way and brings a pair together
    again by its end; the rota it leaves is the best it passed through."""
    problem, plan = stuck_plan()
    monkeypatch.setattr(anneal, "HOT", 1_000.0)
    monkeypatch.setattr(anneal, "COLD", 1_000.0)
    at_the_end = []
    go_back = plan.rollback

    def seen(mark: int) -> None:
        if mark == 0:
            at_the_end.append(anneal.repeats(plan))
        go_back(mark)

    monkeypatch.setattr(plan, "rollback", seen)
    assert anneal.anneal(plan, random.Random(1), apart.Bounds(plan), moves=40) == 1
    assert at_the_end == [1]
    assert anneal.repeats(plan) == 0
    assert plan.log == []
    assert violations(problem, _visits(plan)) == []


def test_no_moves_change_nothing_and_the_same_seed_gives_the_same_rota():
    _, plan = stuck_plan()
    before = groups(plan)
    assert anneal.anneal(plan, random.Random(0), apart.Bounds(plan), moves=0) == 0
    assert groups(plan) == before
    walked = []
    for _ in range(2):
        _, plan = stuck_plan()
        anneal.anneal(plan, random.Random(7), apart.Bounds(plan), moves=2_000)
        walked.append(groups(plan))
    assert walked[0] == walked[1]
