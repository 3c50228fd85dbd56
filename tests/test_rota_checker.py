"""The checker: every hard rule, broken on purpose, caught with its message; quality figures."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from bench.rota_instances import instance
from icv.rota.engine.checker import Violation, quality, required_visits, violations
from icv.rota.engine.problem import Solution, SuiteSpec, Unfilled, Visit, parse_problem
from tests.rota_examples import tiny, tiny_raw, visit


def found(problem, *visits):
    return [(v.rule, v.message) for v in violations(problem, list(visits))]


def with_changes(**changes):
    """The tiny instance with a volunteer's or suite's fields changed: v001={...}, S01={...}."""
    raw = tiny_raw()
    for key, fields in changes.items():
        items = raw["volunteers"] if key.startswith("v") else raw["suites"]
        next(item for item in items if item["id"] == key).update(fields)
    return parse_problem(raw)


def test_a_valid_rota_breaks_no_rule():
    problem = tiny()
    rota = [
        visit("S01", "2027-02-01", "day", "v001", "v003"),
        visit("S02", "2027-02-05", "evening", "v001", "v002"),
        visit("S01", "2027-02-08", "day", "v003", "v005"),
        visit("S02", "2027-02-12", "evening", "v001", "v002"),
    ]
    assert violations(problem, rota) == []


@pytest.mark.parametrize(
    ("problem", "visits", "expected"),
    [
        (
            tiny(),
            [visit("S01", "2027-02-01", "day", "v001")],
            [("visitors", "The visit to Leamington Spa on 1 Feb 2027 has 1 visitor: it needs 2")],
        ),
        (
            tiny(),
            [visit("S01", "2027-02-01", "day", "v001", "v001")],
            [
                ("visitors", "The visit to Leamington Spa on 1 Feb 2027 has 1 visitor: it needs 2"),
                ("visitors", "Val Volunteer is on the visit to Leamington Spa on 1 Feb 2027 twice"),
            ],
        ),
        (
            tiny(),
            [visit("S02", "2027-02-01", "day", "v001", "v003")],
            [("panel", "Pat Probationer is not on the panel for Nuneaton")],
        ),
        (
            tiny(),
            [visit("S01", "2027-02-02", "day", "v001", "v002")],
            [
                ("availability", "Val Volunteer is not available on Tuesdays (day)"),
                ("availability", "Sam Smith is not available on Tuesdays (day)"),
            ],
        ),
        (
            with_changes(S01={"bands": ["day"]}),
            [visit("S01", "2027-02-03", "evening", "v001", "v002")],
            [("band", "Leamington Spa is not visited in the evening band")],
        ),
        (
            with_changes(v001={"away": [["2027-02-03", "2027-02-05"]]}),
            [visit("S01", "2027-02-03", "day", "v001", "v002")],
            [("away", "Val Volunteer is away on 3 Feb 2027")],
        ),
        (
            with_changes(S01={"closed": [["2027-02-03", "2027-02-03"]]}),
            [visit("S01", "2027-02-03", "day", "v001", "v002")],
            [("closed", "Leamington Spa is closed on 3 Feb 2027")],
        ),
        (
            tiny(),
            [visit("S01", "2027-02-01", "day", "v003", "v004")],
            [
                (
                    "probation",
                    "Pat Probationer and Pip Probationer are both on probation: "
                    "at most one probationer a visit",
                )
            ],
        ),
        (
            tiny(),
            [visit("S01", "2027-02-01", "day", "v001", "v005")],
            [("avoid", "Val Volunteer and Ash Avoider are not to visit together")],
        ),
        (
            tiny(),
            [
                visit("S01", "2027-02-01", "day", "v003", "v005"),
                visit("S01", "2027-02-05", "evening", "v001", "v002"),
            ],
            [("suite_week", "Leamington Spa already has 1 visit in the week of 1 February 2027")],
        ),
        (
            with_changes(S01={"visits_per_week": 2}),
            [
                visit("S01", "2027-02-01", "day", "v001", "v002"),
                visit("S01", "2027-02-01", "day", "v003", "v005"),
            ],
            [("suite_day", "Leamington Spa already has a visit on 1 Feb 2027")],
        ),
        (
            tiny(),
            [
                visit("S01", "2027-02-01", "day", "v001", "v003"),
                visit("S02", "2027-02-01", "day", "v001", "v002"),
            ],
            [("same_day", "Val Volunteer has two visits on 1 Feb 2027")],
        ),
        (
            tiny(),
            [
                visit("S01", "2027-02-01", "day", "v001", "v003"),
                visit("S02", "2027-02-03", "evening", "v001", "v002"),
            ],
            [
                (
                    "spacing",
                    "Val Volunteer has visits on 1 Feb 2027 and 3 Feb 2027: "
                    "they must be at least 3 days apart",
                )
            ],
        ),
        (
            with_changes(v001={"max_per_month": 1}),
            [
                visit("S01", "2027-02-01", "day", "v001", "v003"),
                visit("S02", "2027-02-05", "evening", "v001", "v002"),
            ],
            [("monthly", "Val Volunteer has 2 visits in February 2027: at most 1 a month")],
        ),
        (
            tiny(),
            [visit("S01", "2027-02-15", "day", "v001", "v002")],
            [
                (
                    "period",
                    "The visit to Leamington Spa on 15 Feb 2027 is outside the rota period "
                    "(1 Feb 2027 to 14 Feb 2027)",
                )
            ],
        ),
        (
            tiny(),
            [visit("S09", "2027-02-01", "night", "v001", "v999")],
            [
                ("unknown", 'unknown suite "S09"'),
                ("unknown", 'unknown band "night"'),
                ("unknown", 'unknown volunteer "v999"'),
                ("availability", "Val Volunteer is not available on Mondays (night)"),
                ("panel", "Val Volunteer is not on the panel for S09"),
            ],
        ),
    ],
)
def test_each_broken_rule_is_caught_with_its_message(problem, visits, expected):
    assert sorted(found(problem, *visits)) == sorted(expected)


def test_a_violation_names_the_visits_it_involves():
    problem = tiny()
    rota = [
        visit("S02", "2027-02-08", "day", "v001", "v002"),
        visit("S01", "2027-02-01", "day", "v001", "v003"),
        visit("S02", "2027-02-03", "evening", "v001", "v002"),
    ]
    spacing = [v for v in violations(problem, rota) if v.involves(1)]
    assert spacing == [
        Violation(
            rule="spacing",
            message="Val Volunteer has visits on 1 Feb 2027 and 3 Feb 2027: "
            "they must be at least 3 days apart",
            suite="S02",
            date=date(2027, 2, 3),
            volunteers=("v001",),
            visits=(1, 2),
        )
    ]
    assert [v for v in violations(problem, rota) if v.involves(0)] == []


def test_the_required_visits_leave_out_closed_days():
    assert required_visits(tiny()) == {
        ("S01", "2027-W05"): 1,
        ("S01", "2027-W06"): 1,
        ("S02", "2027-W05"): 1,
        ("S02", "2027-W06"): 1,
    }
    problem = with_changes(
        S01={"closed": [["2027-02-01", "2027-02-07"]]},
        S02={"visits_per_week": 2, "closed": [["2027-02-08", "2027-02-13"]]},
    )
    assert required_visits(problem) == {
        ("S01", "2027-W05"): 0,
        ("S01", "2027-W06"): 1,
        ("S02", "2027-W05"): 2,
        ("S02", "2027-W06"): 1,
    }


def test_the_required_visits_count_a_closure_to_the_day_at_a_weeks_edges(monkeypatch):
    problem = with_changes(
        # Sunday of W05 to Monday of W06: a day off each week
        S01={"visits_per_week": 7, "closed": [["2027-02-07", "2027-02-08"]]},
        # ends the Sunday before W05, starts the Monday after W06: no day of either
        S02={
            "visits_per_week": 7,
            "closed": [["2027-01-25", "2027-01-31"], ["2027-02-15", "2027-02-20"]],
        },
    )
    assert required_visits(problem) == {
        ("S01", "2027-W05"): 6,
        ("S01", "2027-W06"): 6,
        ("S02", "2027-W05"): 7,
        ("S02", "2027-W06"): 7,
    }
    looked_at = []
    monkeypatch.setattr(SuiteSpec, "closed_on", lambda _suite, day: looked_at.append(day))
    # (coverage works this out for every suite of a year's rotas: most never close)
    required_visits(with_changes(S02={"closed": [["2027-01-25", "2027-01-31"]]}))
    assert looked_at == []  # not one day of a week no closure touches


def test_the_quality_figures_of_a_small_rota():
    rota = Solution(
        visits=[
            visit("S01", "2027-02-01", "day", "v001", "v002"),
            visit("S02", "2027-02-05", "evening", "v001", "v002"),
            visit("S01", "2027-02-08", "day", "v001", "v002"),
        ],
        unfilled=[Unfilled("S02", "2027-W06", "whatever")],
    )
    figures = quality(tiny(), rota)
    assert (figures.filled, figures.required, figures.ratio) == (3, 4, 0.75)
    assert (figures.visits, figures.repeats, figures.repeat_rate) == (3, 1, 1 / 3)
    s01, s02 = figures.spread["S01"], figures.spread["S02"]
    assert (s01.visits, s01.weekdays_used, s01.bands_used, s01.weekday_gap, s01.band_gap) == (
        2,
        1,
        1,
        2,
        2,
    )
    assert (s02.visits, s02.weekdays_used, s02.bands_used, s02.weekday_gap, s02.band_gap) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert figures.load == {"v001": 3, "v002": 3, "v003": 0, "v004": 0, "v005": 0}
    assert (figures.load_spread, figures.idle) == (3, ("v003", "v004", "v005"))
    assert (figures.repeated_pairs, figures.pair_repeats) == ({("v001", "v002"): 3}, 2)
    assert figures.heatmap["S01"] == ((2, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0))
    assert figures.heatmap["S02"][4] == (0, 1)
    assert figures.summary() == (3, 1, 2, 2, 3, 3, 2)


def test_someone_with_no_possible_partner_could_not_have_gone():
    problem = with_changes(v005={"available": [[6, "evening"]]})
    figures = quality(problem, Solution(visits=[], unfilled=[]))
    assert "v005" not in figures.load
    assert figures.idle == ("v001", "v002", "v003", "v004")


def test_it_checks_a_metropolitan_quarter_of_random_visits():
    # How long it takes is measured by bench/rota_checker_speed.py, not here.
    problem = parse_problem(instance("metropolitan"))
    rng = random.Random(1)
    visits = []
    for _ in range(650):
        suite = rng.choice(problem.suites)
        panel = [v.id for v in problem.volunteers if suite.id in v.suites]
        day = problem.start + timedelta(days=rng.randrange((problem.end - problem.start).days))
        visits.append(
            Visit(suite.id, day, rng.choice(problem.band_ids), tuple(rng.sample(panel, 2)))
        )
    found_now = violations(problem, visits)
    assert len(found_now) == 1700  # the same draw as bench/rota_checker_speed.py
