"""Tiny rota instances for the rota tests, in the contract's JSON (docs/rota-problem.md)."""

from __future__ import annotations

import copy
from datetime import date, timedelta

from icv.rota.engine.problem import Problem, Visit, parse_problem

#: Two whole ISO weeks: 2027-W05 (Monday 1 February) and 2027-W06 (Monday 8 February).
TINY = {
    "period": {"start": "2027-02-01", "end": "2027-02-14"},
    "bands": [
        {"id": "day", "start": "10:00", "end": "14:00"},
        {"id": "evening", "start": "18:00", "end": "22:00"},
    ],
    "suites": [
        {"id": "S01", "visits_per_week": 1, "name": "Leamington Spa"},
        {"id": "S02", "visits_per_week": 1, "name": "Nuneaton"},
    ],
    "volunteers": [
        {
            "id": "v001",
            "name": "Val Volunteer",
            "suites": ["S01", "S02"],
            "available": [[0, "day"], [2, "day"], [2, "evening"], [4, "evening"]],
            "max_per_month": 4,
        },
        {
            "id": "v002",
            "name": "Sam Smith",
            "suites": ["S01", "S02"],
            "available": [[0, "day"], [2, "day"], [2, "evening"], [4, "evening"]],
        },
        {
            "id": "v003",
            "name": "Pat Probationer",
            "suites": ["S01"],
            "available": [[0, "day"], [2, "day"]],
            "probation": True,
        },
        {
            "id": "v004",
            "name": "Pip Probationer",
            "suites": ["S01"],
            "available": [[0, "day"], [2, "day"]],
            "probation": True,
        },
        {
            "id": "v005",
            "name": "Ash Avoider",
            "suites": ["S01"],
            "available": [[0, "day"]],
            "avoid": ["v001"],
        },
    ],
    "rules": {"visitors_per_visit": 2, "min_days_between": 3},
    "seed": 7,
}


def tiny_raw() -> dict:
    return copy.deepcopy(TINY)


def tiny() -> Problem:
    return parse_problem(tiny_raw())


def visit(suite: str, day: str, band: str, *people: str) -> Visit:
    return Visit(suite, date.fromisoformat(day), band, tuple(people))


#: ``one_suite``'s first day, and its volunteers' times: Monday and Thursday evenings.
ONE_SUITE_MONDAY = date(2027, 1, 4)
MONDAY_AND_THURSDAY = [[0, "evening"], [3, "evening"]]


def one_suite(people: dict[str, dict], weeks: int) -> Problem:
    """One suite visited twice a week in the evening, everyone on its panel, free on Monday
    and Thursday evenings, limit 9 a month; ``people``: each one's id and what differs."""
    volunteers = [
        {
            "id": person,
            "suites": ["S01"],
            "available": MONDAY_AND_THURSDAY,
            "max_per_month": 9,
            **extra,
        }
        for person, extra in people.items()
    ]
    end = ONE_SUITE_MONDAY + timedelta(days=7 * weeks - 1)
    return parse_problem(
        {
            "period": {"start": ONE_SUITE_MONDAY.isoformat(), "end": end.isoformat()},
            "bands": [{"id": "evening", "start": "18:00", "end": "22:00"}],
            "suites": [{"id": "S01", "visits_per_week": 2}],
            "volunteers": volunteers,
            "rules": {"visitors_per_visit": 2, "min_days_between": 1},
        }
    )
