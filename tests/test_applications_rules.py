"""Eligibility rules: a table of applicants with the exact outcome and reasons expected."""

from dataclasses import replace
from datetime import date
from itertools import product

import pytest

from icv.applications.rules import (
    DEFAULT_EXCLUDED_ROLES,
    DEFAULT_REVIEW_ROLES,
    ROLES,
    Applicant,
    EligibilityRules,
    Outcome,
    age_on,
    anniversary,
    assess,
    district_answer,
    district_list_problem,
    normalise_postcode,
)
from icv.applications.small_numbers import publishable

ON = date(2026, 11, 22)
RULES = EligibilityRules(
    area_name="Warwickshire",
    area_in=("CV31", "CV34", "B46", "B76", "GL56"),
    area_out=("CV1", "CV3"),
    area_ask=("B78",),
)
BASE = Applicant(date_of_birth=date(1980, 3, 27), home_postcode="CV34 4NB")

INDEPENDENCE = (
    "Custody visitors must be independent of the police and the Commissioner, so a serving {} "
    "cannot be one. You can apply once you have left."
)
REVIEW = (
    "Because you work as a {}, the scheme coordinator will check with you that there is no "
    "conflict of interest."
)
AREA_FAIL = "You must live or work in Warwickshire. The postcodes you gave are outside it."
ABROAD = (
    "You have lived outside the UK in the last 3 years, so the scheme coordinator will check "
    "with the police vetting unit that it can vet you."
)
CONFLICTS = (
    "You told us about a connection that could be a conflict of interest, so the scheme "
    "coordinator will talk to you about it."
)


def outcome_and_reasons(applicant: Applicant, rules: EligibilityRules = RULES, on: date = ON):
    result = assess(applicant, rules, on)
    return result.outcome, result.reasons


CASES = {
    "an ordinary applicant": (BASE, Outcome.PASS, []),
    "18th birthday today": (replace(BASE, date_of_birth=date(2008, 11, 22)), Outcome.PASS, []),
    "one day short of 18": (
        replace(BASE, date_of_birth=date(2008, 11, 23)),
        Outcome.FAIL,
        ["You must be 18 or over on the day you apply. You can apply from 23 November 2026."],
    ),
    "born 29 February, 18 on 1 March in a common year": (
        replace(BASE, date_of_birth=date(2008, 2, 29)),
        Outcome.PASS,
        [],
    ),
    "exactly 3 years in the UK": (
        replace(BASE, uk_resident_since=date(2023, 11, 22)),
        Outcome.PASS,
        [],
    ),
    "one day short of 3 years in the UK": (
        replace(BASE, uk_resident_since=date(2023, 11, 23)),
        Outcome.FAIL,
        [
            "Police vetting needs 3 years of living in the UK, up to the day you apply. You can "
            "apply from 23 November 2026."
        ],
    ),
    # A break abroad is the vetting unit's question, never a rejection (domain.md, rule 21).
    "a break abroad within the 3 years": (
        replace(BASE, uk_resident_since=date(2020, 1, 1), months_abroad=10),
        Outcome.REFER,
        [ABROAD],
    ),
    "no time abroad": (replace(BASE, months_abroad=0), Outcome.PASS, []),
    "works in the area but lives outside": (
        replace(BASE, home_postcode="OX1 1AA", work_postcode="CV31 1AA"),
        Outcome.PASS,
        [],
    ),
    "lives in Coventry, CV3, next to CV31": (
        replace(BASE, home_postcode="CV3 1AA"),
        Outcome.FAIL,
        [AREA_FAIL],
    ),
    "CV31 typed in lower case": (replace(BASE, home_postcode="cv31 1aa"), Outcome.PASS, []),
    "CV31 typed with no space": (replace(BASE, home_postcode="CV311AA"), Outcome.PASS, []),
    "a border village under GL56": (replace(BASE, home_postcode="GL56 0AA"), Outcome.PASS, []),
    "a district the office asks about": (
        replace(BASE, home_postcode="b78 2aa"),
        Outcome.REFER,
        [
            "Your postcode district B78 is partly in Warwickshire, so the scheme coordinator "
            "will check your address with you."
        ],
    ),
    "lives outside, works in a district asked about": (
        replace(BASE, home_postcode="OX1 1AA", work_postcode="B78 2AA"),
        Outcome.REFER,
        [
            "Your postcode district B78 is partly in Warwickshire, so the scheme coordinator "
            "will check your address with you."
        ],
    ),
    "lives in a district asked about, works in the area": (
        replace(BASE, home_postcode="B78 2AA", work_postcode="CV34 4NB"),
        Outcome.PASS,
        [],
    ),
    "any text about conflicts": (
        replace(BASE, conflicts="My sister is a detention officer."),
        Outcome.REFER,
        [CONFLICTS],
    ),
    "a blank conflicts answer": (replace(BASE, conflicts="  \n "), Outcome.PASS, []),
    "lives in a listed district of another area": (
        replace(BASE, home_postcode="B46 3AA"),
        Outcome.PASS,
        [],
    ),
    "lives in an unlisted district of the same letters": (
        replace(BASE, home_postcode="B47 6AA"),
        Outcome.FAIL,
        [AREA_FAIL],
    ),
    "lives and works outside": (
        replace(BASE, home_postcode="OX1 1AA", work_postcode="OX2 6GG"),
        Outcome.FAIL,
        [AREA_FAIL],
    ),
    "no accepted language": (
        replace(BASE, languages=()),
        Outcome.FAIL,
        [
            "Custody visitors need a good command of English to read the guidance and write "
            "visit reports."
        ],
    ),
    "declares a criminal record": (
        replace(BASE, has_criminal_record=True),
        Outcome.REFER,
        [
            "You declared a conviction or caution. This does not stop you applying: the scheme "
            "coordinator will talk to you about it in confidence."
        ],
    ),
    "left the police 2 years ago": (
        replace(BASE, past_roles={"police_officer": date(2024, 11, 22)}),
        Outcome.REFER,
        [
            "You left your role as a police officer less than 5 years ago, so the scheme "
            "coordinator will check with you that there is no conflict of interest."
        ],
    ),
    "left the police 6 years ago": (
        replace(BASE, past_roles={"police_officer": date(2020, 11, 22)}),
        Outcome.PASS,
        [],
    ),
    "left the police exactly 5 years ago": (
        replace(BASE, past_roles={"police_officer": date(2021, 11, 22)}),
        Outcome.PASS,
        [],
    ),
    "fail beats refer, every reason given": (
        replace(
            BASE,
            date_of_birth=date(2010, 1, 1),
            current_roles=frozenset({"probation"}),
        ),
        Outcome.FAIL,
        [
            "You must be 18 or over on the day you apply. You can apply from 1 January 2028.",
            REVIEW.format("probation officer or probation staff"),
        ],
    ),
}


@pytest.mark.parametrize(("applicant", "outcome", "reasons"), CASES.values(), ids=CASES.keys())
def test_it_assesses(applicant, outcome, reasons):
    assert outcome_and_reasons(applicant) == (outcome, reasons)


@pytest.mark.parametrize("role", DEFAULT_EXCLUDED_ROLES)
def test_it_makes_each_excluded_role_ineligible(role):
    applicant = replace(BASE, current_roles=frozenset({role}))
    assert outcome_and_reasons(applicant) == (
        Outcome.FAIL,
        [INDEPENDENCE.format(ROLES[role].lower())],
    )


@pytest.mark.parametrize("role", DEFAULT_REVIEW_ROLES)
def test_it_refers_each_review_role(role):
    applicant = replace(BASE, current_roles=frozenset({role}))
    assert outcome_and_reasons(applicant) == (Outcome.REFER, [REVIEW.format(ROLES[role].lower())])


def test_it_follows_the_schemes_own_lists():
    rules = replace(
        RULES,
        excluded_roles=frozenset({"criminal_solicitor"}),
        review_roles=frozenset({"police_staff"}),
        minimum_age=21,
        residence_years=5,
        languages=("English", "Welsh"),
    )
    solicitor = replace(BASE, current_roles=frozenset({"criminal_solicitor"}))
    staff = replace(BASE, current_roles=frozenset({"police_staff"}), languages=("Welsh",))
    assert assess(solicitor, rules, ON).outcome is Outcome.FAIL
    assert assess(staff, rules, ON).outcome is Outcome.REFER
    twenty = replace(BASE, date_of_birth=date(2006, 1, 1))
    assert outcome_and_reasons(twenty, rules) == (
        Outcome.FAIL,
        ["You must be 21 or over on the day you apply. You can apply from 1 January 2027."],
    )
    four_years = replace(BASE, uk_resident_since=date(2022, 6, 1))
    assert assess(four_years, rules, ON).outcome is Outcome.FAIL
    assert assess(four_years, RULES, ON).outcome is Outcome.PASS


def test_it_skips_the_area_check_when_no_area_is_configured():
    anywhere = replace(BASE, home_postcode="ZE1 0AA")
    unchecked = replace(RULES, area_in=(), area_out=(), area_ask=())
    assert assess(anywhere, unchecked, ON).outcome is Outcome.PASS


#: What domain.md (rules 6, 7 and 23) says of each role an applicant holds now.
ROLE_ANSWERS = {
    "police_officer": Outcome.FAIL,
    "special_constable": Outcome.FAIL,
    "police_staff": Outcome.FAIL,
    "magistrate": Outcome.FAIL,
    "commissioner": Outcome.FAIL,
    "commissioner_staff": Outcome.FAIL,
    "appropriate_adult": Outcome.FAIL,
    "custody_contractor": Outcome.FAIL,
    "criminal_solicitor": Outcome.REFER,
    "cps": Outcome.REFER,
    "probation": Outcome.REFER,
    "prison_staff": Outcome.REFER,
}


@pytest.mark.parametrize(("role", "outcome"), ROLE_ANSWERS.items())
def test_it_answers_each_role_as_the_sources_do(role, outcome):
    assert set(ROLE_ANSWERS) == set(ROLES)
    applicant = replace(BASE, current_roles=frozenset({role}))
    assert assess(applicant, RULES, ON).outcome is outcome


@pytest.mark.parametrize(
    ("months", "outcome"), [(0, Outcome.PASS), (6, Outcome.REFER), (7, Outcome.FAIL)]
)
def test_it_fails_time_abroad_only_where_the_scheme_sets_a_limit(months, outcome):
    six_months = replace(RULES, abroad_months_limit=6)
    applicant = replace(BASE, months_abroad=months)
    assert assess(applicant, six_months, ON).outcome is outcome
    assert assess(applicant, RULES, ON).outcome is (Outcome.REFER if months else Outcome.PASS)
    if outcome is Outcome.FAIL:
        assert assess(applicant, six_months, ON).reasons == [
            "Police vetting needs you to have lived in the UK for the last 3 years, with no more "
            "than 6 months abroad. You told us you lived abroad for 7 months."
        ]


def test_it_keeps_every_finding_as_a_code():
    result = assess(BASE, RULES, ON)
    assert [f.rule for f in result.findings] == ["age", "area", "residence", "language", "record"]
    assert result.findings[1].as_dict() == {
        "rule": "area",
        "outcome": "pass",
        "code": "area.lives_in",
        "params": {"area": "Warwickshire"},
    }
    too_young = assess(replace(BASE, date_of_birth=date(2008, 11, 23)), RULES, ON)
    assert too_young.findings[0].as_dict()["params"] == {
        "minimum_age": 18,
        "from_on": "2026-11-23",
    }


def test_it_runs_only_the_rules_whose_answers_are_in():
    # Only the date of birth is known: the age rule runs and nothing else is looked at.
    too_young = Applicant(date_of_birth=date(2008, 11, 23))
    result = assess(too_young, RULES, ON, only={"age"})
    assert (result.outcome, [f.rule for f in result.findings]) == (Outcome.FAIL, ["age"])
    assert [f.reason for f in result.failures] == [
        "You must be 18 or over on the day you apply. You can apply from 23 November 2026."
    ]
    outside = Applicant(home_postcode="OX1 1AA", languages=("English",))
    result = assess(outside, RULES, ON, only={"area", "residence", "language"})
    assert [(f.rule, f.outcome) for f in result.findings] == [
        ("area", Outcome.FAIL),
        ("residence", Outcome.PASS),
        ("language", Outcome.PASS),
    ]
    officer = Applicant(current_roles=frozenset({"police_officer", "probation"}))
    result = assess(officer, RULES, ON, only={"roles", "record"})
    assert [(f.rule, f.outcome) for f in result.findings] == [
        ("role:police_officer", Outcome.FAIL),
        ("role:probation", Outcome.REFER),
        ("record", Outcome.PASS),
    ]
    assert [f.rule for f in result.failures] == ["role:police_officer"]


def test_it_passes_when_no_rule_has_its_answers_yet():
    result = assess(Applicant(), RULES, ON, only=())
    assert (result.outcome, result.findings, result.failures) == (Outcome.PASS, (), [])


def test_it_reads_rules_from_settings():
    from icv.settings import DEFAULTS

    rules = EligibilityRules.from_settings({**DEFAULTS, "area_in": ["cv31"], "area_ask": ["B78"]})
    assert rules.minimum_age == 18
    assert rules.residence_years == 3
    assert rules.abroad_months_limit == 0
    assert rules.excluded_roles == frozenset(DEFAULT_EXCLUDED_ROLES)
    assert rules.review_roles == frozenset(DEFAULT_REVIEW_ROLES)
    assert district_answer("CV31 1AA", rules) == "in"
    assert district_answer("B78 1AA", rules) == "ask"
    assert district_answer("CV3 1AA", rules) is None


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2008, 2, 29), date(2028, 2, 29), 20),
        (date(2000, 12, 31), date(2026, 12, 30), 25),
        (date(2000, 12, 31), date(2026, 12, 31), 26),
    ],
)
def test_it_counts_age_in_whole_years(born, on, age):
    assert age_on(born, on) == age


def test_it_moves_a_29_february_anniversary_to_1_march():
    assert anniversary(date(2024, 2, 29), 3) == date(2027, 3, 1)
    assert anniversary(date(2024, 2, 29), 4) == date(2028, 2, 29)


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


def test_it_lets_a_29_february_birthday_apply_from_1_march():
    leapling = replace(BASE, date_of_birth=date(2008, 2, 29))
    assert outcome_and_reasons(leapling, on=date(2026, 2, 28)) == (
        Outcome.FAIL,
        ["You must be 18 or over on the day you apply. You can apply from 1 March 2026."],
    )
    assert outcome_and_reasons(leapling, on=date(2026, 3, 1)) == (Outcome.PASS, [])


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        # One small count alone could be worked out from the total: the next smallest goes too.
        (
            {"A": 3, "B": 12, "C": 40, "D": 0},
            {"A": "fewer than 5", "B": "not shown", "C": 40, "D": 0},
        ),
        # Two small counts hide each other when their sum leaves each of them open.
        ({"A": 3, "B": 2, "C": 40}, {"A": "fewer than 5", "B": "fewer than 5", "C": 40}),
        ({"A": 5, "B": 0, "C": 40}, {"A": 5, "B": 0, "C": 40}),
        # "All who answered: 8" beside two "fewer than 5" gave 4 and 4: a zero is held back too.
        (
            {"Yes": 4, "No": 4, "Prefer not to say": 0, "Not answered": 0},
            {
                "Yes": "fewer than 5",
                "No": "fewer than 5",
                "Prefer not to say": "not shown",
                "Not answered": 0,
            },
        ),
        # "No 6, Yes fewer than 5, Prefer not fewer than 5" of 8 gave 1 and 1: 6 is held back.
        (
            {"No": 6, "Yes": 1, "Prefer not to say": 1, "Not answered": 0},
            {
                "No": "not shown",
                "Yes": "fewer than 5",
                "Prefer not to say": "fewer than 5",
                "Not answered": 0,
            },
        ),
        # 4, 4 and 4 of 12: whatever is shown gives the rest away, so nothing is.
        ({"A": 4, "B": 4, "C": 4}, {"A": "not shown", "B": "not shown", "C": "not shown"}),
        # A total of fewer than 5: the table would say who answered what.
        ({"A": 3, "B": 0}, {"A": "not shown", "B": "not shown"}),
        ({"A": 0, "B": 0}, {"A": 0, "B": 0}),
    ],
)
def test_small_counts_cannot_be_worked_out_from_the_total(counts, shown):
    assert publishable(counts) == shown


def values_fitting(shown: dict, total: int) -> dict[str, set[int]]:
    """By brute force, every value each held-back count could have, given the labels and the
    total (as a reader who knows the rule would work it out)."""
    held = [k for k, v in shown.items() if isinstance(v, str)]
    left = total - sum(v for v in shown.values() if not isinstance(v, str))
    ranges = {
        "fewer than 5": range(1, 5),
        "not shown": [0, *range(5, left + 1)],
    }
    withheld_whole = all(v == "not shown" for v in shown.values())
    fitting: dict[str, set[int]] = {k: set() for k in held}
    for values in product(*(range(left + 1) if withheld_whole else ranges[shown[k]] for k in held)):
        if sum(values) == left:
            for key, value in zip(held, values, strict=True):
                fitting[key].add(value)
    return fitting


def test_no_held_back_count_can_be_worked_out_in_any_small_table():
    # Every table of 3 answers with counts 0 to 9 (1,000 tables), and 4 answers up to 6.
    tables = [dict(zip("ABC", c, strict=True)) for c in product(range(10), repeat=3)]
    tables += [dict(zip("ABCD", c, strict=True)) for c in product(range(7), repeat=4)]
    for counts in tables:
        shown = publishable(counts)
        total = sum(counts.values())
        if 0 < total < 5:
            assert set(shown.values()) == {"not shown"}
            continue
        for key, value in counts.items():
            if not isinstance(shown[key], str):
                assert shown[key] == value
            elif 0 < value < 5:
                assert shown[key] in ("fewer than 5", "not shown")
        for key, values in values_fitting(shown, total).items():
            assert counts[key] in values, (counts, shown)
            assert len(values) >= 2, (counts, shown, key, values)
