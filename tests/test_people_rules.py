"""The pure rules of erasure: when it must wait, and how details are found in free text."""

from __future__ import annotations

import pytest

from icv.people.rules import ERASED, erasure_problem, full_names, needles, pattern, scrubbed


@pytest.mark.parametrize(
    ("status", "planned", "refused"),
    [
        ("active", 1, True),
        ("probation", 2, True),
        ("suspended", 1, True),
        ("active", 0, False),
        ("resigned", 3, False),
        ("term_ended", 1, False),
        (None, 0, False),
    ],
)
def test_only_a_serving_volunteer_with_visits_planned_must_wait(status, planned, refused):
    assert (erasure_problem(status, planned) is not None) == refused


def test_the_reason_counts_the_visits():
    assert erasure_problem("active", 2) == (
        "This person is a serving volunteer with 2 visits planned. End their appointment "
        "first (on their volunteer record): that takes them off the rota."
    )


def test_details_are_searched_longest_first_and_short_ones_not_at_all():
    assert needles(["Al", "Val Person", " val@example.org ", None, "", "Val Person"]) == [
        "val@example.org",
        "Val Person",
    ]
    assert pattern([]) is None


def test_whole_words_are_replaced_in_any_case_inside_json():
    found = pattern(needles(["Val Person", "07700 900123"]))
    value = {
        "summary": "VAL PERSON rang from 07700 900123",
        "pairs": ["Val Personal trainer", "with val person."],
        "count": 3,
    }
    assert scrubbed(value, found) == {
        "summary": f"{ERASED} rang from {ERASED}",
        "pairs": ["Val Personal trainer", f"with {ERASED}."],
        "count": 3,
    }


def test_only_names_of_two_words_or_more_are_searched_for():
    assert full_names(["Val Person", "Deleted", "Cher", None, "Mary Ann Evans"]) == [
        "Val Person",
        "Mary Ann Evans",
    ]
