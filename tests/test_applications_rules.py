"""Eligibility rules: a table of applicants with the exact outcome and reasons expected."""

from dataclasses import replace
from datetime import date

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
)

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


def test_it_lets_a_29_february_birthday_apply_from_1_march():
    leapling = replace(BASE, date_of_birth=date(2008, 2, 29))
    assert outcome_and_reasons(leapling, on=date(2026, 2, 28)) == (
        Outcome.FAIL,
        ["You must be 18 or over on the day you apply. You can apply from 1 March 2026."],
    )
    assert outcome_and_reasons(leapling, on=date(2026, 3, 1)) == (Outcome.PASS, [])
