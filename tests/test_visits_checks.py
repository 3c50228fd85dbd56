"""The structured checks: the section on the phone, its rules, and the admin's versions."""

from __future__ import annotations

from sqlalchemy import select

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
