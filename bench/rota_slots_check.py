"""The least plain load spread any times could give a long rota under each part's spread rule
(bench/rota_slots_bound.py and rota_slots_month.py, integer models: they need the ``bench``
extras for OR-Tools, which ``make setup`` does not install, so these checks of the models
live with them in bench/ and run only when asked):

    .venv/bin/pip install -e '.[bench]'
    PYTHONPATH=. .venv/bin/pytest -q -p no:cacheprovider bench/rota_slots_check.py
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from icv.rota.engine.problem import Problem, parse_problem

pytest.importorskip("ortools")

from bench.rota_slots_bound import least_year_spread, share, weekday_runs, witness
from bench.rota_slots_month import least_spread_by_month

MONDAY = date(2027, 1, 4)
EVERY_DAY = [[weekday, "day"] for weekday in range(7)]


def _problem(free: dict[str, list[list]], weeks: int = 14) -> Problem:
    """One suite visited once a week by day, everyone on its panel; ``free``: each one's times.
    Fourteen weeks are two parts of seven (icv/rota/engine/horizon.py)."""
    end = MONDAY + timedelta(days=7 * weeks - 1)
    return parse_problem(
        {
            "period": {"start": MONDAY.isoformat(), "end": end.isoformat()},
            "bands": [{"id": "day", "start": "10:00", "end": "14:00"}],
            "suites": [{"id": "S01", "visits_per_week": 1}],
            "volunteers": [
                {"id": person, "suites": ["S01"], "available": times}
                for person, times in free.items()
            ],
            "rules": {"visitors_per_visit": 2, "min_days_between": 1},
        }
    )


def test_the_fair_share_of_a_weekday_is_the_score_s_give_or_take_one():
    assert share(7, 7) == (0, 2)
    assert share(26, 7) == (2, 5)
    assert share(26, 5) == (4, 7)


def test_people_free_on_mondays_only_are_held_by_the_weekday_share_of_each_part():
    mondays = [[0, "day"]]
    problem = _problem({"a": mondays, "b": mondays, "c": EVERY_DAY, "d": EVERY_DAY})
    # each part has 7 visits, at most 2 on a Monday: a and b go on at most 4 in all, so c and
    # d share at least 28 - 8 = 20 places, one of them 10: a spread of 6, and 6 is reached
    answer = least_year_spread(problem, seconds=30)
    assert (answer.spread, answer.optimal, answer.floor) == (6, True, 4)
    assert least_year_spread(problem, seconds=30, at_most=5).spread == -1
    # visits placed day by day, people counted by month: the same
    by_month = least_spread_by_month(problem, seconds=30)
    assert (by_month.spread, by_month.optimal, by_month.floor) == (6, True, 4)
    # the real rules agree: a rota with spread 6 exists, none with 5
    assert witness(problem, 6, seconds=30).spread == 6
    assert witness(problem, 5, seconds=30).spread == -1


def test_people_free_alike_can_share_the_visits_evenly():
    problem = _problem({"a": EVERY_DAY, "b": EVERY_DAY, "c": EVERY_DAY, "d": EVERY_DAY})
    answer = least_year_spread(problem, seconds=30)
    assert (answer.spread, answer.optimal, answer.floor) == (0, True, 7)
    by_month = least_spread_by_month(problem, seconds=30)
    assert (by_month.spread, by_month.optimal, by_month.floor) == (0, True, 7)


def test_a_visit_in_each_block_of_three_days_at_most():
    fortnight = [MONDAY + timedelta(days=i) for i in range(14)]
    runs = dict(weekday_runs(fortnight, 3))
    # Monday to Wednesday twice; Saturday, Sunday, Monday: the first Monday alone, then the
    # first weekend with the second Monday, then the second weekend
    assert runs[0, 1, 2] == 2
    assert runs[0, 5, 6] == 3
    assert dict(weekday_runs(fortnight, 1))[(3,)] == 2


def _slots(weekdays: list[int]) -> set[tuple[str, date, str]]:
    """One visit a week on these weekdays, week after week."""
    return {
        ("S01", MONDAY + timedelta(days=7 * week + weekday), "day")
        for week, weekday in enumerate(weekdays)
    }


def test_with_the_slots_fixed_only_the_people_are_looked_for():
    mondays = [[0, "day"]]
    problem = _problem({"a": mondays, "b": mondays, "c": EVERY_DAY, "d": EVERY_DAY})
    two_mondays = _slots([0, 0, 1, 2, 3, 4, 5] * 2)
    assert witness(problem, 6, seconds=30, slots=two_mondays).spread == 6
    # one Monday a part: a and b go twice, c and d share 24 places
    one_monday = _slots([0, 1, 2, 3, 4, 5, 6] * 2)
    assert witness(problem, 9, seconds=30, slots=one_monday).spread == -1
    assert witness(problem, 10, seconds=30, slots=one_monday).spread == 10
