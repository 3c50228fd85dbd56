"""The issue loop end to end, and who sees which issue (no visitor is ever named)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.visits.models import IssueEvent, VisitIssue
from icv.visits.values import IssueValues
from tests.factories import make_suite
from tests.mail import link_path, outbox, queue_report_mails
from tests.reporting import (  # noqa: F401  (frozen is a fixture)
    NOW,
    answers,
    fill_report,
    frozen,
    make_report,
    pair,
    start_report,
)


@pytest.fixture
def suites(app, personas):
    """Leamington Spa (Lee is its custody liaison) with Val and Sam; Nuneaton has no liaison."""
    with app.app_context():
        suite, val, sam = pair()
        suite.liaisons.append(db.session.get(User, personas["liaison"]))
        other = make_suite("Nuneaton", "Vicarage Street")
        db.session.commit()
        return {"suite": suite.id, "val": val.id, "sam": sam.id, "other": other.id}


def issue_at(suite_id: int, **issue) -> VisitIssue:
    from icv.suites.models import Suite

    report = make_report(
        db.session.get(Suite, suite_id),
        visit_date=issue.pop("visit_date", date(2026, 11, 10)),
        issues=[IssueValues(**{"category": "food_drink", "description": "No hot food", **issue})],
    )
    return report.issues[0]


def issue_reported_by_val(login, suites) -> VisitIssue:
    """Val sends a report from the form raising one urgent issue, and signs out."""
    volunteer = login("volunteer")
    key = start_report(volunteer)
    fill_report(volunteer, key, answers(suites["suite"], suites["sam"], suites["val"]))
    volunteer.post(f"/reports/draft/{key}/check")
    volunteer.post("/sign-out")
    return db.session.scalars(select(VisitIssue)).one()


def events(issue_id: int) -> list[tuple[str, str]]:
    return [
        (e.action, e.status)
        for e in db.session.scalars(
            select(IssueEvent).where(IssueEvent.issue_id == issue_id).order_by(IssueEvent.id)
        )
    ]


def test_an_urgent_issue_goes_round_the_loop_to_a_response_and_closure(login, suites, ctx):
    # A volunteer's report raises an urgent issue: the coordinator is mailed within the
    # minute (the scheduler queues the report's mails).
    issue = issue_reported_by_val(login, suites)
    queue_report_mails()
    [alert] = outbox("issue-urgent")
    assert alert.to_address == "chris@example.org"
    assert "No blankets in stock for the cells" in alert.body_text
    assert link_path(alert) == f"/issues/{issue.id}"

    # Triage: the coordinator settles the category and sends it to the suite's liaison.
    office = login("coordinator")
    response = office.post(
        f"/issues/{issue.id}/send",
        data={
            "send-category": "supplies",
            "send-is_serious": "y",
            "send-route": "liaison",
            "send-note": "Please confirm stock levels",
        },
    )
    assert response.headers["Location"] == f"/issues/{issue.id}"
    [to_force] = outbox("issue-to-force")
    assert to_force.to_address == "lee@example.org"
    assert "Please confirm stock levels" in to_force.body_text
    assert "Val" not in to_force.body_text
    assert "Sam" not in to_force.body_text
    office.post("/sign-out")

    # The liaison records the force's response; the coordinator is told.
    liaison = login("liaison")
    page = liaison.get(link_path(to_force))
    assert "Record the force" in page.text
    response = liaison.post(
        f"/issues/{issue.id}/respond",
        data={"respond-response": "Blankets restocked on 21 November"},
    )
    assert response.status_code == 302
    [told] = outbox("issue-response")
    assert told.to_address == "chris@example.org"
    assert "Blankets restocked on 21 November" in told.body_text
    liaison.post("/sign-out")

    # The coordinator closes it with a note and the date it was resolved.
    office = login("coordinator")
    response = office.post(
        f"/issues/{issue.id}/close",
        data={
            "close-note": "Stock checked at the next visit",
            "close-resolved_on": ["22", "11", "2026"],
        },
    )
    assert response.status_code == 302
    db.session.refresh(issue)
    assert (issue.status, issue.resolved_on, issue.response) == (
        "closed",
        date(2026, 11, 22),
        "Blankets restocked on 21 November",
    )
    assert events(issue.id) == [
        ("raised", "new"),
        ("send", "with_force"),
        ("respond", "responded"),
        ("close", "closed"),
    ]
    assert "Resolved after 2 days" in office.get(f"/issues/{issue.id}").text


def test_an_unresolved_issue_is_escalated_and_sent_again(login, suites, ctx):
    issue = issue_at(suites["suite"])
    db.session.commit()
    office = login("coordinator")
    office.post(
        f"/issues/{issue.id}/send", data={"send-category": "food_drink", "send-route": "liaison"}
    )
    refused = office.post(f"/issues/{issue.id}/escalate", data={"escalate-note": ""})
    assert refused.status_code == 400
    assert "Say why you are escalating the issue" in refused.text
    office.post(
        f"/issues/{issue.id}/escalate",
        data={"escalate-note": "No answer in 14 days: to the Chief Inspector"},
    )
    db.session.refresh(issue)
    assert issue.status == "escalated"
    escalations = [m for m in outbox("issue-to-force") if m.subject.startswith("Escalated")]
    assert [m.to_address for m in escalations] == ["lee@example.org"]
    assert "No answer in 14 days" in escalations[0].body_text
    liaison = login("liaison")
    liaison.post(f"/issues/{issue.id}/respond", data={"respond-response": "Hot meals ordered"})
    db.session.refresh(issue)
    assert issue.status == "responded"
    assert events(issue.id)[-2:] == [("escalate", "escalated"), ("respond", "responded")]


def test_steps_out_of_order_are_refused_with_a_message(login, suites, ctx):
    issue = issue_at(suites["suite"])
    db.session.commit()
    office = login("coordinator")
    response = office.post(f"/issues/{issue.id}/escalate", data={"escalate-note": "Why not"})
    assert response.status_code == 302
    assert (
        "Send the issue to the force before escalating it"
        in office.get(response.headers["Location"]).text
    )
    db.session.refresh(issue)
    assert issue.status == "new"


def test_the_liaison_sees_only_issues_sent_from_their_own_suites(login, suites, ctx):
    sent = issue_at(suites["suite"], description="Cell 4 call bell broken")
    untriaged = issue_at(
        suites["suite"], description="Waiting for triage", visit_date=date(2026, 11, 11)
    )
    elsewhere = issue_at(suites["other"], description="At Nuneaton")
    for issue in (sent, elsewhere):
        issue.status, issue.sent_at = "with_force", NOW
    db.session.commit()
    liaison = login("liaison")
    listing = liaison.get("/issues").text
    assert "Cell 4 call bell broken" in listing
    assert "Waiting for triage" not in listing
    assert "At Nuneaton" not in listing
    assert liaison.get(f"/issues/{sent.id}").status_code == 200
    assert liaison.get(f"/issues/{untriaged.id}").status_code == 404
    assert liaison.get(f"/issues/{elsewhere.id}").status_code == 404
    assert liaison.post(f"/issues/{elsewhere.id}/respond", data={"response": "x"}).status_code == (
        404
    )
    # The force responds; it never triages, escalates or closes.
    assert liaison.post(f"/issues/{sent.id}/close", data={"note": "x"}).status_code == 403
    assert liaison.post(f"/issues/{sent.id}/send", data={}).status_code == 403


@pytest.mark.parametrize("persona", ["liaison", "commissioner"])
def test_issue_pages_never_name_a_visitor(login, suites, ctx, persona):
    issue = issue_reported_by_val(login, suites)
    issue.status, issue.sent_at = "with_force", NOW
    db.session.commit()
    client = login(persona)
    for url in ("/issues", f"/issues/{issue.id}", "/"):
        page = client.get(url)
        assert page.status_code == 200
        assert "No blankets in stock" in page.text or url == "/"
        assert "Val Person" not in page.text
        assert "Sam Person" not in page.text
    assert "Read the visit report" not in client.get(f"/issues/{issue.id}").text
    assert client.post(f"/issues/{issue.id}/close", data={"note": "x"}).status_code == 403


def test_open_issues_are_counted_by_suite_and_category_with_their_age(login, suites, ctx):
    issue_at(suites["suite"], category="food_drink", visit_date=date(2026, 11, 1))
    issue_at(suites["suite"], category="food_drink", visit_date=date(2026, 11, 2))
    issue_at(suites["other"], category="safety", visit_date=date(2026, 11, 3))
    closed = issue_at(suites["other"], category="safety", visit_date=date(2026, 11, 4))
    closed.status = "closed"
    db.session.commit()
    from icv.visits.issue_services import open_counts, visible_issues

    coordinator = db.session.scalars(User.by_email("chris@example.org")).one()
    assert open_counts(visible_issues(coordinator)) == {
        ("Leamington Spa", "food_drink"): 2,
        ("Nuneaton", "safety"): 1,
    }
    page = login("coordinator").get("/issues").text
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">23</td>' in page
