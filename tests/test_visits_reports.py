"""Writing and sending a visit report: each section checked, sent once, refused when wrong."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from icv.extensions import db
from icv.suites.models import Suite
from icv.visits.models import CheckSet, ReportDraft, VisitIssue, VisitReport
from icv.visits.routes import REPORTS_PAGE_SIZE
from icv.volunteers.models import Volunteer
from tests.mail import outbox, queue_report_mails
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    NO_ACCESS,
    answers,
    count,
    field_error,
    fill_report,
    frozen,
    ids,
    make_report,
    post_section,
    sent_report,
    start_report,
)


def test_a_volunteer_writes_and_sends_a_report(login, ids, ctx):
    client, key = sent_report(login, ids)
    page = client.get(f"/reports/draft/{key}/check")
    assert "23:30" in page.text
    assert "00:50 (after midnight)" in page.text
    assert "20 minutes" in page.text
    response = client.post(f"/reports/draft/{key}/check")
    report = db.session.scalars(select(VisitReport)).one()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/reports/{report.id}"
    assert (report.visit_date, report.arrived_at, report.left_at) == (
        date(2026, 11, 20),
        time(23, 30),
        time(0, 50),
    )
    assert (report.band, report.delay_minutes, report.delay_authorised_by) == (
        "late",
        20,
        "inspector",
    )
    # Offered = spoken + declined: the one observed only is not offered.
    assert (report.in_custody, report.offered, report.spoken, report.observed) == (5, 3, 2, 1)
    assert (report.declined, report.not_offered, report.not_offered_asleep) == (1, 1, 1)
    assert (report.juveniles, report.vulnerable_adults) == (1, 0)
    assert (report.male, report.female, report.sex_not_known) == (None, None, None)
    assert [(a.check_key, a.answer, a.count) for a in report.check_answers] == [
        ("cctv_working", "yes", None),
        ("told_rights", None, 2),
        ("warm", None, 1),
    ]
    assert report.check_set_id == db.session.scalars(select(CheckSet.id)).one()
    assert (report.rating, report.good_practice_seen) == ("concerns", True)
    assert report.submission_key == key
    assert report.submitted_by.email == "val@example.org"
    assert (report.visitor_1_id, report.visitor_2_id) == (ids["val"], ids["sam"])
    assert [(n.custody_number, n.record_consent) for n in report.notes] == [("CV/1234/26", "yes")]
    issue = db.session.scalars(select(VisitIssue)).one()
    # The visitors' tick is urgent: serious is the coordinator's finding, not set yet.
    assert (issue.category, issue.is_urgent, issue.is_serious, issue.status, issue.raised_on) == (
        "supplies",
        True,
        False,
        "new",
        date(2026, 11, 20),
    )
    assert [v.number for v in report.versions] == [1]
    assert count(ReportDraft) == 0
    # The send queues no mail: the scheduler queues the report's mails within the minute.
    assert (outbox("report-confirm"), outbox("issue-urgent")) == ([], [])
    assert report.notices_queued_at is None
    queue_report_mails()
    assert [m.to_address for m in outbox("report-confirm")] == ["sam@example.org"]
    assert [m.to_address for m in outbox("issue-urgent")] == ["chris@example.org"]
    assert "Your report has been sent" in client.get(response.headers["Location"]).text


def test_sending_twice_stores_one_report_and_the_second_answer_leads_to_it(login, ids, ctx):
    client, key = sent_report(login, ids)
    first = client.post(f"/reports/draft/{key}/check")
    again = client.post(f"/reports/draft/{key}/check")  # a double tap, or the phone's queue
    assert again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert count(VisitReport) == 1
    assert count(VisitIssue) == 1
    queue_report_mails()
    assert len(outbox("issue-urgent")) == 1
    # The draft's pages now lead to the report too (the back button, a kept page).
    assert (
        client.get(f"/reports/draft/{key}/times").headers["Location"] == first.headers["Location"]
    )


def test_problems_are_shown_next_to_the_field_and_nothing_typed_is_lost(login, ids, ctx):
    client = login("volunteer")
    key = start_report(client)
    fill_report(client, key, {"visit": answers(ids["suite"], None, ids["val"])["visit"]})
    times = {"arrived_at": "14:00", "admitted_at": "14:05", "left_at": "13:00", "delay_reason": ""}
    response = post_section(client, key, "times", times)
    assert response.status_code == 200
    assert "Times out of order: arriving at 14:00 and leaving at 13:00" in response.text
    assert 'value="13:00"' in response.text
    draft = db.session.scalars(select(ReportDraft)).one()
    assert draft.data["times"]["left_at"] == ["13:00"]
    tasks = client.get(f"/reports/draft/{key}").text
    assert "Has problems" in tasks


@pytest.mark.parametrize(
    ("slug", "fields", "message"),
    [
        ("visit", {"visit_date": ["25", "11", "2026"]}, "must be today or in the past"),
        (
            "times",
            {"admitted_at": "23:46", "delay_reason": "", "delay_authorised_by": ""},
            "You waited 16 minutes to be let in, longer than 15",
        ),
        (
            "people",
            {"in_custody": "6"},
            "Count everyone in custody once: 2 spoken with, 1 observed, 1 declined and 1 not "
            "offered make 5, but you entered 6 in custody",
        ),
        (
            "people",
            {"reason_asleep": "", "reason_other": "2"},
            "The reasons add up to 2 people, but you entered 1 not offered a visit",
        ),
        (
            "visitors",
            {"visitor_1": "{sam}", "visitor_2": ""},
            "You can only send a report for a visit you were on",
        ),
        ("issues", {"issues-0-description": ""}, "Describe the issue"),
    ],
)
def test_it_refuses_reports_that_cannot_be_right(login, ids, ctx, slug, fields, message):
    client = login("volunteer")
    key = start_report(client)
    sections = answers(ids["suite"], ids["sam"], ids["val"])
    fill_report(client, key, {"visit": sections["visit"], "times": sections["times"]})
    posted = {
        **sections[slug],
        **{k: v.format(**ids) if isinstance(v, str) else v for k, v in fields.items()},
    }
    response = post_section(client, key, slug, posted)
    assert response.status_code == 200
    assert message in response.text


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("in_custody", "1000", "The number in custody cannot be more than 999"),
        ("spoken", "5000", "The number you spoke with cannot be more than 999"),
        ("reason_asleep", "1000", "A number of people cannot be more than 999"),
        ("juveniles", "1234567890", "The number of children is too large"),
        ("vulnerable", "²", "The number of vulnerable adults must be a whole number, like 3"),
    ],
)
def test_counts_have_a_ceiling_shown_at_their_box(login, ids, ctx, field, typed, message):
    client = login("volunteer")
    key = start_report(client)
    sections = answers(ids["suite"], ids["sam"], ids["val"])
    fill_report(client, key, {"visit": sections["visit"]})
    response = post_section(client, key, "people", {**sections["people"], field: typed})
    assert response.status_code == 200
    assert field_error(response.text, field) == message
    assert f'value="{typed}"' in response.text  # kept as typed
    draft = db.session.scalars(select(ReportDraft)).one()
    assert draft.data["people"][field] == [typed]
    assert count(VisitReport) == 0


def test_a_wait_exactly_at_the_threshold_needs_no_reason(login, ids, ctx):
    client = login("volunteer")
    key = start_report(client)
    fill_report(client, key, {"visit": answers(ids["suite"], None, ids["val"])["visit"]})
    times = {"arrived_at": "23:30", "admitted_at": "23:45", "left_at": "00:30"}
    assert post_section(client, key, "times", times).status_code == 302


def test_a_visit_without_access_may_leave_the_counts_empty(login, ids, ctx):
    client, key = sent_report(login, ids, **NO_ACCESS)
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    report = db.session.scalars(select(VisitReport)).one()
    assert (report.outcome, report.admitted_at, report.in_custody, report.delay_minutes) == (
        "no_access",
        None,
        None,
        None,
    )
    assert report.issues == []


@pytest.mark.parametrize("outcome", ["no_access", "abandoned"])
def test_a_visit_not_made_or_stopped_needs_its_reason(login, ids, ctx, outcome):
    client, key = sent_report(login, ids)
    visit = answers(ids["suite"], ids["sam"], ids["val"])["visit"]
    response = post_section(client, key, "visit", visit | {"outcome": outcome})
    assert response.status_code == 200
    reason = "Say why you were not let in or stopped the visit"
    assert field_error(response.text, "outcome_reason") == reason
    # A draft kept so before the rule was kept is refused at the send, nothing stored.
    draft = db.session.scalars(select(ReportDraft).filter_by(key=key)).one()
    draft.data = draft.data | {"visit": draft.data["visit"] | {"outcome": [outcome]}}
    db.session.commit()
    response = client.post(f"/reports/draft/{key}/check")
    assert response.status_code == 400
    assert f'{key}/visit?return=check">The visit</a>: has problems' in response.text
    assert count(VisitReport) == 0
    response = post_section(
        client, key, "visit", visit | {"outcome": outcome, "outcome_reason": "Turned away"}
    )
    assert response.status_code == 302


def test_a_report_with_sections_missing_cannot_be_sent(login, ids, ctx):
    client = login("volunteer")
    key = start_report(client)
    response = client.post(f"/reports/draft/{key}/check")
    assert response.status_code == 400
    assert "Some sections are not finished" in response.text
    assert count(VisitReport) == 0


def test_the_office_files_a_report_for_the_visitors(login, ids, ctx):
    office = login("coordinator")
    key = start_report(office, on_behalf=True)
    sections = answers(ids["suite"], ids["sam"], ids["val"])
    fill_report(office, key, sections)
    assert office.post(f"/reports/draft/{key}/check").status_code == 302
    report = db.session.scalars(select(VisitReport)).one()
    assert report.on_behalf is True
    assert report.partner_to_confirm is None
    assert report.versions[0].reason == "Filed by the office for the visitors"


def test_a_draft_is_deleted_only_when_confirmed(login, ids, ctx):
    client = login("volunteer")
    key = start_report(client)
    page = client.get(f"/reports/draft/{key}/delete")
    assert "Delete this draft report?" in page.text
    assert db.session.scalar(select(func.count()).select_from(ReportDraft)) == 1
    response = client.post(f"/reports/draft/{key}/delete")
    assert response.headers["Location"] == f"/reports?deleted={key}"
    assert f'data-sent="{key}"' in client.get(response.headers["Location"]).text
    assert db.session.scalar(select(func.count()).select_from(ReportDraft)) == 0


def test_the_administrator_sets_the_wait_and_the_issue_categories(login, ids, ctx):
    admin = login("admin")
    page = admin.get("/reports/settings").text
    assert "food_drink: Food and drink" in page
    refused = admin.post(
        "/reports/settings", data={"delay_threshold_minutes": "15", "issue_categories": ":"}
    )
    assert "Line 1: write a short name and a label" in refused.text
    response = admin.post(
        "/reports/settings",
        data={
            "delay_threshold_minutes": "30",
            "issue_categories": "food_drink: Food and drink\nHealthcare",
        },
    )
    assert response.headers["Location"] == "/reports/settings"
    from icv.settings import get_settings

    with admin.application.test_request_context():
        settings = get_settings()
        assert settings["delay_threshold_minutes"] == 30
        assert settings["issue_categories"] == [
            {"id": "food_drink", "label": "Food and drink"},
            {"id": "healthcare", "label": "Healthcare"},
        ]
    admin.post("/sign-out")
    client = login("volunteer")
    key = start_report(client)
    sections = answers(ids["suite"], ids["sam"], ids["val"])
    fill_report(client, key, {"visit": sections["visit"]})
    times = {"arrived_at": "23:30", "admitted_at": "23:55", "left_at": "00:30"}
    assert client.post(f"/reports/draft/{key}/times", data=times).status_code == 302


def test_your_reports_come_a_page_at_a_time_newest_first(app, login, ids):
    """Every report is listed (the list stopped at 200), 50 a page."""
    with app.app_context():
        suite = db.session.get(Suite, ids["suite"])
        for n in range(REPORTS_PAGE_SIZE + 1):  # the n-th on the n-th day from 1 January
            make_report(
                suite,
                visit_date=date(2026, 1, 1) + timedelta(days=n),
                visitor_1_id=ids["val"],
                visitor_2_id=ids["sam"],
                submitted_by_id=db.session.get(Volunteer, ids["sam"]).user_id,
            )
        db.session.commit()
    val = login("volunteer")
    first = val.get("/reports").text
    assert first.count("Confirm it") == REPORTS_PAGE_SIZE  # Sam sent them: Val confirms
    assert "20 February 2026" in first  # the newest, 50 days on
    assert re.findall(r">\s*(\d+ \w+ 2026)\s*</dt>", first)[-1] == "2 January 2026"
    assert 'href="/reports?page=2" rel="next"' in first
    second = val.get("/reports?page=2").text
    assert second.count("Confirm it") == 1
    assert re.findall(r">\s*(\d+ \w+ 2026)\s*</dt>", second) == ["1 January 2026"]
    assert val.get("/reports?page=3").status_code == 404


def test_a_crafted_place_in_a_list_is_not_read_and_gives_no_error_page(login, ids, ctx):
    """A superscript two is a digit to str.isdigit but not to int(): WTForms' lists would
    crash on it. The entry is left out; the rest is saved and the report can be sent."""
    client, key = sent_report(login, ids)
    notes = answers(ids["suite"], ids["sam"], ids["val"])["notes"]
    response = post_section(client, key, "notes", notes | {"notes-\u00b2-note": "Crafted"})
    assert response.status_code == 302
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    report = db.session.scalars(select(VisitReport)).one()
    assert [n.note for n in report.notes] == [notes["notes-0-note"]]
