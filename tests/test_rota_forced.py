"""The pair repeats a rota cannot avoid at its slots (icv/rota/engine/forced.py)."""

from __future__ import annotations

from datetime import timedelta

from icv.rota.engine.forced import forced_pair_repeats
from icv.rota.engine.problem import Problem, Visit
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
