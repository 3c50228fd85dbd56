"""The rota problem format: parsing with one clear line per mistake, and the round trip."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest

from icv.rota.engine.problem import (
    BandSpec,
    Problem,
    ProblemError,
    Solution,
    SuiteSpec,
    Unfilled,
    VolunteerSpec,
    parse_problem,
    parse_solution,
    problem_to_json,
)
from tests.rota_examples import tiny, tiny_raw, visit


def test_it_parses_a_contract_instance():
    problem = tiny()
    assert problem.start == date(2027, 2, 1)
    assert problem.bands[1] == BandSpec("evening", time(18), time(22))
    assert problem.suites[0] == SuiteSpec("S01", 1, name="Leamington Spa")
    assert problem.volunteer_by_id["v005"] == VolunteerSpec(
        id="v005",
        suites=frozenset({"S01"}),
        available=frozenset({(0, "day")}),
        avoid=frozenset({"v001"}),
        name="Ash Avoider",
    )
    assert (problem.visitors_per_visit, problem.min_days_between, problem.seed) == (2, 3, 7)


def test_the_optional_parts_take_their_defaults():
    raw = tiny_raw()
    del raw["rules"], raw["seed"]
    raw["volunteers"] = [{"id": "v001", "suites": [], "available": []}]
    problem = parse_problem(raw)
    assert (problem.visitors_per_visit, problem.min_days_between, problem.seed) == (2, 3, 0)
    assert problem.volunteers[0] == VolunteerSpec("v001", frozenset(), frozenset())


def test_it_round_trips_through_json_with_the_extensions():
    raw = tiny_raw()
    raw["suites"][0]["bands"] = ["evening"]
    raw["suites"][0]["closed"] = [["2027-02-03", "2027-02-04"]]
    raw["volunteers"][0]["away"] = [["2027-02-10", "2027-02-12"]]
    problem = parse_problem(raw)
    again = problem_to_json(problem)
    assert parse_problem(again) == problem
    assert again["suites"][0] == {
        "id": "S01",
        "visits_per_week": 1,
        "name": "Leamington Spa",
        "bands": ["evening"],
        "closed": [["2027-02-03", "2027-02-04"]],
    }
    assert again["suites"][1] == {"id": "S02", "visits_per_week": 1, "name": "Nuneaton"}


def test_the_weeks_are_the_iso_weeks_wholly_inside_the_period():
    problem = replace(tiny(), start=date(2027, 1, 1), end=date(2027, 2, 13))
    assert problem.weeks() == (
        ("2027-W01", date(2027, 1, 4)),
        ("2027-W02", date(2027, 1, 11)),
        ("2027-W03", date(2027, 1, 18)),
        ("2027-W04", date(2027, 1, 25)),
        ("2027-W05", date(2027, 2, 1)),
    )
    assert replace(problem, start=date(2027, 1, 5), end=date(2027, 1, 10)).weeks() == ()


def test_messages_use_names_where_given():
    problem = tiny()
    assert problem.suite_label("S01") == "Leamington Spa"
    assert problem.volunteer_label("v002") == "Sam Smith"
    nameless = replace(problem.suites[1], name=None)
    assert nameless.label == "S02"


def change(path: str, value):
    """A tiny instance with the value at a dotted path (list indexes as numbers) replaced;
    a value of ``...`` deletes it."""
    raw = tiny_raw()
    *parents, last = [int(part) if part.isdigit() else part for part in path.split(".")]
    target = raw
    for part in parents:
        target = target[part]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return raw


BAD = [
    (["not", "an", "object"], "instance: must be an object, got a list"),
    (change("bands", ...), 'instance: missing "bands"'),
    (change("colour", "red"), 'instance: unknown field "colour"'),
    (
        change("period.start", "2027-02-30"),
        'period: start must be a date YYYY-MM-DD, got "2027-02-30"',
    ),
    (
        change("period", {"start": "2027-03-28", "end": "2027-01-01"}),
        "period: end 2027-01-01 is before start 2027-03-28",
    ),
    (change("bands.1.start", "25:00"), 'bands[1]: start must be HH:MM, got "25:00"'),
    (change("bands.1.id", "day"), 'bands[1]: duplicate id "day"'),
    (change("bands", []), "bands: there must be at least one band"),
    (change("suites.1.id", "S01"), 'suites[1]: duplicate id "S01"'),
    (change("suites.1.id", ""), 'suites[1]: id must be a non-empty string, got ""'),
    (
        change("suites.0.visits_per_week", 9),
        "suite S01: visits_per_week must be a whole number from 0 to 7, got 9",
    ),
    (
        change("suites.0.visits_per_week", "2"),
        'suite S01: visits_per_week must be a whole number from 0 to 7, got "2"',
    ),
    (change("suites.0.bands", ["night"]), 'suite S01: unknown band "night" in bands'),
    (
        change("suites.0.closed", [["2027-02-05", "2027-02-01"]]),
        "suite S01: closed[0] ends 2027-02-01 before it starts 2027-02-05",
    ),
    (
        change("suites.0.closed", [["2027-02-05"]]),
        'suite S01: closed[0] must be two dates ["YYYY-MM-DD", "YYYY-MM-DD"], got ["2027-02-05"]',
    ),
    (change("suites.0.name", ""), 'suite S01: name must be a non-empty string, got ""'),
    (change("volunteers.2.suites", ["S09"]), 'volunteer v003: unknown suite "S09" in suites'),
    (change("volunteers.2.avialable", []), 'volunteer v003: unknown field "avialable"'),
    (change("volunteers.2.available", ...), 'volunteer v003: missing "available"'),
    (
        change("volunteers.2.suites", ["S01", "S01"]),
        'volunteer v003: "S01" is listed twice in suites',
    ),
    (
        change("volunteers.0.available", [[7, "day"]]),
        'volunteer v001: available[0] must be [weekday 0-6, band], got [7, "day"]',
    ),
    (
        change("volunteers.0.available", [[1, "night"]]),
        'volunteer v001: unknown band "night" in available',
    ),
    (change("volunteers.0.avoid", ["v999"]), 'volunteer v001: unknown volunteer "v999" in avoid'),
    (change("volunteers.0.avoid", ["v001"]), "volunteer v001: cannot avoid themselves"),
    (
        change("volunteers.0.max_per_month", -1),
        "volunteer v001: max_per_month must be a whole number of at least 0, got -1",
    ),
    (
        change("volunteers.0.probation", "yes"),
        'volunteer v001: probation must be true or false, got "yes"',
    ),
    (
        change("volunteers.0.away", [["2027-02-10", "2027-02-01"]]),
        "volunteer v001: away[0] ends 2027-02-01 before it starts 2027-02-10",
    ),
    (change("volunteers.4.id", "v001"), 'volunteers[4]: duplicate id "v001"'),
    (
        change("rules.visitors_per_visit", 0),
        "rules: visitors_per_visit must be a whole number of at least 1, got 0",
    ),
    (
        change("rules.min_days_between", True),
        "rules: min_days_between must be a whole number of at least 0, got true",
    ),
    (change("seed", "x"), 'instance: seed must be a whole number of at least 0, got "x"'),
]


@pytest.mark.parametrize(("raw", "message"), BAD)
def test_each_mistake_gets_its_own_one_line_message(raw, message):
    with pytest.raises(ProblemError) as caught:
        parse_problem(raw)
    assert str(caught.value) == message


def test_a_problem_built_in_code_is_checked_too():
    with pytest.raises(ProblemError, match=r'^volunteer v9: unknown suite "S09" in suites$'):
        Problem(
            start=date(2027, 2, 1),
            end=date(2027, 2, 14),
            bands=(BandSpec("day", time(10), time(14)),),
            suites=(SuiteSpec("S01", 1),),
            volunteers=(VolunteerSpec("v9", frozenset({"S09"}), frozenset()),),
        )


def test_a_solution_round_trips_in_the_contract_shape():
    solution = Solution(
        visits=[
            visit("S02", "2027-02-03", "evening", "v001", "v002"),
            visit("S01", "2027-02-01", "day", "v002", "v003"),
        ],
        unfilled=[
            Unfilled("S02", "2027-W06", "no volunteers on the panel for Nuneaton", *NO_PANEL)
        ],
    )
    shape = solution.to_json()
    assert shape == {
        "visits": [
            {"suite": "S01", "date": "2027-02-01", "band": "day", "volunteers": ["v002", "v003"]},
            {
                "suite": "S02",
                "date": "2027-02-03",
                "band": "evening",
                "volunteers": ["v001", "v002"],
            },
        ],
        "unfilled": [
            {
                "suite": "S02",
                "week": "2027-W06",
                "reason": "no volunteers on the panel for Nuneaton",
                "code": "no_panel",
                "params": {"suite": "Nuneaton"},
            }
        ],
    }
    assert parse_solution(shape).to_json() == shape
    assert parse_solution(shape).unfilled == solution.unfilled


NO_PANEL = ("no_panel", {"suite": "Nuneaton"})


def test_a_solution_written_before_codes_reads_with_its_words_as_the_code_other():
    old = {"visits": [], "unfilled": [{"suite": "S02", "week": "2027-W06", "reason": "Closed"}]}
    [gap] = parse_solution(old).unfilled
    assert (gap.reason, gap.code, gap.params) == ("Closed", "other", {})
    assert gap.to_json()["params"] == {"text": "Closed"}
    with pytest.raises(
        ProblemError, match=r"^unfilled\[0\]: params must be an object, got a list$"
    ):
        parse_solution({"visits": [], "unfilled": [{**old["unfilled"][0], "params": []}]})


def test_a_malformed_solution_gets_a_one_line_message():
    with pytest.raises(
        ProblemError, match=r'^visits\[0\]: date must be a date YYYY-MM-DD, got "3 Feb"$'
    ):
        parse_solution(
            {
                "visits": [{"suite": "S01", "date": "3 Feb", "band": "day", "volunteers": []}],
                "unfilled": [],
            }
        )
