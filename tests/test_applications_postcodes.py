"""Postcodes and districts: a postcode as typed made normal, the district lists of the area and
what is wrong with a list the office enters."""

import pytest

from icv.applications.rules import (
    EligibilityRules,
    district_answer,
    district_list_problem,
    normalise_postcode,
)


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("cv34 4nb", "CV34 4NB"),
        (" CV344NB ", "CV34 4NB"),
        ("B46 3AA", "B46 3AA"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("M1 1AE", "M1 1AE"),
        ("CV34", None),
        ("12345", None),
        ("CV34 4NBX", None),
        ("", None),
    ],
)
def test_it_normalises_uk_postcodes(typed, normal):
    assert normalise_postcode(typed) == normal


def test_it_matches_whole_districts_and_lets_a_district_beat_its_area():
    rules = EligibilityRules(area_in=("CV", "B78"), area_out=("CV1",), area_ask=("CV3",))
    assert district_answer("cv8 1aa", rules) == "in"
    assert district_answer("CV1 1AA", rules) == "out"
    assert district_answer("CV11AA", rules) == "out"
    assert district_answer("CV11 1AA", rules) == "in"
    assert district_answer("CV3 1AA", rules) == "ask"
    assert district_answer("CV31 1AA", rules) == "in"
    assert district_answer("B78 2AA", rules) == "in"
    assert district_answer("B7 2AA", rules) is None
    assert district_answer("BB1 1AA", rules) is None
    assert district_answer("not a postcode", rules) is None
    assert district_answer(None, rules) is None


@pytest.mark.parametrize(
    ("entries", "earlier", "problem"),
    [
        (["CV31", "B76", "GL56", "CV", "EC1A"], {}, None),
        (["CV31", "CV3"], {'"In the area"': ["CV1"]}, None),
        (
            ["CV31", "CV3X1"],
            {},
            "CV3X1 is not a postcode district: enter districts like CV31 or B76",
        ),
        (["31"], {}, "31 is not a postcode district: enter districts like CV31 or B76"),
        (["CV31", "B76", "CV31"], {}, "CV31 is listed twice: enter each district once"),
        (
            ["B78", "CV31"],
            {'"In the area"': ["CV31"]},
            'CV31 is already in the list "In the area": a district can be in one list only',
        ),
    ],
)
def test_it_explains_what_is_wrong_with_a_district_list(entries, earlier, problem):
    assert district_list_problem(entries, earlier) == problem
