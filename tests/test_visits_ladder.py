"""The escalation ladder (issue 16, item 4): an issue not answered within its step's target
climbs one step at exactly that target (an escalation event, the next contact mailed), the
digest lists every overdue issue, and the force's copy of a reviewed report names no visitor."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.jobs.digest import digest_parts
from icv.jobs.issue_ladder import climb_the_ladder
from icv.settings import update_settings
from icv.suites.models import Suite
from icv.visits.issue_rules import first_step, is_overdue, overdue_since, target_days
from icv.visits.models import IssueEvent, VisitIssue, VisitReport
from icv.visits.values import IssueValues
from tests.factories import make_suite
from tests.mail import outbox
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    NOW,
    frozen,
    ids,
    make_report,
    sent_report,
)

TARGETS = {"sergeant": 2, "inspector": 14, "senior": 28, "commissioner": 90}
SENT = NOW.date()  # 24 November 2026, a Tuesday


# -- the rule -------------------------------------------------------------------------------


def test_an_issue_is_overdue_exactly_when_its_steps_days_are_up():
    assert overdue_since(date(2026, 12, 1), 14) == date(2026, 12, 15)
    day_before, on_the_day = date(2026, 12, 14), date(2026, 12, 15)
    assert not is_overdue("with_force", 2, date(2026, 12, 1), TARGETS, day_before)
    assert is_overdue("with_force", 2, date(2026, 12, 1), TARGETS, on_the_day)
    assert is_overdue("escalated", 3, date(2026, 12, 1), TARGETS, date(2026, 12, 29))
    # Answered, closed or not sent yet: no clock runs.
    for status in ("responded", "closed", "new"):
        assert not is_overdue(status, 2, date(2026, 12, 1), TARGETS, date(2027, 6, 1))
    assert not is_overdue("with_force", 0, None, TARGETS, on_the_day)


def test_a_step_without_a_usable_target_is_due_at_once():
    assert target_days(1, TARGETS) == 2
    assert target_days(2, {"inspector": "soon"}) == 0
    assert target_days(2, {}) == 0
    assert (first_step("suite"), first_step("liaison"), first_step("outside")) == (1, 2, 2)


# -- the climb -----------------------------------------------------------------------------


@pytest.fixture
def sent_issue(app, login, personas):
    """An issue at Rugby sent to the force by email to the custody office's address (the
    sergeant's step), on 24 November 2026; the suite has its inspector and superintendent."""
    with app.app_context():
        suite = make_suite("Rugby", "Newbold Road")
        suite.email = "custody.rugby@police.example"
        suite.inspector_name, suite.inspector_email = "Insp. Hale", "hale@police.example"
        suite.senior_name, suite.senior_email = "Supt. Moss", "moss@police.example"
        report = make_report(
            suite, issues=[IssueValues("food_drink", "No hot food after 8pm", is_urgent=True)]
        )
        db.session.commit()
        issue_id = report.issues[0].id
    office = login("coordinator")
    response = office.post(
        f"/issues/{issue_id}/send", data={"send-category": "food_drink", "send-route": "suite"}
    )
    assert response.status_code == 302
    office.post("/sign-out")
    return issue_id


def run_on(day: date):
    with time_machine.travel(NOW + timedelta(days=(day - SENT).days), tick=False):
        outcome = climb_the_ladder()
        db.session.commit()
        return outcome


def test_sending_starts_the_sergeants_step(ctx, sent_issue):
    issue = db.session.get(VisitIssue, sent_issue)
    assert (issue.ladder_step, issue.step_started_on) == (1, SENT)


def test_the_issue_climbs_at_exactly_its_target_and_mails_the_next_step(ctx, sent_issue):
    before = len(outbox())
    assert run_on(SENT + timedelta(days=1)).count == 0  # one day of the sergeant's two
    assert len(outbox()) == before
    outcome = run_on(SENT + timedelta(days=2))
    assert (outcome.count, outcome.summary) == (1, "escalated 1 overdue issue")
    issue = db.session.get(VisitIssue, sent_issue)
    db.session.refresh(issue)
    assert (issue.ladder_step, issue.step_started_on, issue.status) == (
        2,
        SENT + timedelta(days=2),
        "escalated",
    )
    [event] = db.session.scalars(select(IssueEvent).where(IssueEvent.action == "climb")).all()
    assert event.note == (
        "No response in 2 days at: Custody sergeant on the day. Now with: Custody inspector."
    )
    assert event.sent_via == "hale@police.example"
    [to_inspector] = outbox("issue-climbed")
    assert to_inspector.to_address == "hale@police.example"
    assert f"ISSUE-{sent_issue}" in to_inspector.body_text
    assert "no response in 2 days" in to_inspector.body_text
    [told] = outbox("issues-climbed")
    assert told.to_address == "chris@example.org"
    assert "now with: Custody inspector" in told.body_text
    # Run again the same day: nothing more climbs, nothing more is mailed.
    assert run_on(SENT + timedelta(days=2)).count == 0
    assert len(outbox("issue-climbed")) == 1


def test_it_climbs_to_the_commissioners_meeting_and_stops(ctx, sent_issue):
    update_settings(None, {"commissioner_meeting_email": "meeting@opcc.example"})
    db.session.commit()
    day = SENT + timedelta(days=2)
    run_on(day)  # to the inspector
    day += timedelta(days=14)
    run_on(day)  # to the superintendent
    day += timedelta(days=28)
    run_on(day)  # to the Commissioner's meeting
    assert [m.to_address for m in outbox("issue-climbed")] == [
        "hale@police.example",
        "moss@police.example",
        "meeting@opcc.example",
    ]
    issue = db.session.get(VisitIssue, sent_issue)
    db.session.refresh(issue)
    assert issue.ladder_step == 4
    assert run_on(day + timedelta(days=365)).count == 0  # the top: it stays, overdue
    parts = {part.title: part for part in digest_parts(day + timedelta(days=90))}
    [line] = parts["Issues overdue for the force's response"].lines
    assert line.text == (
        "Rugby, raised 10 Nov 2026: Food and drink, with: The Commissioner's holding-to-account "
        "meeting, waiting 90 days (target 90 days)"
    )


def test_an_answer_stops_the_clock(ctx, login, sent_issue):
    office = login("coordinator")  # recording an answer that came by phone
    office.post(
        f"/issues/{sent_issue}/respond", data={"respond-response": "Hot food is now stocked"}
    )
    assert run_on(SENT + timedelta(days=30)).count == 0
    titles = [part.title for part in digest_parts(SENT + timedelta(days=30))]
    assert "Issues overdue for the force's response" not in titles


def test_the_digest_lists_overdue_issues_that_are_not_serious(ctx, sent_issue):
    issue = db.session.get(VisitIssue, sent_issue)
    assert issue.is_serious is False
    titles = [part.title for part in digest_parts(SENT + timedelta(days=1))]
    assert "Issues overdue for the force's response" not in titles
    parts = {part.title: part for part in digest_parts(SENT + timedelta(days=2))}
    [line] = parts["Issues overdue for the force's response"].lines
    assert line.text == (
        "Rugby, raised 10 Nov 2026: Food and drink, with: Custody sergeant on the day, "
        "waiting 2 days (target 2 days)"
    )
    assert line.link == f"http://icv.test/issues/{sent_issue}"


# -- the force's copy ---------------------------------------------------------------------


def reviewed(login, ids, copy: bool):
    client, key = sent_report(login, ids)
    client.post(f"/reports/draft/{key}/check")
    client.post("/sign-out")
    update_settings(None, {"force_copy_of_reports": copy})
    suite = db.session.get(Suite, ids["suite"])
    suite.inspector_email = "inspector@police.example"
    db.session.commit()
    report = db.session.scalars(select(VisitReport)).one()
    office = login("coordinator")
    response = office.post(f"/reports/{report.id}/acknowledge")
    assert response.status_code == 302
    return report


def test_the_force_copy_is_in_english_when_a_welsh_speaker_reviews_the_report(ctx, login, ids):
    update_settings(None, {"welsh_offered": True})
    coordinator = db.session.scalars(select(User).where(User.email == "chris@example.org")).one()
    coordinator.language = "cy"
    db.session.commit()
    reviewed(login, ids, copy=True)
    [copy] = outbox("report-force-copy")
    assert "Good practice seen" in copy.body_text
    assert "Staff were welcoming" in copy.body_text
    assert "One cell was cold and had no blanket" in copy.body_text


def test_the_force_copy_goes_to_the_inspector_with_no_visitor_named(ctx, login, ids):
    reviewed(login, ids, copy=True)
    [copy] = outbox("report-force-copy")
    assert copy.to_address == "inspector@police.example"
    assert copy.subject == "Custody visit report: Leamington Spa, 20 November 2026"
    for text in (copy.body_text, copy.body_html):
        assert "Leamington Spa" in text
        assert "20 November 2026" in text
        assert "One cell was cold and had no blanket" in text  # a finding
        assert "No blankets in stock for the cells" in text  # the issue
        assert "Staff were welcoming" in text  # good practice
        for name in ("Val", "Sam", "Person", "val@example.org", "sam@example.org"):
            assert name not in text
        assert "CV/1234/26" not in text  # no note on a person seen


def test_no_copy_unless_the_scheme_sends_one(ctx, login, ids):
    reviewed(login, ids, copy=False)
    assert outbox("report-force-copy") == []


def test_issues_with_the_force_before_the_upgrade_join_the_ladder_from_that_day(app, personas):
    """The migration: with the force -> the inspector's step, escalated -> the step above, the
    clock starting on the day of the upgrade (no flood of climbs on the first run)."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    with app.app_context():
        suite = make_suite("Rugby")
        statuses = ("new", "with_force", "escalated", "closed")
        for n, _ in enumerate(statuses):
            make_report(suite, visit_date=date(2026, 11, 1 + n))
        db.session.commit()
        downgrade(revision="00a1021ea4c8", x_arg=["discard-data=yes"])
        with db.engine.begin() as connection:
            ids = connection.scalars(text("SELECT id FROM visit_issues ORDER BY id")).all()
            for issue_id, status in zip(ids, statuses, strict=True):
                connection.execute(
                    text("UPDATE visit_issues SET status = :status WHERE id = :id"),
                    {"status": status, "id": issue_id},
                )
        upgrade()
        with db.engine.begin() as connection:
            rows = connection.execute(
                text("SELECT status, ladder_step, step_started_on FROM visit_issues ORDER BY id")
            ).all()
        day = SENT.isoformat()
        assert [(r[0], r[1], str(r[2]) if r[2] else None) for r in rows] == [
            ("new", 0, None),
            ("with_force", 2, day),
            ("escalated", 3, day),
            ("closed", 0, None),
        ]


def settings_form(**changes) -> dict[str, str]:
    return {
        "sergeant": "3",
        "inspector": "10",
        "senior": "21",
        "commissioner": "60",
        "commissioner_meeting_email": "Meeting@OPCC.example ",
        "force_copy": "yes",
        "icva_themes": "supplies: conditions\nfood_drink: food_drink",
        **changes,
    }


def test_the_administrator_sets_targets_the_copy_and_themes(ctx, login):
    from icv.settings import get_settings
    from tests.reporting import field_error

    admin = login("admin")
    assert "Custody inspector" in admin.get("/issues/settings").text
    refused = admin.post(
        "/issues/settings", data=settings_form(icva_themes="supplies: weather", inspector="400")
    )
    assert refused.status_code == 400
    assert field_error(refused.text, "icva_themes") == "Line 1: weather is not one of ICVA's themes"
    assert field_error(refused.text, "inspector") == "Enter a number of days from 0 to 365"
    saved = admin.post("/issues/settings", data=settings_form())
    assert saved.headers["Location"] == "/issues/settings"
    db.session.remove()
    current = get_settings()
    assert current["escalation_target_days"] == {
        "sergeant": 3,
        "inspector": 10,
        "senior": 21,
        "commissioner": 60,
    }
    assert current["commissioner_meeting_email"] == "meeting@opcc.example"
    assert current["force_copy_of_reports"] is True
    themes = {"supplies": "conditions", "food_drink": "food_drink"}
    assert current["icva_theme_of_category"] == themes
