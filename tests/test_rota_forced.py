"""The pair repeats a rota cannot avoid at its slots (icv/rota/engine/forced.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bench.rota_instances import Shape, generate
from icv.rota.engine.checker import quality
from icv.rota.engine.forced import forced_pair_repeats, least_pair_repeats
from icv.rota.engine.problem import Problem, Visit, parse_problem
from icv.rota.engine.solver import solve
from tests.rota_examples import ONE_SUITE_MONDAY, one_suite

MONDAY = ONE_SUITE_MONDAY


def _problem(people: dict[str, dict], weeks: int = 8) -> Problem:
    return one_suite(people, weeks)


def _mondays(pairs: list[tuple[str, str]]) -> list[Visit]:
    return [
        Visit("S01", MONDAY + timedelta(days=7 * w), "evening", pair)
        for w, pair in enumerate(pairs)
    ]


def test_three_free_members_make_three_pairs_so_five_visits_repeat_twice():
    problem = _problem({"a": {}, "b": {}, "c": {}})
    visits = _mondays([("a", "b"), ("a", "c"), ("b", "c"), ("a", "b"), ("a", "b")])
    assert forced_pair_repeats(problem, visits) == 2
    assert forced_pair_repeats(problem, visits[:3]) == 0


def test_a_member_away_or_avoiding_another_leaves_fewer_pairs():
    away = {"away": [[MONDAY.isoformat(), (MONDAY + timedelta(days=60)).isoformat()]]}
    problem = _problem({"a": {}, "b": {}, "c": {"avoid": ["a"]}, "d": away})
    visits = _mondays([("a", "b"), ("b", "c"), ("a", "b"), ("b", "c")])
    # only a-b and b-c may go: d is away, a and c avoid each other
    assert forced_pair_repeats(problem, visits) == 2


def test_two_probationers_never_pair_but_the_pairs_a_rota_has_always_count():
    problem = _problem({"a": {}, "p": {"probation": True}, "q": {"probation": True}})
    assert forced_pair_repeats(problem, _mondays([("a", "p"), ("a", "q"), ("a", "p")])) == 1
    # a rota breaking the rule is still bounded by its own pairs: never above its repeats
    assert forced_pair_repeats(problem, _mondays([("p", "q"), ("a", "p"), ("a", "q")])) == 0


def test_visits_at_different_slots_share_the_pairs_they_both_could_have():
    people = {"a": {}, "b": {}, "c": {}}
    people["d"] = {"available": [[3, "evening"]]}  # only on Thursdays
    problem = _problem(people)
    thursday = MONDAY + timedelta(days=3)
    visits = [
        *_mondays([("a", "b"), ("a", "c"), ("b", "c")]),
        *(Visit("S01", thursday + timedelta(days=7 * w), "evening", ("a", "d")) for w in range(5)),
    ]
    # Mondays: a-b, a-c, b-c; Thursdays also a-d, b-d, c-d: 6 pairs for 8 visits
    assert forced_pair_repeats(problem, visits) == 2


# -- at any times (least_pair_repeats) -----------------------------------------------------
# one_suite: two visits a week, everyone free on Monday and Thursday evenings unless told.
AWAY_TILL_WEEK_4 = {"away": [[MONDAY.isoformat(), (MONDAY + timedelta(days=20)).isoformat()]]}


def test_at_any_times_three_members_have_three_pairs_for_all_the_visits():
    # 4 weeks, 8 visits, 3 pairs: 5 repeats; 1 week: 2 visits, no repeat needed (never below 0)
    assert least_pair_repeats(_problem({"a": {}, "b": {}, "c": {}}, weeks=4)) == 5
    assert least_pair_repeats(_problem({"a": {}, "b": {}, "c": {}}, weeks=1)) == 0
    # a rota that fills 3 of the 8 visits can give each a new pair
    assert least_pair_repeats(_problem({"a": {}, "b": {}, "c": {}}, weeks=4), filled=3) == 0
    assert least_pair_repeats(_problem({"a": {}, "b": {}, "c": {}}, weeks=4), filled=4) == 1


def test_at_any_times_a_pair_needs_a_time_both_are_free():
    thursdays = {"available": [[3, "evening"]]}
    tuesdays = {"available": [[1, "evening"]]}
    # d shares Thursday evenings with a, b and c: 6 pairs for 8 visits
    assert least_pair_repeats(_problem({"a": {}, "b": {}, "c": {}, "d": thursdays}, 4)) == 2
    # on Tuesday evenings d meets no one: 3 pairs
    assert least_pair_repeats(_problem({"a": {}, "b": {}, "c": {}, "d": tuesdays}, 4)) == 5


def test_at_any_times_a_pair_meets_only_in_the_weeks_both_are_there():
    # d is away for weeks 1 to 3: their pairs can take only week 4's two visits, so 3 + 2
    # distinct pairs for 8 visits
    people = {"a": {}, "b": {}, "c": {}, "d": AWAY_TILL_WEEK_4}
    assert least_pair_repeats(_problem(people, weeks=4)) == 3


def test_at_any_times_no_two_probationers_and_no_avoided_partner():
    probation = {"probation": True}
    problem = _problem({"a": {}, "p": probation, "q": probation}, weeks=4)
    assert least_pair_repeats(problem) == 6  # a-p and a-q only
    problem = _problem({"a": {}, "b": {}, "c": {"avoid": ["a"]}}, weeks=4)
    assert least_pair_repeats(problem) == 6  # a-b and b-c only


def test_by_week_a_pair_may_meet_when_each_is_free_on_some_day():
    people = {"a": {"available": [[0, "evening"]]}, "b": {"available": [[1, "evening"]]}}
    by_day = _problem(people, weeks=4)
    by_week = replace(by_day, allocation="week")
    # by day a and b never share a time; by week the pair choose the day
    assert least_pair_repeats(by_day) == 8
    assert least_pair_repeats(by_week) == 7


def test_the_bound_at_any_times_is_at_most_that_at_the_solver_s_slots_and_its_repeats():
    problem = parse_problem(generate(Shape(suites=2, volunteers=12, weeks=26), 4))
    solution = solve(problem)
    figures = quality(problem, solution)
    assert figures.filled == figures.required
    # 78 visits over half a year by 12 people: the problem alone forces 59 repeats
    least = least_pair_repeats(problem)
    assert least == 59
    assert least <= forced_pair_repeats(problem, solution.visits) <= figures.pair_repeats
