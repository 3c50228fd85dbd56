"""A suite holding people under the Terrorism Act is never rostered without a visitor whose
TACT training is in date on the visit's day: the solver (pure), the checker, and the rota's
checks of changes by hand (a swap) built from the database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from icv.rota.engine.checker import violations
from icv.rota.engine.jsonformat import problem_as_json, problem_from_json
from icv.rota.engine.solver import solve
from tests.rota_examples import tiny, visit

#: Sam's TACT training is in date up to and including Friday 5 February 2027 (week 1 only).
SAM_IN_DATE = (date(2026, 2, 6), date(2027, 2, 5))


def tact_problem(seed: int = 7, trained=(("v002", (SAM_IN_DATE,)),)):
    """The tiny instance with Leamington Spa (S01) holding TACT detainees."""
    return replace(tiny(), tact_suites=frozenset({"S01"}), tact_trained=trained, seed=seed)


@pytest.mark.parametrize("seed", range(6))
def test_the_solver_never_sends_a_pair_without_tact_training_to_a_tact_suite(seed):
    problem = tact_problem(seed)
    solution = solve(problem)
    at_tact = [v for v in solution.visits if v.suite == "S01"]
    assert at_tact, "week 1 can be visited with Sam"
    for planned in at_tact:
        assert "v002" in planned.volunteers
        assert planned.date <= date(2027, 2, 5)
    # In the second week nobody is TACT-trained: that visit is left unfilled, not rostered.
    assert [(u.suite, u.week, u.reason) for u in solution.unfilled if u.suite == "S01"] == [
        (
            "S01",
            "2027-W06",
            "nobody available for Leamington Spa in the week of 8 February 2027 has TACT "
            "training in date (it holds people under the Terrorism Act)",
        )
    ]
    assert violations(problem, solution.visits) == []


def test_without_a_tact_suite_the_rota_is_as_before():
    plain = replace(tiny(), tact_trained=(("v002", (SAM_IN_DATE,)),))
    assert solve(plain) == solve(tiny())


def test_the_checker_refuses_a_tact_visit_without_a_trained_visitor():
    problem = tact_problem()
    found = violations(problem, [visit("S01", "2027-02-01", "day", "v001", "v003")])
    assert [(v.rule, v.message) for v in found] == [
        (
            "tact",
            "Leamington Spa holds people under the Terrorism Act: the visit on 1 Feb 2027 "
            "needs a visitor whose TACT training is in date that day",
        )
    ]


def test_the_checker_counts_training_in_date_up_to_its_last_day_exactly():
    problem = tact_problem()
    on_last_day = visit("S01", "2027-02-05", "evening", "v001", "v002")
    day_after = visit("S01", "2027-02-08", "day", "v002", "v003")
    assert [v.rule for v in violations(problem, [on_last_day])] == []
    assert [v.rule for v in violations(problem, [day_after])] == ["tact"]


def test_a_suite_without_tact_detainees_needs_no_tact_training():
    problem = tact_problem()
    assert violations(problem, [visit("S02", "2027-02-01", "day", "v001", "v002")]) == []


def test_the_tact_rule_goes_through_the_json_and_back():
    problem = tact_problem()
    raw = problem_as_json(problem)
    assert raw["tact"] == {
        "suites": ["S01"],
        "trained": {"v002": [["2026-02-06", "2027-02-05"]]},
    }
    again = problem_from_json(raw)
    assert (again.tact_suites, again.tact_trained) == (problem.tact_suites, problem.tact_trained)
    assert "tact" not in problem_as_json(tiny())  # a contract instance is unchanged
