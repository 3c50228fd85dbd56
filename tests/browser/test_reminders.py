"""A volunteer turns an email reminder off on a phone; an admin reads the scheduled jobs page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_a_volunteer_turns_a_reminder_off_on_a_phone(live_server, phone, personas):
    page, console = phone
    sign_in(page, live_server, "val@example.org")
    page.goto(live_server + "/account")
    page.get_by_role("link", name="Change email reminders").click()
    page.get_by_role("heading", name="Which reminders do you want by email?").wait_for()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("End of your term").uncheck()
    page.get_by_role("button", name="Save reminders").click()
    page.wait_for_url(live_server + "/account")
    assert "Your reminder choices have been saved." in page.inner_text("main")
    row = page.locator(".govuk-summary-list__row", has_text="Email reminders")
    assert "Police vetting renewal" in row.inner_text()
    assert "End of your term" not in row.inner_text()
    assert axe_violations(page) == []
    assert console.errors == []


def test_the_scheduled_jobs_page_is_accessible(live_server, phone, personas):
    page, console = phone
    sign_in(page, live_server, "alex@example.org")
    page.goto(live_server + "/admin/jobs")
    page.get_by_role("heading", name="Scheduled jobs").wait_for()
    assert axe_violations(page) == []
    assert console.errors == []
