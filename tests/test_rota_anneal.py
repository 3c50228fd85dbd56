"""The walk after the greedy pass over a long period (icv/rota/engine/anneal.py): it crosses a
move that parts no pair to reach one that does, keeps the best rota it saw, and is the same
for the same seed."""

from __future__ import annotations

import random

import pytest

from icv.rota.engine import anneal, apart
from icv.rota.engine.checker import violations
from icv.rota.engine.index import Index
from icv.rota.engine.plan import Plan
from icv.rota.engine.problem import parse_problem
from icv.rota.engine.solver import _visits

MONDAY, THURSDAY, SUNDAY = 0, 3, 6

#: name: (suites, weekdays); in the second case below Cal is also on C's panel and Dee at
#: her monthly limit, so she moves in at B by a swap with Cal (or a give to him first).
PEOPLE = {
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


def stuck_plan(seed: int = 0, only_a_swap: bool = False) -> tuple:
    people = dict(PEOPLE)
    limits = dict.fromkeys(PEOPLE, 4)
    if only_a_swap:
        people["Cal"] = (["A", "B", "C"], [MONDAY, THURSDAY, SUNDAY])
        limits["Dee"] = 2  # her two visits at C: she cannot take a third in February
    raw = {
        "period": {"start": "2027-02-01", "end": "2027-02-14"},
        "bands": [{"id": "day", "start": "10:00", "end": "14:00"}],
        "suites": [{"id": suite, "visits_per_week": 1} for suite in "ABC"],
        "volunteers": [
            {
                "id": name,
                "suites": suites,
                "available": [[day, "day"] for day in weekdays],
                "max_per_month": limits[name],
            }
            for name, (suites, weekdays) in people.items()
        ],
    }
    problem = parse_problem(raw)
    plan = Plan(Index(problem, seed))
    at = {name: n for n, name in enumerate(people)}
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


def where(plan: Plan, name: str) -> set[str]:
    return {suite for suite, _, names in groups(plan) if name in names}


def loads(plan: Plan) -> dict[str, int]:
    return {name: sum(name in names for *_, names in groups(plan)) for name in PEOPLE}


@pytest.mark.parametrize("only_a_swap", [False, True])
def test_the_walk_moves_dee_in_at_b_so_that_cal_can_take_a_place_at_a(only_a_swap):
    """Dee first takes a place at B, which parts no pair (by a give; or, at her monthly limit,
    by a swap with Cal, who goes to C); then Cal, no longer met by Ann or Bob there, takes a
    place at A, which parts them."""
    problem, plan = stuck_plan(only_a_swap=only_a_swap)
    apart.pairs_apart(plan, random.Random(0), passes=5)
    assert anneal.repeats(plan) == 1  # the greedy pass is stuck here too
    bounds = apart.Bounds(plan)
    assert (bounds.low, bounds.high) == (1, 3)
    assert anneal.anneal(plan, random.Random(0), bounds, moves=2_000) == 1
    assert anneal.repeats(plan) == 0
    assert "B" in where(plan, "Dee")
    assert "A" in where(plan, "Cal")
    if only_a_swap:
        assert where(plan, "Dee") == {"B", "C"}
        assert loads(plan)["Dee"] == 2
    visits = _visits(plan)
    assert violations(problem, visits) == []
    assert len(visits) == 6
    assert all(bounds.low <= load <= bounds.high for load in loads(plan).values())
    assert len({v.volunteers for v in visits}) == 6  # every pair meets once at most


class Scripted(random.Random):
    """Draws as scripted: ``random()`` the next of ``fractions``, ``choice`` the item at the
    next of ``picks``."""

    def __init__(self, fractions: list[float], picks: list[int]) -> None:
        super().__init__(0)
        self.fractions, self.picks = iter(fractions), iter(picks)

    def random(self) -> float:
        return next(self.fractions)

    def choice(self, seq):
        return seq[next(self.picks)]


@pytest.mark.parametrize(
    ("fractions", "picks", "move"),
    [
        ([0.9, 0.1], [0, 0], [("A", 7, "Ann", "Cal")]),  # a give
        ([0.9, 0.9], [0, 0, 1], [("A", 7, "Ann", "Cal"), ("B", 10, "Cal", "Ann")]),  # a swap
        ([0.9, 0.9], [0, 0, 0], None),  # Cal's visit at B3 has Ann on it already
        ([0.1, 0.9], [1, 0, 0], [("A", 7, "Bob", "Cal"), ("B", 3, "Cal", "Bob")]),
    ],
)
def test_a_draw_at_a_visit_where_a_pair_meets_again(fractions, picks, move):
    """At A7 (Ann and Bob, who met at A0): who leaves (picks[0]: Ann or Bob), whether only
    newcomers may join (there are none: Cal has met both, so everyone is offered), who joins
    (Cal), then a give or a swap, and which of the joiner's visits the swap is with."""
    _, plan = stuck_plan()
    names = list(PEOPLE)
    a7 = next(vid for vid, (s, t, _, _) in plan.visits.items() if (s, t) == (0, 7))
    steps = anneal.draw(plan, Scripted(fractions, picks), a7)
    if move is None:
        assert steps is None
        return
    shown = [
        ("ABC"[plan.visits[vid][0]], plan.visits[vid][1], names[leaves], names[joins])
        for vid, leaves, joins in steps
    ]
    assert shown == move


def test_the_walk_keeps_the_best_rota_it_saw(monkeypatch):
    """Hot all the way, the walk parts Ann and Bob on the way and brings a pair together
    again by its end; the rota it leaves is the best it passed through."""
    problem, plan = stuck_plan()
    monkeypatch.setattr(anneal, "HOT", 1_000.0)
    monkeypatch.setattr(anneal, "COLD", 1_000.0)
    before_going_back = []
    go_back = plan.rollback

    def seen(mark: int) -> None:
        if mark == 0:
            before_going_back.append(anneal.repeats(plan))
        go_back(mark)

    monkeypatch.setattr(plan, "rollback", seen)
    assert anneal.anneal(plan, random.Random(2), apart.Bounds(plan), moves=40) == 1
    assert before_going_back[-1] == 1  # the last: the walk's end, going back to its best
    assert anneal.repeats(plan) == 0
    assert plan.log == []
    assert violations(problem, _visits(plan)) == []


def test_the_walk_cools_from_hot_to_cold():
    assert anneal._temperature(0, 1_000) == anneal.HOT
    assert anneal._temperature(500, 1_000) == pytest.approx((anneal.HOT * anneal.COLD) ** 0.5)
    assert anneal._temperature(1_000, 1_000) == pytest.approx(anneal.COLD)
    assert anneal.HOT > anneal.COLD


@pytest.mark.parametrize(("weight", "kept"), [(anneal.LOAD_WEIGHT, False), (0.0, True)])
def test_a_move_that_parts_nothing_is_kept_cold_only_if_the_loads_stay_as_even(
    monkeypatch, weight, kept
):
    """Dee taking Cal's place at B parts no pair and leaves the loads less even (Cal 2 -> 1,
    Dee 2 -> 3: the sum of squares 8 -> 10, a cost of 0.2). Cold, the walk does not keep it;
    without the weight on the loads it would."""
    monkeypatch.setattr(anneal, "LOAD_WEIGHT", weight)
    monkeypatch.setattr(anneal, "HOT", 0.01)
    monkeypatch.setattr(anneal, "COLD", 0.01)
    _, plan = stuck_plan()
    at = {name: n for n, name in enumerate(PEOPLE)}
    b10 = next(vid for vid, (s, t, _, _) in plan.visits.items() if (s, t) == (1, 10))
    move = [(b10, at["Cal"], at["Dee"])]
    assert apart.pairs_change(plan, move)[0] == 0
    assert anneal._load_change(plan, move) == 2
    monkeypatch.setattr(anneal, "draw", lambda *_: move)
    seen = []
    make = anneal._make

    def made(plan, steps, bounds) -> bool:
        seen.append(make(plan, steps, bounds))
        plan.commit()  # keep it: the walk would go back to its best, the rota it started from
        return seen[-1]

    monkeypatch.setattr(anneal, "_make", made)
    anneal.anneal(plan, random.Random(0), apart.Bounds(plan), moves=1)
    assert seen == ([True] if kept else [])
    assert ("B" in where(plan, "Dee")) is kept


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
