"""The coordinator sends an issue to a force with no liaison account: outside icv, or saves the
triage alone, on a narrow screen, with and without JavaScript; axe finds nothing."""

from __future__ import annotations

import pytest

from icv.clock import today_local
from icv.extensions import db
from icv.visits.models import VisitIssue
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import make_suite
from tests.reporting import make_report

pytestmark = pytest.mark.browser


@pytest.fixture
def issue_id(app, personas) -> int:
    """A new issue raised today at Nuneaton, which has no liaison account and no address."""
    with app.app_context():
        report = make_report(make_suite("Nuneaton"), visit_date=today_local())
        db.session.commit()
        return report.issues[0].id


@pytest.mark.parametrize("width", [390, 320])
def test_an_issue_is_recorded_as_sent_outside_icv(live_server, phone, app, issue_id, width):
    page, console = phone
    page.set_viewport_size({"width": width, "height": 844})
    sign_in(page, live_server, "chris@example.org")
    page.goto(f"{live_server}/issues/{issue_id}")
    assert page.get_by_text("Nuneaton has no custody liaison account and no email address").count()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The only way offered is chosen already; an empty date is explained at the top.
    page.get_by_label("How it was sent").fill("By phone to the custody inspector")
    page.get_by_role("button", name="Send to the force").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter the date it was sent" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.get_by_label("How it was sent").input_value() == (
        "By phone to the custody inspector"
    )
    assert axe_violations(page) == []
    today = today_local()
    sent_on = page.get_by_role("group", name="Date it was sent")
    sent_on.get_by_label("Day").fill(str(today.day))
    sent_on.get_by_label("Month").fill(str(today.month))
    sent_on.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Send to the force").click()
    page.get_by_text("Recorded as sent to the force outside icv.").wait_for()
    assert page.get_by_text("By phone to the custody inspector").count() == 1  # the timeline
    assert axe_violations(page) == []
    with app.app_context():
        assert db.session.get(VisitIssue, issue_id).status == "with_force"
    # The form sent back with its errors (400): the browser logs the status itself.
    assert console.take() == [
        "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    ]


def test_the_triage_is_saved_without_javascript(live_server, browser, app, issue_id):
    context = browser.new_context(viewport={"width": 320, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, "chris@example.org")
        page.goto(f"{live_server}/issues/{issue_id}")
        page.get_by_label("Category").select_option("safety")
        page.locator("#send-is_serious").check()  # the Panel form below has one too
        page.get_by_role("button", name="Save category and seriousness only").click()
        page.get_by_text("Category and seriousness saved.").wait_for()
    finally:
        context.close()
    with app.app_context():
        issue = db.session.get(VisitIssue, issue_id)
        assert (issue.category, issue.is_serious, issue.status) == ("safety", True, "new")


@pytest.mark.parametrize("width", [390, 320])
def test_the_coordinator_finds_an_issue_serious_for_the_panel(
    live_server, phones, app, issue_id, width
):
    """'For the Panel's report': a missing sentence is explained at the top and beside the box,
    then serious and "you said, we did" are saved; axe finds nothing, nothing scrolls sideways."""
    page, console = phones(width)
    sign_in(page, live_server, "chris@example.org")
    page.goto(f"{live_server}/issues/{issue_id}")
    page.get_by_label("Show it in the Panel's report").check()
    page.get_by_role("button", name="Save findings for the Panel").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Say in a sentence what the force did" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_label("What the force did, in a sentence").fill("Hot meals now until 2am")
    page.locator("#panel-is_serious").check()
    page.get_by_role("button", name="Save findings for the Panel").click()
    page.get_by_text("Findings for the Panel saved.").wait_for()
    assert axe_violations(page) == []
    with app.app_context():
        issue = db.session.get(VisitIssue, issue_id)
        assert (issue.is_serious, issue.for_panel, issue.panel_text) == (
            True,
            True,
            "Hot meals now until 2am",
        )
    assert console.take() == [
        "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    ]
