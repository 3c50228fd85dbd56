"""The least load spread any rota could have at a rota's slots (icv/rota/engine/least_spread.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from icv.rota.engine.least_spread import least_load_spread
from icv.rota.engine.problem import Problem, Visit
from tests.rota_examples import MONDAY_AND_THURSDAY, ONE_SUITE_MONDAY, one_suite

MONDAY = ONE_SUITE_MONDAY
THURSDAY = MONDAY + timedelta(days=3)
BOTH = MONDAY_AND_THURSDAY


def _problem(people: dict[str, dict], weeks: int = 4) -> Problem:
    return one_suite(people, weeks)


def _weekly(first: date, pairs: list[tuple[str, str]]) -> list[Visit]:
    return [
        Visit("S01", first + timedelta(days=7 * w), "evening", pair) for w, pair in enumerate(pairs)
    ]


def test_four_people_free_alike_share_four_visits_evenly():
    problem = _problem({"a": {}, "b": {}, "c": {}, "d": {}})
    # the rota's own spread is 3 (a 4 visits, d 1), but 2 each is possible
    visits = _weekly(MONDAY, [("a", "b"), ("a", "c"), ("a", "b"), ("a", "d")])
    assert least_load_spread(problem, visits) == 0


def test_someone_free_at_one_visit_only_holds_the_others_above_them():
    people = {"a": {}, "b": {}, "c": {}, "d": {"available": [[3, "evening"]]}}
    problem = _problem(people)
    visits = [
        *_weekly(MONDAY, [("a", "b"), ("a", "c"), ("b", "c"), ("a", "b")]),
        Visit("S01", THURSDAY, "evening", ("c", "d")),
    ]
    # d can go only on the Thursday: 1 visit; a, b and c share the other 9 places, 3 each
    assert least_load_spread(problem, visits) == 2


def test_someone_who_could_go_but_is_free_at_none_of_the_visits_has_none():
    people = {"a": {}, "b": {}, "c": {"available": [[3, "evening"]]}}
    people["d"] = {"available": [[3, "evening"]]}
    problem = _problem(people)
    # c and d could go on Thursdays (so they count in the spread), but the visits are Mondays
    visits = _weekly(MONDAY, [("a", "b")] * 4)
    assert least_load_spread(problem, visits) == 4


def test_by_week_anyone_free_on_some_day_of_the_week_could_go():
    thursdays = {"available": [[3, "evening"]]}
    problem = _problem({"a": {}, "b": {}, "c": thursdays, "d": thursdays})
    visits = _weekly(MONDAY, [("a", "b")] * 4)
    assert least_load_spread(problem, visits) == 4
    # by week a visit is its week: c and d, free on Thursdays, could take any of them
    assert least_load_spread(replace(problem, allocation="week"), visits) == 0


def test_a_monthly_limit_leaves_more_to_the_others():
    problem = _problem({"a": {"max_per_month": 1}, "b": {}, "c": {}, "d": {}})
    visits = _weekly(MONDAY, [("b", "c"), ("b", "d"), ("c", "d"), ("a", "b")])
    # a at most 1 in January; b, c and d share the other 7 places: 3, 2, 2 at best
    assert least_load_spread(problem, visits) == 2
    assert least_load_spread(_problem({p: {} for p in "abcd"}), visits) == 0


def test_a_month_used_by_visits_booked_outside_the_problem_counts():
    booked = {"max_per_month": 2, "booked": [(MONDAY - timedelta(days=3)).isoformat()]}
    problem = _problem({"a": booked, "b": {}, "c": {}, "d": {}})
    visits = _weekly(MONDAY, [("b", "c"), ("b", "d"), ("c", "d"), ("a", "b")])
    assert least_load_spread(problem, visits) == 2


def test_one_probationer_a_visit_puts_the_only_other_on_every_one():
    problem = _problem({"a": {}, "p": {"probation": True}, "q": {"probation": True}})
    visits = _weekly(MONDAY, [("a", "p"), ("a", "q"), ("a", "p"), ("a", "q")])
    # a on all four, p and q two each; without probation 3, 3 and 2 would do
    assert least_load_spread(problem, visits) == 2
    assert least_load_spread(_problem({p: {} for p in "apq"}), visits) == 1


def test_visits_that_break_the_monthly_limit_themselves_are_not_bounded():
    problem = _problem({"a": {"max_per_month": 1}, "b": {"max_per_month": 1}})
    visits = _weekly(MONDAY, [("a", "b"), ("a", "b")])
    assert least_load_spread(problem, visits) == 0


def test_no_visits_bound_the_spread_at_zero():
    assert least_load_spread(_problem({p: {} for p in "ab"}), []) == 0
