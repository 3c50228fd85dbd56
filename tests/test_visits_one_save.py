"""One save shows every problem a section can judge, as a volunteer on a weak signal needs: a
box's own problem and the rules across the other boxes together, never a sum that reads a
mistyped box as 0. And "Your reports" names a draft by its date only when the visit section
accepts that date."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import html
import re
from datetime import date
from types import SimpleNamespace

import pytest

from icv.extensions import db
from icv.settings import update_settings
from icv.visits.to_write import DraftVisit, visit_of_draft
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    answers,
    field_error,
    fill_report,
    frozen,
    ids,
    post_section,
    start_report,
)

TODAY = date(2026, 11, 24)  # the frozen clock's day (tests.reporting.NOW)
#: The boxes of the people section, as the page has them: a complete report's (5 in custody,
#: 1 not offered, asleep) with the rest left empty.
EMPTY_PEOPLE = dict.fromkeys(
    [
        *("reason_interview", "reason_legal_medical", "reason_unsafe", "reason_release"),
        *("reason_other", "mental_health_powers", "male", "female", "sex_not_known"),
    ],
    "",
)


def in_language(app, login, language: str):
    """Val, signed in, reading ``language`` (a scheme offering Welsh)."""
    with app.app_context():
        update_settings(None, {"welsh_offered": True})
        db.session.commit()
    client = login("volunteer")
    assert client.get(f"/language/{language}?next=/reports").status_code == 302
    return client


def section_page(client, ids, slug: str, changes: dict) -> str:
    """The page a section's save shows: a report of the visit begun, the section posted
    with ``changes`` to a complete report's answers (refused, so shown again)."""
    key = start_report(client)
    sections = answers(ids["suite"], ids["sam"], ids["val"])
    fill_report(client, key, {"visit": sections["visit"], "times": sections["times"]})
    posted = {**sections[slug], **(EMPTY_PEOPLE if slug == "people" else {}), **changes}
    response = post_section(client, key, slug, posted)
    assert response.status_code == 200
    return response.text


def errors(page: str, fields: tuple[str, ...]) -> dict[str, str | None]:
    return {field: field_error(page, field) for field in fields}


PEOPLE = ("in_custody", "spoken", "not_offered", "juveniles", "male")

#: A mistyped box, and sums across the others that do not add up (1 not offered, but 1 asleep
#: and 2 for another reason; 6 children of the 5 in custody), in each language.
MISTYPED_AND_SUMS = {
    "en": {
        "in_custody": None,  # the sum of the categories reads the mistyped box: not judged
        "spoken": "The number spoken with must be a whole number, like 3",
        "not_offered": "The reasons add up to 3 people, but you entered 1 not offered a visit",
        "juveniles": "The number of children cannot be more than the 5 people in custody",
        "male": None,
    },
    "cy": {
        "in_custody": None,
        "spoken": "Y nifer y siaradwyd â nhw: rhaid iddo fod yn rhif cyfan, fel 3",
        "not_offered": "Mae’r rhesymau’n adio i 3 o bobl, ond rydych wedi rhoi 1 heb gael "
        "cynnig ymweliad",
        "juveniles": "Ni all y nifer fod yn fwy na’r 5 o bobl yn y ddalfa (plant)",
        "male": None,
    },
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_one_save_shows_a_mistyped_count_and_the_sums_of_the_others(app, login, ids, language):
    client = in_language(app, login, language)
    changes = {"spoken": "two", "reason_other": "2", "juveniles": "6"}
    page = section_page(client, ids, "people", changes)
    assert errors(page, PEOPLE) == MISTYPED_AND_SUMS[language]
    assert 'value="two"' in page  # kept as typed


@pytest.mark.parametrize(
    ("changes", "shown"),
    [
        # The number in custody mistyped: every rule reading it waits; the reasons do not.
        (
            {"in_custody": "5.5", "reason_other": "2", "juveniles": "6", "male": "4"},
            {
                "in_custody": "The number in custody must be a whole number, like 3",
                "spoken": None,
                "not_offered": "The reasons add up to 3 people, but you entered 1 not offered "
                "a visit",
                "juveniles": None,
                "male": None,
            },
        ),
        # Left empty: asked for, with the rules that do not read it.
        (
            {"in_custody": "", "reason_other": "2", "juveniles": "6"},
            {
                "in_custody": "Enter how many people were in custody",
                "spoken": None,
                "not_offered": "The reasons add up to 3 people, but you entered 1 not offered "
                "a visit",
                "juveniles": None,
                "male": None,
            },
        ),
        # Out of range is the box's own problem too: the sum that reads it waits.
        (
            {"spoken": "1000", "juveniles": "6", "male": "4"},
            {
                "in_custody": None,
                "spoken": "The number you spoke with cannot be more than 999",
                "not_offered": None,
                "juveniles": "The number of children cannot be more than the 5 people in custody",
                "male": "Male, female and another sex or not known make 4, but you entered 5 in "
                "custody",
            },
        ),
        # One of the boxes by sex mistyped: their sum waits; the others' rules do not.
        (
            {"male": "x", "female": "2", "in_custody": "6"},
            {
                "in_custody": "Count everyone in custody once: 2 spoken with, 1 observed, 1 "
                "declined and 1 not offered make 5, but you entered 6 in custody",
                "spoken": None,
                "not_offered": None,
                "juveniles": None,
                "male": "The number of males must be a whole number, like 3",
            },
        ),
    ],
)
def test_each_rule_across_counts_is_judged_when_the_boxes_it_reads_were_read(
    login, ids, changes, shown
):
    page = section_page(login("volunteer"), ids, "people", changes)
    assert errors(page, PEOPLE) == shown


ISSUE = ("raised", "issues-0-category", "issues-0-description", "issues-0-raised_with")


@pytest.mark.parametrize(
    ("language", "raised", "shown"),
    [
        (
            "en",
            "",
            {
                "raised": "Select yes if you raised any issues",
                "issues-0-category": "Choose what the issue is about",
                "issues-0-description": None,
                "issues-0-raised_with": "Who did you raise it with? must be 120 characters or "
                "fewer",
            },
        ),
        (
            "en",
            "no",
            {
                "raised": "You described an issue below: select yes",
                "issues-0-category": "Choose what the issue is about",
                "issues-0-description": None,
                "issues-0-raised_with": "Who did you raise it with? must be 120 characters or "
                "fewer",
            },
        ),
        (
            "cy",
            "",
            {
                "raised": "Dewiswch ‘Do’ os gwnaethoch godi unrhyw faterion",
                "issues-0-category": "Dewiswch am beth mae’r mater",
                "issues-0-description": None,
                "issues-0-raised_with": "Gyda phwy y gwnaethoch ei godi?: rhaid iddo fod yn "
                "120 o nodau neu lai",
            },
        ),
    ],
)
def test_one_save_shows_the_answer_above_and_each_issue_s_category(
    app, login, ids, language, raised, shown
):
    client = in_language(app, login, language)
    changes = {"raised": raised, "issues-0-category": "", "issues-0-raised_with": "x" * 121}
    page = section_page(client, ids, "issues", changes)
    assert errors(page, ISSUE) == shown


def listed(page: str, heading: str | None = None) -> list[str]:
    """The items of the page's lists, as read (those under ``heading`` only, if given)."""
    part = page.split(heading, 1)[1].split("<h2", 1)[0] if heading else page
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split())
        for item in re.findall(r"<li>(.*?)</li>", part, re.S)
    ]


#: What "Your reports" and the home page call the draft: named by its visit, or as a draft
#: with no date is.
NAMED = (
    "Leamington Spa, 20 November 2026: started 24 Nov 2026, 12:00",
    "Carry on with your report of Leamington Spa, Friday 20 November",
)
NO_DATE = (
    "Report started 24 Nov 2026, 12:00",
    "Carry on with your report started 24 Nov 2026, 12:00",
)


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        (["20", "11", "2026"], NAMED),
        # As the visit section reads it: a month's name is a month.
        (["20", "Nov", "2026"], NAMED),
        # Refused: still to come, a year of two figures, a day June has not, no day.
        (["25", "11", "2026"], NO_DATE),
        (["20", "11", "26"], NO_DATE),
        (["31", "6", "2026"], NO_DATE),
        (["", "11", "2026"], NO_DATE),
        (["", "", ""], NO_DATE),
    ],
)
def test_a_draft_is_named_by_its_date_only_when_the_date_is_accepted(login, ids, typed, named):
    client = login("volunteer")
    key = start_report(client)
    visit = answers(ids["suite"], ids["sam"], ids["val"])["visit"]
    post_section(client, key, "visit", {**visit, "visit_date": typed})
    assert listed(client.get("/reports").text, "Not sent yet") == [named[0]]
    assert [item for item in listed(client.get("/").text) if "Carry on" in item] == [named[1]]


def test_a_draft_from_the_rota_with_its_date_refused_is_named_by_its_visit(ctx):
    """What a draft started from a visit on the rota shows before its date is typed."""
    rota_visit = SimpleNamespace(suite=SimpleNamespace(name="Rugby"), visit_on=date(2026, 11, 23))
    draft = SimpleNamespace(planned_visit=rota_visit, data={})
    assert visit_of_draft(draft, TODAY) == DraftVisit("Rugby", date(2026, 11, 23))
    draft.data = {"visit": {"suite_id": ["1"], "visit_date": ["25", "11", "2026"]}}
    assert visit_of_draft(draft, TODAY) == DraftVisit("Rugby", date(2026, 11, 23))


def test_one_save_shows_a_mistyped_time_and_the_rules_of_the_others(login, ids):
    """Arrived "25:00" and no time let in, on a visit that got in: both at once. The order
    of the times, which reads the arrival, waits for it."""
    client = login("volunteer")
    page = section_page(client, ids, "times", {"arrived_at": "25:00", "admitted_at": ""})
    assert errors(page, ("arrived_at", "admitted_at", "left_at")) == {
        "arrived_at": "Enter the time you arrived as, for example, 19:05",
        "admitted_at": "Enter the time you were let into the custody area",
        "left_at": None,
    }
    assert 'value="25:00"' in page


def test_one_save_shows_a_refused_date_and_a_missing_reason(login, ids):
    client = login("volunteer")
    key = start_report(client)
    visit = answers(ids["suite"], ids["sam"], ids["val"])["visit"]
    changes = {"visit_date": ["25", "11", "2026"], "outcome": "no_access", "outcome_reason": ""}
    response = post_section(client, key, "visit", {**visit, **changes})
    assert response.status_code == 200
    assert errors(response.text, ("visit_date", "outcome_reason")) == {
        "visit_date": "The date of the visit must be today or in the past",
        "outcome_reason": "Say why you were not let in or stopped the visit",
    }
