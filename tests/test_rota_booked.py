"""Days a volunteer already visits outside the problem (``booked``, e.g. in the rota before):
the solver and the checker count them for the monthly limit and the spacing rule."""

from __future__ import annotations

from datetime import date

import pytest

from icv.rota.engine.checker import violations
from icv.rota.engine.problem import ProblemError, parse_problem, problem_to_json
from icv.rota.engine.solver import solve
from tests.rota_examples import tiny_raw, visit


def january(booked: list[str]) -> dict:
    """11 January to 7 February 2027; one suite wanting 2 visits a week; four volunteers free
    every day, three visits a month each; v1 has ``booked`` days in the rota before."""
    people = [
        {"id": f"v{n}", "suites": ["S1"], "available": [[d, "day"] for d in range(7)]}
        for n in range(1, 5)
    ]
    for person in people:
        person["max_per_month"] = 3
    people[0]["booked"] = booked
    return {
        "period": {"start": "2027-01-11", "end": "2027-02-07"},
        "bands": [{"id": "day", "start": "10:00", "end": "14:00"}],
        "suites": [{"id": "S1", "visits_per_week": 2}],
        "volunteers": people,
        "rules": {"visitors_per_visit": 2, "min_days_between": 3},
    }


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_solver_counts_a_month_partly_used_and_keeps_clear_of_booked_days(seed):
    raw = january(["2027-01-04", "2027-01-09"])
    raw["seed"] = seed
    problem = parse_problem(raw)
    solution = solve(problem)
    assert violations(problem, solution.visits) == []
    days = [v.date for v in solution.visits if "v1" in v.volunteers]
    assert len([day for day in days if day.month == 1]) == 1  # 3 a month, 2 already booked
    assert min(days) >= date(2027, 1, 12)  # 3 days after the 9th
    # January's 3 weeks need 12 places: 3 each for v2 to v4 and the 1 left to v1 fill 10
    january_visits = [v for v in solution.visits if v.date.month == 1]
    assert len(january_visits) == 5


def test_without_booked_days_the_same_problem_fills_january():
    solution = solve(parse_problem(january([])))
    assert len([v for v in solution.visits if v.date.month == 1]) == 6


def test_the_checker_counts_booked_days_for_spacing_and_the_monthly_limit():
    raw = tiny_raw()
    raw["volunteers"][0].update(max_per_month=2, booked=["2027-01-30", "2027-02-13"])
    problem = parse_problem(raw)
    rota = [
        visit("S01", "2027-02-01", "day", "v001", "v003"),
        visit("S02", "2027-02-05", "evening", "v001", "v002"),
    ]
    found = [(v.rule, v.message, v.visits) for v in violations(problem, rota)]
    assert found == [
        (
            "spacing",
            "Val Volunteer has visits on 30 Jan 2027 and 1 Feb 2027: "
            "they must be at least 3 days apart",
            (0,),
        ),
        ("monthly", "Val Volunteer has 3 visits in February 2027: at most 2 a month", (0, 1)),
    ]
    assert violations(problem, rota[1:]) == []  # 5 and 13 February: 2 in the month


def test_a_visit_on_a_booked_day_is_a_second_visit_that_day():
    raw = tiny_raw()
    raw["volunteers"][1]["booked"] = ["2027-02-05"]
    rota = [visit("S02", "2027-02-05", "evening", "v001", "v002")]
    found = [(v.rule, v.message) for v in violations(parse_problem(raw), rota)]
    assert found == [("same_day", "Sam Smith has two visits on 5 Feb 2027")]


def test_booked_days_round_trip_through_json_and_files_without_them_still_load():
    raw = tiny_raw()
    raw["volunteers"][0]["booked"] = ["2027-01-29", "2027-02-20"]
    problem = parse_problem(raw)
    assert problem.volunteers[0].booked == (date(2027, 1, 29), date(2027, 2, 20))
    again = problem_to_json(problem)
    assert again["volunteers"][0]["booked"] == ["2027-01-29", "2027-02-20"]
    assert parse_problem(again) == problem
    plain = parse_problem(tiny_raw())
    assert plain.volunteers[0].booked == ()
    assert "booked" not in problem_to_json(plain)["volunteers"][0]


def test_a_booked_day_that_is_not_a_date_gets_a_one_line_message():
    raw = tiny_raw()
    raw["volunteers"][0]["booked"] = ["2027-01-29", "29/01/2027"]
    with pytest.raises(ProblemError) as caught:
        parse_problem(raw)
    assert str(caught.value) == (
        'volunteer v001: booked[1] must be a date YYYY-MM-DD, got "29/01/2027"'
    )


def test_a_month_used_up_elsewhere_keeps_the_volunteer_off_it():
    raw = january(["2027-01-02", "2027-01-05", "2027-01-08"])
    solution = solve(parse_problem(raw))
    days = [v.date for v in solution.visits if "v1" in v.volunteers]
    assert days
    assert all(day >= date(2027, 2, 1) for day in days)
