"""The solver: never breaks a rule, reproducible for a seed, maximal coverage, reasons to act on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest

from bench.rota_instances import SHAPES, Shape, generate
from icv.rota.engine import solver
from icv.rota.engine.checker import quality, required_visits, violations
from icv.rota.engine.problem import Unfilled, parse_problem, problem_to_json
from icv.rota.engine.solver import solve
from tests.rota_examples import tiny_raw

SMALL = Shape(suites=3, volunteers=12, weeks=4)
GENERATED = [
    (SHAPES["small-1"], 1, {}),
    (SHAPES["small-2"], 2, {}),
    (SHAPES["small-3"], 3, {}),
    (SHAPES["small-4"], 4, {}),
    (SMALL, 5, {}),
    (SMALL, 6, {"visitors_per_visit": 3}),
    (SMALL, 7, {"min_days_between": 0}),
    (SMALL, 8, {"min_days_between": 1}),
    (SMALL, 9, {"min_days_between": 7}),
    (Shape(suites=2, volunteers=10, weeks=6, limits=(1,)), 10, {}),
]


@pytest.fixture
def quick(monkeypatch):
    """Less search than in use (every step still runs), to keep the suite fast."""
    monkeypatch.setattr(solver, "effort", lambda _ix: (1, 200, 100))
    monkeypatch.setattr(solver, "POLISH_ROUNDS", 60)


@pytest.mark.parametrize(("shape", "seed", "rules"), GENERATED)
def test_it_never_breaks_a_rule(quick, shape, seed, rules):
    raw = generate(shape, seed)
    raw["rules"].update(rules)
    problem = parse_problem(raw)
    solution = solve(problem)
    assert violations(problem, solution.visits) == []
    figures = quality(problem, solution)
    assert figures.filled == figures.visits  # never a visit the suite-week does not need
    assert len(solution.unfilled) == figures.required - figures.filled
    assert all(gap.reason for gap in solution.unfilled)


def test_the_same_problem_and_seed_give_the_same_rota_in_another_process(tmp_path):
    raw = generate(SHAPES["small-1"], 8)
    first = json.dumps(solve(parse_problem(raw)).to_json())
    assert json.dumps(solve(parse_problem(raw)).to_json()) == first
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(raw))
    script = (
        "import json, sys; from icv.rota.engine.problem import parse_problem; "
        "from icv.rota.engine.solver import solve; "
        "print(json.dumps(solve(parse_problem(json.load(open(sys.argv[1])))).to_json()))"
    )
    other = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert other.stdout.strip() == first


def roomy() -> dict:
    """One suite, a visit a week for four weeks, eight people free on weekdays, day and evening:
    the best rota has everyone once, no pair twice, four weekdays and both bands twice."""
    raw = tiny_raw()
    raw["period"] = {"start": "2027-03-01", "end": "2027-03-28"}
    raw["suites"] = [{"id": "S01", "visits_per_week": 1}]
    free = [[day, band] for day in range(5) for band in ("day", "evening")]
    raw["volunteers"] = [
        {"id": f"v{n}", "suites": ["S01"], "available": free, "max_per_month": 4}
        for n in range(1, 9)
    ]
    return raw


def test_another_seed_gives_another_rota_as_good():
    problem = parse_problem(roomy())
    rotas = {seed: solve(replace(problem, seed=seed)) for seed in (1, 2, 3)}
    shapes = {json.dumps(rota.to_json()) for rota in rotas.values()}
    assert len(shapes) == 3
    for rota in rotas.values():
        assert quality(problem, rota).summary() == (4, 0, 1, 0, 0, 0, 0)


def known_optimum() -> dict:
    """Leamington Spa needs a visit a week for two weeks; four people may go once in February:
    Ann and Bob only on Monday daytime, Cat and Dan only on Friday evening. Nuneaton's panel is
    Eve alone."""
    raw = tiny_raw()
    raw["suites"] = [
        {"id": "S01", "visits_per_week": 1, "name": "Leamington Spa"},
        {"id": "S02", "visits_per_week": 1, "name": "Nuneaton"},
    ]
    monday, friday = [[0, "day"]], [[4, "evening"]]
    people = [("ann", monday), ("bob", monday), ("cat", friday), ("dan", friday)]
    raw["volunteers"] = [
        {"id": who, "suites": ["S01"], "available": when, "max_per_month": 1}
        for who, when in people
    ] + [{"id": "eve", "suites": ["S02"], "available": monday + friday}]
    return raw


def test_it_reaches_a_known_optimum_and_explains_the_impossible_visits():
    problem = parse_problem(known_optimum())
    solution = solve(problem)
    assert sorted((v.date.weekday(), v.band, v.volunteers) for v in solution.visits) == [
        (0, "day", ("ann", "bob")),
        (4, "evening", ("cat", "dan")),
    ]
    assert {v.date.isocalendar()[1] for v in solution.visits} == {5, 6}
    small = ("small_panel", {"suite": "Nuneaton", "count": 1})
    assert solution.unfilled == [
        Unfilled("S02", week, "only one volunteer is on the panel for Nuneaton", *small)
        for week in ("2027-W05", "2027-W06")
    ]


def test_a_monthly_limit_leaves_a_week_unfilled_with_its_reason():
    raw = known_optimum()
    raw["volunteers"] = raw["volunteers"][:2]
    raw["suites"] = raw["suites"][:1]
    solution = solve(parse_problem(raw))
    assert len(solution.visits) == 1
    (gap,) = solution.unfilled
    filled_week = solution.visits[0].date.isocalendar()[1]
    assert gap.week == ("2027-W06" if filled_week == 5 else "2027-W05")
    week = "8 February 2027" if filled_week == 5 else "1 February 2027"
    assert gap.reason == (
        f"everyone available for Leamington Spa in the week of {week} has reached their "
        "monthly limit"
    )


def changed(edit) -> dict:
    raw = tiny_raw()
    edit(raw)
    return raw


def add_suite(*members: int):
    def edit(raw):
        raw["suites"].append({"id": "S03", "visits_per_week": 1, "name": "Rugby"})
        for n in members:
            raw["volunteers"][n]["suites"].append("S03")

    return edit


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (changed(add_suite()), "no volunteers on the panel for Rugby"),
        (changed(add_suite(0)), "only one volunteer is on the panel for Rugby"),
        (
            changed(add_suite(2, 3)),
            "only probationers are available for Rugby in the week of 1 February 2027",
        ),
        (
            changed(add_suite(0, 4)),
            "every pair available for Rugby in the week of 1 February 2027 includes people who "
            "avoid each other",
        ),
        (
            changed(lambda raw: raw["volunteers"][1].update(available=[])),
            "no available pair on the panel for Nuneaton in the week of 1 February 2027",
        ),
        (
            changed(lambda raw: raw["suites"][0].update(visits_per_week=4)),
            "a pair is available for Leamington Spa on only 3 days in the week of 1 February 2027",
        ),
    ],
)
def test_each_unfilled_visit_has_a_reason_to_act_on(raw, reason):
    solution = solve(parse_problem(raw))
    assert reason in {gap.reason for gap in solution.unfilled if gap.week == "2027-W05"}
    assert violations(parse_problem(raw), solution.visits) == []


def test_a_hopeless_problem_still_gets_a_rota():
    no_whole_week = changed(
        lambda raw: raw.update(period={"start": "2027-02-03", "end": "2027-02-12"})
    )
    assert solve(parse_problem(no_whole_week)).to_json() == {"visits": [], "unfilled": []}
    nobody = changed(lambda raw: raw.update(volunteers=[]))
    solution = solve(parse_problem(nobody))
    assert solution.visits == []
    assert [gap.reason for gap in solution.unfilled] == [
        "no volunteers on the panel for Leamington Spa",
        "no volunteers on the panel for Leamington Spa",
        "no volunteers on the panel for Nuneaton",
        "no volunteers on the panel for Nuneaton",
    ]


def test_a_closed_week_needs_no_visit_and_closed_days_get_none():
    raw = tiny_raw()
    raw["suites"][0]["closed"] = [["2027-02-01", "2027-02-07"], ["2027-02-08", "2027-02-09"]]
    problem = parse_problem(raw)
    solution = solve(problem)
    assert required_visits(problem)["S01", "2027-W05"] == 0
    (only,) = [v.date for v in solution.visits if v.suite == "S01"]
    assert only in (date(2027, 2, 10), date(2027, 2, 12))
    assert violations(problem, solution.visits) == []
    assert problem_to_json(problem)["suites"][0]["closed"] == raw["suites"][0]["closed"]
