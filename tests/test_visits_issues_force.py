"""Issues to a force with no liaison account: to the suite's own address, or recorded as sent
outside icv; the triage saved without sending; a warning before mailing a liaison who has not
accepted their invitation."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from icv.accounts.models import User
from icv.accounts.roles import Role
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.suites.models import Suite
from icv.visits.issue_rules import Route, reference, routes, sent_on_problem, triage_problem
from icv.visits.models import IssueEvent, VisitIssue
from icv.visits.values import IssueValues
from tests.factories import make_suite, make_user
from tests.mail import outbox
from tests.reporting import (  # noqa: F401  (frozen: 24 November 2026)
    field_error,
    frozen,
    make_report,
)

VISIT = date(2026, 11, 10)
TODAY = date(2026, 11, 24)
NO_LIAISON = "Nuneaton has no custody liaison account and no email address."


def issue_at(suite: Suite, **issue) -> int:
    report = make_report(
        suite,
        visit_date=VISIT,
        issues=[
            IssueValues(
                **{
                    "category": "food_drink",
                    "description": "No hot food after 8pm",
                    "raised_with": "Custody sergeant",
                    **issue,
                }
            )
        ],
    )
    db.session.commit()
    return report.issues[0].id


@pytest.fixture
def nuneaton(app, personas):
    """An issue at Nuneaton: no liaison account, no email address (yet)."""
    with app.app_context():
        return issue_at(make_suite("Nuneaton", "Vicarage Street"))


def send(client, issue_id: int, **fields):
    data = {"send-category": "food_drink", **{f"send-{k}": v for k, v in fields.items()}}
    return client.post(f"/issues/{issue_id}/send", data=data)


def sending_events(issue_id: int) -> list[tuple]:
    query = select(IssueEvent).where(IssueEvent.issue_id == issue_id).order_by(IssueEvent.id)
    return [(e.action, e.route, e.sent_on, e.sent_via) for e in db.session.scalars(query)]


# -- the rules ----------------------------------------------------------------------------


def test_it_offers_email_first_and_always_outside_icv():
    assert routes(["Lee Liaison", "Kim Khan"], "custody@police.example") == {
        Route.LIAISON: "By email to the custody liaison: Lee Liaison and Kim Khan",
        Route.SUITE: "By email to the suite's address: custody@police.example",
        Route.OUTSIDE: "It was sent outside icv: by phone, letter or another email",
    }
    assert list(routes([], None)) == [Route.OUTSIDE]
    assert list(routes([], "custody@police.example")) == [Route.SUITE, Route.OUTSIDE]


@pytest.mark.parametrize(
    ("sent_on", "problem"),
    [
        (None, "Enter the date it was sent"),
        (VISIT, None),  # the day of the visit
        (TODAY, None),
        (date(2026, 11, 25), "The date it was sent must be today or in the past"),
        (
            date(2026, 11, 9),
            "The date it was sent must be on or after the visit (10 November 2026)",
        ),
    ],
)
def test_a_day_sent_outside_icv_lies_between_the_visit_and_today(sent_on, problem):
    assert sent_on_problem(sent_on, VISIT, TODAY) == problem


def test_the_triage_can_be_saved_while_the_issue_is_open():
    assert [triage_problem(s) for s in ("new", "with_force", "escalated", "closed")] == [
        None,
        None,
        None,
        "This issue is closed",
    ]
    assert reference(42) == "ISSUE-42"


# -- sent outside icv ---------------------------------------------------------------------


def test_an_issue_sent_outside_icv_is_recorded_and_moves_on(app, ctx, login, nuneaton):
    office = login("coordinator")
    page = office.get(f"/issues/{nuneaton}").text
    assert NO_LIAISON in page
    assert re.findall(r'name="send-route" type="radio" value="(\w+)"', page) == ["outside"]
    response = send(
        office,
        nuneaton,
        route="outside",
        sent_on=["23", "11", "2026"],
        sent_how="By phone to Inspector Khan",
        note="Asked for hot meals after 8pm",
    )
    assert response.headers["Location"] == f"/issues/{nuneaton}"
    issue = db.session.get(VisitIssue, nuneaton)
    assert issue.status == "with_force"
    assert sending_events(nuneaton)[-1] == (
        "send",
        "outside",
        date(2026, 11, 23),
        "By phone to Inspector Khan",
    )
    assert outbox() == []  # nothing mailed
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "issue.send")).one()
    assert audit.details == {
        "note": "Asked for hot meals after 8pm",
        "route": "outside",
        "sent_on": "2026-11-23",
        "sent_via": "By phone to Inspector Khan",
    }
    page = office.get(f"/issues/{nuneaton}").text
    assert "Recorded as sent to the force outside icv." in page
    assert "Outside icv, on 23 November 2026: By phone to Inspector Khan" in page
    # The force answers by phone too: the office records it, and closes the issue.
    office.post(f"/issues/{nuneaton}/respond", data={"respond-response": "Meals now till 10pm"})
    office.post(
        f"/issues/{nuneaton}/close",
        data={"close-note": "Confirmed at a visit", "close-resolved_on": ["24", "11", "2026"]},
    )
    db.session.refresh(issue)
    assert (issue.status, issue.response) == ("closed", "Meals now till 10pm")


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"sent_on": ["", "", ""], "sent_how": ""},
            {
                "send-sent_on": "Enter the date it was sent",
                "send-sent_how": "Say how it was sent: by phone, letter or email",
            },
        ),
        (
            {"sent_on": ["25", "11", "2026"], "sent_how": "Letter"},
            {"send-sent_on": "The date it was sent must be today or in the past"},
        ),
        (
            {"sent_on": ["9", "11", "2026"], "sent_how": "Letter"},
            {
                "send-sent_on": "The date it was sent must be on or after the visit "
                "(10 November 2026)"
            },
        ),
        (
            {"sent_on": ["31", "11", "2026"], "sent_how": "x" * 201},
            {
                "send-sent_on": "The date it was sent must be a real date",
                "send-sent_how": "How it was sent must be 200 characters or fewer",
            },
        ),
    ],
)
def test_a_sending_outside_icv_needs_its_date_and_how(ctx, login, nuneaton, fields, errors):
    office = login("coordinator")
    response = send(office, nuneaton, route="outside", note="Kept as typed", **fields)
    assert response.status_code == 400
    assert "<title>Error: " in response.text
    shown = {name: field_error(response.text, name) for name in errors}
    assert shown == errors
    summary = response.text.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert [f"#{name}" for name in errors] == re.findall(r'<a href="(#[^"]+)"', summary)
    assert "Kept as typed</textarea>" in response.text
    assert db.session.get(VisitIssue, nuneaton).status == "new"


def test_a_way_the_suite_does_not_have_is_refused(ctx, login, nuneaton):
    office = login("coordinator")
    for route in ("liaison", "suite", ""):
        response = send(office, nuneaton, route=route)
        assert response.status_code == 400
        assert field_error(response.text, "send-route") == (
            "Select how the issue goes to the force"
        )
    assert db.session.get(VisitIssue, nuneaton).status == "new"
    assert outbox() == []


# -- the suite's own address ---------------------------------------------------------------


def test_an_issue_goes_to_the_suites_address_with_no_link_to_an_account(ctx, login, nuneaton):
    suite = db.session.scalars(select(Suite)).one()
    suite.email = "custody.nuneaton@police.example"
    db.session.commit()
    office = login("coordinator")
    page = office.get(f"/issues/{nuneaton}").text
    assert NO_LIAISON not in page
    assert re.findall(r'name="send-route" type="radio" value="(\w+)"', page) == [
        "suite",
        "outside",
    ]
    assert 'name="send-route" type="radio" value="suite" checked' in page
    response = send(office, nuneaton, route="suite", is_serious="y", note="Please reply soon")
    assert response.status_code == 302
    [mail] = outbox("issue-to-suite")
    assert mail.to_address == "custody.nuneaton@police.example"
    assert (
        mail.subject == f"Serious issue raised by custody visitors at Nuneaton (ISSUE-{nuneaton})"
    )
    for text in (mail.body_text, mail.body_html):
        assert f"ISSUE-{nuneaton}" in text
        assert "No hot food after 8pm" in text
        assert "Food and drink (serious)" in text
        assert "Custody sergeant" in text
        assert "Please reply soon" in text
        assert "Please reply to icv@example.org" in text
        assert "http" not in text  # no link: nothing here needs an account
        assert "Val" not in text
        assert "Sam" not in text
    assert sending_events(nuneaton)[-1] == (
        "send",
        "suite",
        None,
        "custody.nuneaton@police.example",
    )
    assert "Sent by email to the suite&#39;s address." in office.get(f"/issues/{nuneaton}").text
    # Escalated later: the suite's address is told again, still without a link.
    office.post(f"/issues/{nuneaton}/escalate", data={"escalate-note": "No answer in 14 days"})
    escalated = outbox("issue-to-suite")[-1]
    assert escalated.subject.startswith("Escalated: Serious issue")
    assert "No answer in 14 days" in escalated.body_text
    assert "http" not in escalated.body_text


# -- triage without sending -----------------------------------------------------------------


def test_the_category_and_seriousness_are_saved_without_sending(ctx, login, nuneaton):
    office = login("coordinator")
    page = office.get(f"/issues/{nuneaton}").text
    assert f'formaction="/issues/{nuneaton}/triage"' in page
    # What the sending questions hold does not matter when only the triage is saved.
    response = office.post(
        f"/issues/{nuneaton}/triage",
        data={
            "send-category": "safety",
            "send-is_serious": "y",
            "send-route": "",
            "send-sent_on": ["99", "", ""],
        },
    )
    assert response.headers["Location"] == f"/issues/{nuneaton}"
    issue = db.session.get(VisitIssue, nuneaton)
    assert (issue.category, issue.is_serious, issue.status, issue.sent_at) == (
        "safety",
        True,
        "new",
        None,
    )
    assert outbox() == []
    assert sending_events(nuneaton)[-1] == ("triage", None, None, None)
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "issue.triage")).one()
    assert audit.details == {"category": ["food_drink", "safety"], "is_serious": [False, True]}
    page = office.get(f"/issues/{nuneaton}").text
    assert "Category and seriousness saved." in page
    assert "Safety hazards, serious" in page  # on the timeline
    again = office.post(
        f"/issues/{nuneaton}/triage", data={"send-category": "safety", "send-is_serious": "y"}
    )
    assert "Nothing changed." in office.get(again.headers["Location"]).text
    bad = office.post(f"/issues/{nuneaton}/triage", data={"send-category": "not-a-category"})
    assert bad.status_code == 400
    assert field_error(bad.text, "send-category") == "Not a valid choice."


def test_only_the_office_saves_the_triage_of_an_open_issue(ctx, login, nuneaton):
    issue = db.session.get(VisitIssue, nuneaton)
    issue.status, issue.sent_at = "closed", issue.report.submitted_at
    issue.report.suite.liaisons.append(db.session.get(User, 5) or make_liaison())
    db.session.commit()
    office = login("coordinator")
    closed = office.post(f"/issues/{nuneaton}/triage", data={"send-category": "safety"})
    assert "This issue is closed" in office.get(closed.headers["Location"]).text
    assert db.session.get(VisitIssue, nuneaton).category == "food_drink"
    office.post("/sign-out")
    liaison = login("liaison")
    assert liaison.post(f"/issues/{nuneaton}/triage", data={}).status_code == 403


def make_liaison() -> User:
    return db.session.scalars(User.by_email("lee@example.org")).one()


# -- a liaison who has not accepted their invitation ------------------------------------------


def test_the_page_warns_before_mailing_a_liaison_without_an_account_yet(ctx, login, nuneaton):
    invited = make_user("kim@police.example", name="Kim Khan", roles={Role.LIAISON}, password=None)
    suite = db.session.scalars(select(Suite)).one()
    suite.liaisons.append(invited)
    db.session.commit()
    office = login("coordinator")
    warning = (
        "Kim Khan has not accepted their invitation to icv yet: an email sent to them now leads "
        "to an account they cannot open. Send it outside icv instead, or ask them to accept "
        "their invitation first."
    )
    page = office.get(f"/issues/{nuneaton}").text
    assert warning in page
    assert 'name="send-route" type="radio" value="liaison" checked' in page
    # A warning, not a refusal: the mail goes, and reaches them once they accept.
    assert send(office, nuneaton, route="liaison").status_code == 302
    assert [m.to_address for m in outbox("issue-to-force")] == ["kim@police.example"]
    invited.password_hash = "set"
    db.session.commit()
    assert "has not accepted their invitation" not in office.get(f"/issues/{nuneaton}").text


def test_a_historical_category_can_be_kept_but_no_other_is_made_up(ctx, login, personas):
    issue_id = issue_at(make_suite("Rugby"), category="Drains")  # as an old record named it
    office = login("coordinator")
    page = office.get(f"/issues/{issue_id}").text
    assert '<option value="Drains" selected>Drains</option>' in page
    kept = office.post(f"/issues/{issue_id}/triage", data={"send-category": "Drains"})
    assert kept.status_code == 302
    made_up = office.post(f"/issues/{issue_id}/triage", data={"send-category": "Plumbing"})
    assert field_error(made_up.text, "send-category") == "Not a valid choice."
    assert db.session.get(VisitIssue, issue_id).category == "Drains"


def test_the_service_refuses_a_way_the_suite_does_not_have(ctx, personas, nuneaton):
    from icv.visits.issue_services import IssueError, Sending, send_to_force

    issue = db.session.get(VisitIssue, nuneaton)
    coordinator = db.session.scalars(User.by_email("chris@example.org")).one()
    with pytest.raises(IssueError) as refused:
        send_to_force(coordinator, issue, "food_drink", False, None, Sending(Route.LIAISON))
    assert str(refused.value) == (
        "Nuneaton has no custody liaison account: send it to the suite's email address, or "
        "record how it was sent outside icv"
    )
    with pytest.raises(IssueError) as refused:
        send_to_force(coordinator, issue, "food_drink", False, None, Sending(Route.SUITE))
    assert str(refused.value) == (
        "Nuneaton has no email address: add it under Custody suites, or choose another way"
    )
    assert (issue.status, issue.events[-1].action) == ("new", "raised")
