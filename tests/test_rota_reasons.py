"""Each unfilled visit gets the reason that applies to it (pure: no app)."""

from __future__ import annotations

from datetime import date

from icv.rota.engine.problem import Unfilled, Visit, parse_problem, week_of, week_words
from icv.rota.engine.reasons import diagnose

ANY_DAY = [[day, "day"] for day in range(7)]


def two_weeks(*volunteers: dict, nuneaton: int = 7):
    """Two weeks of February 2027: Leamington Spa needs a visit a week, Nuneaton ``nuneaton``;
    three days at least between a volunteer's visits."""
    return parse_problem(
        {
            "period": {"start": "2027-02-01", "end": "2027-02-14"},
            "bands": [{"id": "day", "start": "10:00", "end": "14:00"}],
            "suites": [
                {"id": "S01", "visits_per_week": 1, "name": "Leamington Spa"},
                {"id": "S02", "visits_per_week": nuneaton, "name": "Nuneaton"},
            ],
            "volunteers": list(volunteers),
            "rules": {"visitors_per_visit": 2, "min_days_between": 3},
        }
    )


def problem():
    """Nuneaton needs two visits a week; Ann and Ben may visit Leamington Spa once a month, on
    Mondays and Sundays; Cat and Dev either suite as often as the days between visits allow."""
    sundays_and_mondays = [[0, "day"], [6, "day"]]
    return two_weeks(
        *[
            {"id": n, "suites": ["S01"], "available": sundays_and_mondays, "max_per_month": 1}
            for n in ("ann", "ben")
        ],
        *[{"id": n, "suites": ["S01", "S02"], "available": ANY_DAY} for n in ("cat", "dev")],
        nuneaton=2,
    )


def visit(suite: str, day: int, *people: str) -> Visit:
    return Visit(suite, date(2027, 2, day), "day", people)


def test_weeks_read_as_dates():
    assert week_of("2027-W07") == "week of 15 February 2027"
    assert week_words("2027-W01") == "the week of 4 January 2027"
    assert week_words("2026-W53") == "the week of 28 December 2026"


def test_each_gap_gets_the_reason_that_applies_to_it():
    visits = [
        visit("S01", 7, "ann", "ben"),  # Ann and Ben have had February's visit
        visit("S02", 9, "cat", "dev"),  # Cat and Dev are busy all the next week
        visit("S02", 12, "cat", "dev"),
    ]
    assert diagnose(problem(), visits) == [
        Unfilled(
            "S01",
            "2027-W06",
            "of the 4 volunteers available for Leamington Spa in the week of 8 February 2027, "
            "2 have reached their monthly limit and 2 have another visit less than 3 days away",
            "none_free",
            {
                **{"suite": "Leamington Spa", "week": "2027-W06", "visitors": 2},
                **{"close": "days", "gap": 3, "total": 4, "full": 2, "near": 2},
            },
        ),
        # Nuneaton's first week was left empty by hand: Cat and Dev could still go.
        *[
            Unfilled(
                "S02",
                "2027-W05",
                "a pair is free to visit Nuneaton in the week of 1 February 2027: add a visit",
                "add_a_visit",
                {"suite": "Nuneaton", "week": "2027-W05", "visitors": 2},
            )
        ]
        * 2,
    ]


def test_one_cause_for_everyone_is_said_once():
    limited = [
        {"id": n, "suites": ["S01"], "available": ANY_DAY, "max_per_month": 1} for n in ("a", "b")
    ]
    found = diagnose(two_weeks(*limited), [visit("S01", 1, "a", "b")])
    assert [gap for gap in found if gap.suite == "S01"] == [
        Unfilled(
            "S01",
            "2027-W06",
            "everyone available for Leamington Spa in the week of 8 February 2027 has reached "
            "their monthly limit",
            "all_at_limit",
            {
                "suite": "Leamington Spa",
                "week": "2027-W06",
                "visitors": 2,
                "close": "days",
                "gap": 3,
            },
        )
    ]
    busy = [{"id": n, "suites": ["S01", "S02"], "available": ANY_DAY} for n in ("c", "d")]
    elsewhere = [visit("S02", day, "c", "d") for day in (1, 4, 7, 10, 13)]
    assert [gap.reason for gap in diagnose(two_weeks(*busy), elsewhere) if gap.suite == "S01"] == [
        "everyone available for Leamington Spa in the week of 1 February 2027 already has "
        "another visit less than 3 days away",
        "everyone available for Leamington Spa in the week of 8 February 2027 already has "
        "another visit less than 3 days away",
    ]
