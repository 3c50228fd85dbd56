"""Allocation by week in the solver (pure): a suite and an ISO week a visit, rules per week."""

from __future__ import annotations

from datetime import date

import pytest

from bench.rota_instances import SHAPES, generate
from icv.rota.engine import solver
from icv.rota.engine.checker import violations
from icv.rota.engine.problem import (
    WEEK_BAND,
    ProblemError,
    Visit,
    parse_problem,
    parse_solution,
    problem_to_json,
)
from icv.rota.engine.solver import solve
from tests.rota_examples import tiny_raw


@pytest.fixture
def quick(monkeypatch):
    monkeypatch.setattr(solver, "effort", lambda _ix: (1, 200, 100))
    monkeypatch.setattr(solver, "POLISH_ROUNDS", 60)


def weekly(raw: dict) -> dict:
    raw["rules"]["allocation"] = "week"
    return raw


def one_suite(people: int, per_week: int, **rules) -> dict:
    """One suite, two whole weeks (2027-W05 and W06), ``people`` always available."""
    return {
        "period": {"start": "2027-02-01", "end": "2027-02-14"},
        "bands": [{"id": "day", "start": "10:00", "end": "14:00"}],
        "suites": [{"id": "S01", "visits_per_week": per_week}],
        "volunteers": [
            {"id": f"v{n}", "suites": ["S01"], "available": [[d, "day"] for d in range(7)]}
            for n in range(people)
        ],
        "rules": {"visitors_per_visit": 2, "min_days_between": 1, **rules},
    }


def week_visit(suite: str, monday: str, *people: str) -> Visit:
    return Visit(suite, date.fromisoformat(monday), WEEK_BAND, tuple(people))


def test_it_allocates_each_visit_a_suite_and_a_week(quick):
    problem = parse_problem(weekly(tiny_raw()))
    solution = solve(problem)
    out = solution.to_json()
    assert [(v["suite"], v["week"]) for v in out["visits"]] == [
        ("S01", "2027-W05"),
        ("S02", "2027-W05"),
        ("S01", "2027-W06"),
        ("S02", "2027-W06"),
    ]
    assert all(set(v) == {"suite", "week", "volunteers"} for v in out["visits"])
    assert out["unfilled"] == []
    assert violations(problem, solution.visits) == []


@pytest.mark.parametrize("seed", [1, 2])
def test_it_never_breaks_a_weekly_rule(quick, seed):
    raw = weekly(generate(SHAPES["small-1"], seed))
    problem = parse_problem(raw)
    solution = solve(problem)
    assert solution.visits
    assert violations(problem, solution.visits) == []
    assert all(v.date.weekday() == 0 and v.band == WEEK_BAND for v in solution.visits)


def test_a_volunteer_visits_at_most_once_a_week(quick):
    # Three people make two visits a week by day (two days apart), but only one by week.
    by_day = solve(parse_problem(one_suite(3, 2)))
    assert len(by_day.visits) == 4
    by_week = solve(parse_problem(weekly(one_suite(3, 2))))
    assert len(by_week.visits) == 2
    assert [(gap.week, gap.reason) for gap in by_week.unfilled] == [
        ("2027-W05", "only 1 of the 3 volunteers available for S01 in the week of "
         "1 February 2027 is free: 2 have another visit that week"),
        ("2027-W06", "only 1 of the 3 volunteers available for S01 in the week of "
         "8 February 2027 is free: 2 have another visit that week"),
    ]  # fmt: skip
    assert len(solve(parse_problem(weekly(one_suite(4, 2)))).visits) == 4


def test_one_free_day_in_the_week_is_enough_and_away_all_of_it_is_not(quick):
    raw = weekly(one_suite(2, 1))
    for person in raw["volunteers"]:
        person["available"] = [[4, "day"]]  # Fridays only
    raw["volunteers"][0]["away"] = [["2027-02-01", "2027-02-04"]]  # not the Friday 5th
    raw["volunteers"][1]["away"] = [["2027-02-09", "2027-02-12"]]  # Friday 12th too
    solution = solve(parse_problem(raw))
    assert [(v.date, v.volunteers) for v in solution.visits] == [(date(2027, 2, 1), ("v0", "v1"))]
    assert [gap.week for gap in solution.unfilled] == ["2027-W06"]


def test_a_suite_open_one_day_of_the_week_gets_its_visit(quick):
    raw = weekly(one_suite(2, 1))
    raw["suites"][0]["closed"] = [["2027-02-01", "2027-02-06"], ["2027-02-08", "2027-02-14"]]
    solution = solve(parse_problem(raw))
    assert [v.date for v in solution.visits] == [date(2027, 2, 1)]  # open on Sunday 7th


def test_the_monthly_limit_counts_a_week_in_the_month_of_its_monday(quick):
    # 2027-W13 runs Monday 29 March to Sunday 4 April: it counts in March.
    raw = weekly(one_suite(2, 1))
    raw["period"] = {"start": "2027-03-22", "end": "2027-04-11"}
    for person in raw["volunteers"]:
        person["max_per_month"] = 1
    solution = solve(parse_problem(raw))
    assert [v.date for v in solution.visits] == [date(2027, 3, 22), date(2027, 4, 5)]
    assert [gap.week for gap in solution.unfilled] == ["2027-W13"]


def test_the_checker_counts_the_rules_per_week():
    raw = weekly(one_suite(3, 2))
    raw["volunteers"][2]["booked"] = ["2027-02-12"]
    raw["volunteers"][1]["away"] = [["2027-02-08", "2027-02-14"]]
    problem = parse_problem(raw)
    visits = [
        week_visit("S01", "2027-02-01", "v0", "v1"),
        week_visit("S01", "2027-02-01", "v0", "v2"),  # v0 twice in one week
        week_visit("S01", "2027-02-08", "v1", "v2"),  # v1 away all week, v2 booked that week
    ]
    found = [(v.rule, v.visits, v.volunteers) for v in violations(problem, visits)]
    assert found == [
        ("away", (2,), ("v1",)),
        ("same_week", (0, 1), ("v0",)),
        ("same_week", (2,), ("v2",)),
    ]


def test_the_checker_wants_a_week_not_a_day_and_band():
    problem = parse_problem(weekly(one_suite(2, 1)))
    visits = [Visit("S01", date(2027, 2, 3), "day", ("v0", "v1"))]
    assert [v.rule for v in violations(problem, visits)] == ["band"]


def test_the_contract_json_carries_the_allocation_in_both_modes():
    day = parse_problem(tiny_raw())
    assert day.allocation == "day"
    assert problem_to_json(day)["rules"] == {
        "visitors_per_visit": 2,
        "min_days_between": 3,
        "allocation": "day",
    }
    week = parse_problem(weekly(tiny_raw()))
    assert problem_to_json(week)["rules"]["allocation"] == "week"
    assert parse_problem(problem_to_json(week)) == week
    raw = tiny_raw()
    raw["rules"]["allocation"] = "fortnight"
    with pytest.raises(ProblemError, match='rules: allocation must be "day" or "week"'):
        parse_problem(raw)


def test_a_solution_by_week_reads_back():
    raw = {
        "visits": [{"suite": "S01", "week": "2027-W06", "volunteers": ["v1", "v2"]}],
        "unfilled": [],
    }
    solution = parse_solution(raw)
    assert solution.visits == [week_visit("S01", "2027-02-08", "v1", "v2")]
    assert solution.to_json() == raw
    raw["visits"][0]["week"] = "February"
    with pytest.raises(ProblemError, match='visits\\[0\\]: week must be like "2027-W05"'):
        parse_solution(raw)
