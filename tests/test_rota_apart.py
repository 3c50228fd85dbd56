"""The pass over a long period parts pairs that meet again (icv/rota/engine/apart.py): a
newcomer may take the place by handing one of their own visits on, and no move, a swap
included, leaves two people who could stand in for each other too far apart."""

from __future__ import annotations

from icv.rota.engine import apart
from icv.rota.engine.checker import violations
from icv.rota.engine.index import Index
from icv.rota.engine.plan import Plan
from icv.rota.engine.problem import parse_problem
from icv.rota.engine.solver import _visits

MONDAY, WEDNESDAY = 0, 2


def two_suites(people: list[tuple[str, list[str], list[int], int]], visits) -> tuple:
    """Two weeks of February 2027, one band; ``people`` as (name, suites, weekdays, limit),
    ``visits`` as (suite, day, names) with day 0 the first Monday."""
    raw = {
        "period": {"start": "2027-02-01", "end": "2027-02-14"},
        "bands": [{"id": "day", "start": "10:00", "end": "14:00"}],
        "suites": [{"id": "A", "visits_per_week": 1}, {"id": "B", "visits_per_week": 1}],
        "volunteers": [
            {
                "id": name,
                "suites": suites,
                "available": [[day, "day"] for day in weekdays],
                "max_per_month": limit,
            }
            for name, suites, weekdays, limit in people
        ],
    }
    problem = parse_problem(raw)
    plan = Plan(Index(problem, 0))
    at = {name: n for n, (name, *_) in enumerate(people)}
    ids = {}
    for suite, day, names in visits:
        group = tuple(sorted(at[name] for name in names))
        ids[suite, day] = plan.add("AB".index(suite), day, 0, group)
    plan.commit()
    return problem, plan, at, ids


def groups(plan: Plan) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(v.suite, v.date.isoformat(), v.volunteers) for v in _visits(plan)]


def test_a_newcomer_at_their_monthly_limit_takes_the_place_and_hands_a_visit_on():
    """Ann and Bob meet at A on both Mondays. Cal, free on Mondays and new to Bob, has used
    February's one visit at B with Dee: she takes Ann's place and hands B to Eve."""
    problem, plan, at, ids = two_suites(
        [
            ("Ann", ["A"], [MONDAY], 2),
            ("Bob", ["A"], [MONDAY], 2),
            ("Cal", ["A", "B"], [MONDAY, WEDNESDAY], 1),
            ("Dee", ["B"], [WEDNESDAY], 2),
            ("Eve", ["B"], [WEDNESDAY], 2),
        ],
        [("A", 0, ("Ann", "Bob")), ("A", 7, ("Ann", "Bob")), ("B", 9, ("Cal", "Dee"))],
    )
    bounds = apart.Bounds(plan)
    second = ids["A", 7]
    assert not apart._give(plan, second, at["Ann"], bounds)  # Cal is not free
    assert apart._give_on(plan, second, at["Ann"], bounds)
    assert groups(plan) == [
        ("A", "2027-02-01", ("Ann", "Bob")),
        ("A", "2027-02-08", ("Bob", "Cal")),
        ("B", "2027-02-10", ("Dee", "Eve")),
    ]
    assert plan.load == [1, 2, 1, 1, 1]
    assert plan.score[4] == 0  # no pair meets twice
    assert violations(problem, _visits(plan)) == []


def swap_at_b(fay_free: bool):
    """Ann and Bob meet at A on both Mondays; Cal, new to Bob, goes to B on Wednesday with
    Dee, where Ann could go too: Ann and Cal may trade. Fay (Ann's limit, a visit fewer
    than Ann) is on B's panel, free on Wednesdays if ``fay_free``."""
    fay_days = [WEDNESDAY] if fay_free else [MONDAY]
    return two_suites(
        [
            ("Ann", ["A", "B"], [MONDAY, WEDNESDAY], 4),
            ("Bob", ["A"], [MONDAY], 4),
            ("Cal", ["A", "B"], [MONDAY, WEDNESDAY], 3),
            ("Dee", ["B"], [WEDNESDAY], 3),
            ("Fay", ["B"], fay_days, 4),
        ],
        [("A", 0, ("Ann", "Bob")), ("A", 7, ("Ann", "Bob")), ("B", 9, ("Cal", "Dee"))],
    )


def test_a_swap_that_leaves_someone_too_far_above_a_stand_in_is_not_made():
    _, plan, at, ids = swap_at_b(fay_free=True)
    before = groups(plan)
    bounds = apart.Bounds(plan)
    bounds.alike = 1  # Ann (2 visits) on B would be 2 above Fay (0), who could go instead
    assert not apart._swap(plan, ids["A", 7], at["Ann"], bounds)
    assert groups(plan) == before
    assert plan.log == []


def test_a_swap_that_parts_a_pair_is_made_where_no_stand_in_is_left_behind():
    problem, plan, at, ids = swap_at_b(fay_free=False)
    bounds = apart.Bounds(plan)
    bounds.alike = 1
    assert apart._swap(plan, ids["A", 7], at["Ann"], bounds)
    assert groups(plan) == [
        ("A", "2027-02-01", ("Ann", "Bob")),
        ("A", "2027-02-08", ("Bob", "Cal")),
        ("B", "2027-02-10", ("Ann", "Dee")),
    ]
    assert plan.load == [2, 2, 1, 1, 0]
    assert violations(problem, _visits(plan)) == []
