"""Sign in on a phone: the home page of the role, no console errors, no axe violations."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("persona", "email", "heading"),
    [
        ("coordinator", "chris@example.org", "Scheme coordinator"),
        ("volunteer", "val@example.org", "Custody visitor"),
        ("admin", "alex@example.org", "Administration"),
    ],
)
def test_it_signs_in_on_a_phone(live_server, phone, personas, persona, email, heading):
    page, console = phone
    page.goto(live_server + "/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign in").click()
    assert axe_violations(page) == []

    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name=heading).wait_for()
    assert page.url == live_server + "/"
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    assert console.errors == []


def test_errors_are_summarised_and_linked_on_a_phone(live_server, phone, personas):
    page, console = phone
    page.goto(live_server + "/sign-in")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter an email address" in summary.inner_text()
    summary.get_by_role("link", name="Enter an email address").click()
    assert page.evaluate("document.activeElement.id") == "email"
    assert axe_violations(page) == []
    assert console.errors == []
