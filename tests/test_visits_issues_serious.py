"""Urgent and serious apart (issue 16, item 3): the visitors' tick is urgent and drives the
alert; serious is the coordinator's finding, kept with who and when, and is what the Panel's
headline counts. "You said, we did" is chosen on the issue's page."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from icv.accounts.models import User
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.summary.figures import summary_figures
from icv.summary.rules import Basis, Period
from icv.visits.models import IssueEvent, VisitIssue
from icv.visits.values import IssueValues
from tests.factories import make_suite
from tests.reporting import NOW, field_error, frozen, make_report  # noqa: F401

VISIT = date(2026, 11, 10)


def issue_at(suite: str = "Nuneaton", **issue) -> int:
    values = {"category": "food_drink", "description": "No hot food", **issue}
    report = make_report(make_suite(suite), visit_date=VISIT, issues=[IssueValues(**values)])
    db.session.commit()
    return report.issues[0].id


@pytest.fixture
def urgent(app, personas):
    """An issue the visitors marked urgent, not yet found serious."""
    with app.app_context():
        return issue_at(is_urgent=True)


def test_an_urgent_issue_is_not_serious_until_the_coordinator_says_so(ctx, urgent):
    issue = db.session.get(VisitIssue, urgent)
    assert (issue.is_urgent, issue.is_serious, issue.serious_set_by_id) == (True, False, None)
    figures = summary_figures(Period(2026, Basis.CALENDAR), date(2026, 11, 24))
    assert figures["issues"]["serious"] == 0
    assert figures["headline"].endswith("with no serious issues identified")


def test_the_coordinator_finds_an_issue_serious_with_who_and_when(ctx, login, personas, urgent):
    office = login("coordinator")
    response = office.post(f"/issues/{urgent}/panel", data={"panel-is_serious": "y"})
    assert response.headers["Location"] == f"/issues/{urgent}"
    issue = db.session.get(VisitIssue, urgent)
    assert (issue.is_serious, issue.serious_set_by_id, issue.serious_set_at) == (
        True,
        personas["coordinator"],
        NOW,
    )
    assert issue.status == "new"  # nothing sent
    [event] = db.session.scalars(select(IssueEvent).where(IssueEvent.action == "panel")).all()
    assert event.note == "Serious"
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "issue.panel")).one()
    assert audit.details == {"is_serious": [False, True]}
    page = office.get(f"/issues/{urgent}").text
    coordinator = db.session.get(User, personas["coordinator"]).name
    assert f"Yes, set by {coordinator} on 24 November 2026" in page
    figures = summary_figures(Period(2026, Basis.CALENDAR), date(2026, 11, 24))
    assert figures["issues"]["serious"] == 1
    assert figures["headline"].endswith("with 1 serious issue identified")


def test_you_said_we_did_needs_a_sentence_and_keeps_nothing_else_without_one(ctx, login, urgent):
    office = login("coordinator")
    refused = office.post(f"/issues/{urgent}/panel", data={"panel-for_panel": "y"})
    assert refused.status_code == 400
    message = "Say in a sentence what the force did, for the Panel's report"
    assert field_error(refused.text, "panel-panel_text") == message
    assert 'class="govuk-error-summary"' in refused.text
    issue = db.session.get(VisitIssue, urgent)
    db.session.refresh(issue)
    assert (issue.for_panel, issue.panel_text) == (False, None)

    office.post(
        f"/issues/{urgent}/panel",
        data={"panel-for_panel": "y", "panel-panel_text": " Hot meals now served until 2am "},
    )
    db.session.refresh(issue)
    assert (issue.for_panel, issue.panel_text, issue.is_serious) == (
        True,
        "Hot meals now served until 2am",
        False,
    )


@pytest.mark.parametrize("persona", ["liaison", "commissioner", "volunteer"])
def test_only_the_office_sets_findings_for_the_panel(ctx, login, urgent, persona):
    client = login(persona)
    status = client.post(f"/issues/{urgent}/panel", data={"panel-is_serious": "y"}).status_code
    assert status in (403, 404)
    assert db.session.get(VisitIssue, urgent).is_serious is False


def test_old_serious_flags_become_urgent_and_serious_and_drafts_keep_their_tick(app, personas):
    """The migration: the one flag there was counts as both, so published figures hold."""
    from flask_migrate import downgrade, upgrade

    with app.app_context():
        issue_at("Nuneaton", is_urgent=False)
        issue_at("Rugby", is_urgent=True)
        db.session.execute(text("UPDATE visit_issues SET is_serious = is_urgent"))
        db.session.commit()
        downgrade(revision="565c688eeaf1", x_arg=["discard-data=yes"])
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO visit_report_drafts (key, owner_id, on_behalf, data, "
                    "created_at, updated_at) VALUES ('k', :owner, false, "
                    """'{"issues": {"issues-0-is_serious": ["y"], "raised": ["yes"]}}', """
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"owner": personas["volunteer"]},
            )
        upgrade()
        with db.engine.begin() as connection:
            rows = connection.execute(
                text(
                    "SELECT is_urgent, is_serious, serious_set_by_id FROM visit_issues ORDER BY id"
                )
            ).all()
            data = connection.scalar(text("SELECT data FROM visit_report_drafts"))
        assert [tuple(row) for row in rows] == [(False, False, None), (True, True, None)]
        stored = data if isinstance(data, dict) else __import__("json").loads(data)
        assert stored == {"issues": {"issues-0-is_urgent": ["y"], "raised": ["yes"]}}


def test_the_report_page_leads_the_reviewer_to_the_panels_findings(ctx, login, urgent):
    report_id = db.session.get(VisitIssue, urgent).report_id
    page = login("coordinator").get(f"/reports/{report_id}").text
    assert '<strong class="govuk-tag govuk-tag--pink">Urgent</strong>' in page
    assert f'href="/issues/{urgent}#panel"' in page
