"""The structured checks: the section on the phone, its rules, and the admin's versions."""

from __future__ import annotations

from sqlalchemy import select, text

from icv.extensions import db
from icv.suites.models import Suite
from icv.visits.check_rules import SHIPPED, CheckDef, answer_problems
from icv.visits.check_services import (
    add_check,
    current_check_set,
    current_checks,
    definitions,
    ensure_check_set,
    retire_check,
)
from icv.visits.models import Check, CheckSet, VisitReport
from tests.reporting import (
    NO_ACCESS,
    answers,
    field_error,
    frozen,
    ids,
    make_report,
    post_section,
    sent_report,
)

__all__ = ["frozen", "ids"]


def test_a_count_above_the_people_spoken_with_is_refused_next_to_its_box(login, ids, ctx):
    client, key = sent_report(login, ids)
    page = post_section(client, key, "checks", {"check_told_rights": "3", "rating": "concerns"})
    assert page.status_code == 200
    assert field_error(page.text, "check_told_rights") == (
        "Told of their rights: 3 is more than the 2 people you spoke with"
    )
    # Kept as typed all the same: nothing is lost while it is put right.
    draft_page = client.get(f"/reports/draft/{key}/checks").text
    assert 'name="check_told_rights" type="text" spellcheck="false" value="3"' in draft_page


def test_present_cannot_be_more_than_needed(login, ids, ctx):
    client, key = sent_report(login, ids)
    answers = {"check_interpreter_needed": "1", "check_interpreter_present": "2", "rating": "x"}
    page = post_section(client, key, "checks", answers | {"rating": "satisfactory"})
    assert field_error(page.text, "check_interpreter_present") == (
        "Had an interpreter: 2 is more than the 1 who needed an interpreter"
    )


def test_a_completed_visit_needs_a_rating_and_not_checked_needs_no_tap(login, ids, ctx):
    client, key = sent_report(login, ids)
    page = client.get(f"/reports/draft/{key}/checks").text
    # Every yes/no check not answered shows "Not checked" (the draft answered CCTV).
    assert page.count('value="not_checked" checked') == 4
    response = post_section(client, key, "checks", {"rating": ""})
    assert field_error(response.text, "rating") == (
        "Select how you found the custody suite overall"
    )
    assert post_section(client, key, "checks", {"rating": "satisfactory"}).status_code == 302
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    report = db.session.scalars(select(VisitReport)).one()
    # Nothing answered: not checked is no row, never a no.
    assert (report.rating, report.check_answers) == ("satisfactory", [])


def test_good_practice_is_a_yes_with_its_words(login, ids, ctx):
    client, key = sent_report(login, ids)
    response = post_section(client, key, "comments", {"good_practice_seen": "yes"})
    assert field_error(response.text, "good_practice") == "Describe the good practice you saw"
    response = post_section(
        client, key, "comments", {"good_practice_seen": "no", "good_practice": "Kind staff"}
    )
    assert field_error(response.text, "good_practice_seen") == (
        "You described good practice: select yes"
    )
    post_section(client, key, "comments", {"good_practice_seen": "no", "good_practice": ""})
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    report = db.session.scalars(select(VisitReport)).one()
    assert (report.good_practice_seen, report.good_practice) == (False, None)


#: A choice posted as spaces (a crafted post, a damaged draft): a browser never sends it.
SPACES = " \t "


def only_spaces(report_id: int) -> list[tuple[str, str]]:
    """(table, column) of every value of only spaces in a report's rows as stored: the
    report, its checks' answers and its notes."""
    found = []
    for table, key in (
        ("visit_reports", "id"),
        ("visit_check_answers", "report_id"),
        ("visit_detainee_notes", "report_id"),
    ):
        rows = db.session.execute(text(f"SELECT * FROM {table} WHERE {key} = {report_id}"))
        found += [
            (table, column)
            for row in rows.mappings()
            for column, value in row.items()
            if isinstance(value, str) and value and not value.strip()
        ]
    return found


def test_a_choice_of_only_spaces_is_no_answer_and_never_stored(login, ids, ctx):
    """The rating a completed visit needs is asked for, not taken as spaces; an optional
    choice of spaces is no answer: a check not checked, no second visitor, a consent and
    good practice seen not recorded (the words written say it was seen)."""
    client, key = sent_report(login, ids)
    page = post_section(client, key, "checks", {"rating": SPACES, "check_cctv_working": "yes"})
    assert field_error(page.text, "rating") == "Select how you found the custody suite overall"
    assert client.post(f"/reports/draft/{key}/check").status_code == 400
    typed = answers(ids["suite"], ids["sam"], ids["val"])
    spaces = {
        "visitors": {"visitor_2": SPACES},
        "checks": {"rating": "concerns", "check_cctv_working": SPACES},
        "notes": {"notes-0-record_consent": SPACES},
        "comments": {"good_practice_seen": SPACES},
    }
    for slug, changed in spaces.items():
        assert post_section(client, key, slug, typed[slug] | changed).status_code == 302
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    report = db.session.scalars(select(VisitReport)).one()
    assert (report.rating, report.visitor_2_id, report.good_practice_seen) == (
        "concerns",
        None,
        True,
    )
    assert [note.record_consent for note in report.notes] == [None]
    answered = [(a.check_key, a.answer, a.count) for a in report.check_answers]
    assert sorted(answered) == [("told_rights", None, 2), ("warm", None, 1)]
    assert only_spaces(report.id) == []
    # A visit not made asks no rating: spaces are none, counted as not recorded.
    no_access = NO_ACCESS | {"checks": NO_ACCESS["checks"] | {"rating": SPACES}}
    visit = NO_ACCESS["visit"] | {"visit_date": ["12", "11", "2026"]}
    client, key = sent_report(login, ids, **(no_access | {"visit": visit}))
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    other = db.session.scalars(select(VisitReport).where(VisitReport.id != report.id)).one()
    assert (other.outcome, other.rating, only_spaces(other.id)) == ("no_access", None, [])


def test_counts_by_sex_add_up_to_everyone_in_custody(login, ids, ctx):
    client, key = sent_report(login, ids)
    people = {
        "in_custody": "5", "spoken": "2", "observed": "1", "declined": "1", "not_offered": "1",
        "reason_asleep": "1", "juveniles": "1", "male": "3", "female": "1",
        "mental_health_powers": "6",
    }  # fmt: skip
    response = post_section(client, key, "people", people)
    assert field_error(response.text, "male") == (
        "Male, female and another sex or not known make 4, but you entered 5 in custody"
    )
    assert field_error(response.text, "mental_health_powers") == (
        "The number of people held under mental-health powers cannot be more than the 5 "
        "people in custody"
    )
    people |= {"sex_not_known": "1", "mental_health_powers": "1"}
    assert post_section(client, key, "people", people).status_code == 302
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    report = db.session.scalars(select(VisitReport)).one()
    counts = (report.male, report.female, report.sex_not_known, report.mental_health_powers)
    assert counts == (3, 1, 1, 1)


def test_the_rules_of_answers_are_pure():
    assert answer_problems(SHIPPED, {"told_rights": 2, "cells_clean": "no"}, 2) == {}
    assert answer_problems(SHIPPED, {"told_rights": 1}, None) == {
        "check_told_rights": "Told of their rights: 1 is more than the 0 people you spoke with"
    }
    assert answer_problems(SHIPPED, {"told_rights": 1}, 1) == {}  # at the bound: allowed
    assert answer_problems(SHIPPED, {"told_rights": 2}, 1) == {
        "check_told_rights": "Told of their rights: 2 is more than the 1 person you spoke with"
    }


def test_the_current_checks_read_as_plain_rows_are_those_of_the_mapped_version(ctx):
    # Sending reads them without building mapped objects: the same checks, in the same
    # order, with the same version, whatever was added or retired.
    for table in (Check.__table__, CheckSet.__table__):  # none yet: the shipped ones
        db.session.execute(table.delete())
    assert current_checks() == (None, SHIPPED)
    first = ensure_check_set(None)
    assert current_checks() == (first.id, SHIPPED)
    add_check(None, CheckDef("held_overnight", "welfare", "count", "Held overnight", "", "Cy"))
    retired = retire_check(None, "reading")
    assert retired is not None
    newest = current_check_set()
    assert current_checks() == (retired.id, definitions(newest))
    assert [
        (c.key, c.active) for c in current_checks()[1] if c.key in ("reading", "held_overnight")
    ] == [
        ("reading", False),
        ("held_overnight", True),
    ]


def test_the_admin_adds_and_retires_checks_as_new_versions(login, ids, app, ctx):
    old = make_report(db.session.get_one(Suite, ids["suite"]))  # from before the checks
    db.session.commit()
    admin = login("admin")
    assert admin.get("/reports/checks").status_code == 200
    refused = admin.post("/reports/checks", data={"theme": "welfare", "kind": "count",
                                                   "key": "Told Rights", "label": "x",
                                                   "label_cy": "y"})  # fmt: skip
    assert refused.status_code == 400
    assert field_error(refused.text, "key") == (
        "Use lower case letters, digits and underscores, starting with a letter"
    )
    added = admin.post(
        "/reports/checks",
        data={
            "theme": "welfare", "kind": "count", "key": "held_overnight",
            "label": "Held overnight", "label_cy": "Wedi'u cadw dros nos",
        },
    )  # fmt: skip
    assert added.status_code == 302
    again = admin.post("/reports/checks", data={"theme": "welfare", "kind": "count",
                                                 "key": "held_overnight", "label": "x",
                                                 "label_cy": "y"})  # fmt: skip
    assert field_error(again.text, "key") == (
        "A check already has this key (keys are never reused): choose another"
    )
    assert admin.post("/reports/checks/reading/retire").status_code == 302
    assert admin.post("/reports/checks/reading/retire").status_code == 404
    db.session.expire_all()
    versions = db.session.scalars(select(CheckSet).order_by(CheckSet.version)).all()
    assert [v.version for v in versions] == [1, 2, 3]
    latest = {c.key: c.active for c in versions[-1].checks}
    assert (latest["held_overnight"], latest["reading"], len(latest)) == (True, False, 26)
    # A report keeps its version; a new one is asked the latest.
    assert db.session.get(VisitReport, old.id).check_set_id is None
    client, key = sent_report(login, ids)
    page = client.get(f"/reports/draft/{key}/checks").text
    assert ('name="check_held_overnight"' in page, 'name="check_reading"' in page) == (
        True,
        False,
    )
