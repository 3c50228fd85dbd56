"""Sign in on a phone (with the code step for staff): the home page of the role, no console
errors, no axe violations."""

from __future__ import annotations

import pytest

from icv.accounts.models import SecondFactor, User
from icv.extensions import db
from tests.browser.conftest import axe_violations
from tests.factories import PASSWORD, current_code, make_user

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
    if persona != "volunteer":
        page.get_by_role("heading", name="Enter the code from your authenticator app").wait_for()
        assert axe_violations(page) == []
        page.get_by_label("Enter the 6-digit code").fill(current_code())
        page.get_by_role("button", name="Continue").click()

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


def fits_and_passes_axe(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []


def test_a_wrong_code_is_explained_next_to_the_field_on_a_phone(live_server, phone, personas):
    page, console = phone
    page.goto(live_server + "/sign-in")
    page.get_by_label("Email address").fill("chris@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Enter the 6-digit code").fill(
        "000000" if current_code() != "000000" else "1"
    )
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    message = "The code is not correct. Enter the 6 digits your authenticator app shows now"
    assert message in page.locator(".govuk-error-message").inner_text()
    summary.get_by_role("link", name=message).click()
    assert page.evaluate("document.activeElement.id") == "code"
    fits_and_passes_axe(page)
    page.get_by_role("link", name="Use a recovery code instead").click()
    page.get_by_role("heading", name="Enter a recovery code").wait_for()
    fits_and_passes_axe(page)
    assert console.errors == []


def test_setting_up_on_a_phone(app, live_server, phone):
    with app.app_context():
        make_user("new@example.org", roles={"liaison"}, enrolled=False)
        db.session.commit()
    page, console = phone
    page.goto(live_server + "/sign-in")
    page.get_by_label("Email address").fill("new@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Set up your second factor").wait_for()
    box = page.locator(".icv-qr svg").bounding_box()
    assert box["width"] == box["height"] == 240
    fits_and_passes_axe(page)
    with app.app_context():
        user = db.session.scalars(User.by_email("new@example.org")).one()
        secret = db.session.get(SecondFactor, user.id).secret
    page.get_by_label("Enter the 6-digit code").fill(current_code(secret))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Save your recovery codes").wait_for()
    assert page.locator("#recovery-codes li").count() == 8
    fits_and_passes_axe(page)
    page.get_by_role("button", name="I have saved these codes").click()
    page.get_by_role("heading", name="Custody liaison").wait_for()
    assert console.errors == []
