"""Sign in in Welsh on a phone (390 and 320 px): the sign-in page, a mistake with "Gwall:"
read before it, the volunteer's home page, and a Welsh-speaking staff member's code step; each
page lang="cy" and axe clean."""

from __future__ import annotations

import pytest

from icv.accounts.models import User
from icv.extensions import db
from icv.settings import update_settings
from tests.browser.conftest import axe_violations
from tests.factories import PASSWORD, PERSONAS, current_code

pytestmark = pytest.mark.browser


@pytest.fixture
def welsh_scheme(app, personas):
    with app.app_context():
        update_settings(None, {"welsh_offered": True})
        db.session.get(User, personas["coordinator"]).language = "cy"
        db.session.commit()


def check_page(page, console, width: int) -> None:
    assert page.get_attribute("html", "lang") == "cy"
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert console.errors == []


@pytest.mark.parametrize("width", [390, 320])
def test_a_volunteer_signs_in_in_welsh(live_server, phones, welsh_scheme, width):
    page, console = phones(width, locale="cy-GB")
    page.goto(live_server + "/sign-in")
    page.get_by_role("heading", name="Mewngofnodi").wait_for()
    check_page(page, console, width)

    page.get_by_label("Cyfrinair", exact=True).fill("not the password")
    page.get_by_role("button", name="Mewngofnodi").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert summary.locator(".govuk-error-summary__title").inner_text().strip() == (
        "Mae problem wedi codi"
    )
    # Next to the field, a screen reader hears "Gwall:" before the message, as the summary
    # links to it and the page title says.
    message = page.locator("#email-error")
    assert message.locator(".govuk-visually-hidden").inner_text().strip() == "Gwall:"
    assert "Rhowch gyfeiriad e-bost" in message.inner_text()
    assert page.title().startswith("Gwall: ")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    check_page(page, console, width)

    page.get_by_label("Cyfeiriad e-bost").fill(PERSONAS["volunteer"][0])
    page.get_by_label("Cyfrinair", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Mewngofnodi").click()
    page.get_by_text("Helo, Val").wait_for()
    assert page.url == live_server + "/"
    check_page(page, console, width)


def test_a_welsh_speaking_coordinator_gets_the_code_step_in_welsh(
    live_server, phones, welsh_scheme
):
    page, console = phones(320, locale="cy-GB")
    page.goto(live_server + "/sign-in")
    page.get_by_label("Cyfeiriad e-bost").fill(PERSONAS["coordinator"][0])
    page.get_by_label("Cyfrinair", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Mewngofnodi").click()
    page.get_by_role("heading", name="Rhowch y cod o’ch ap dilysu").wait_for()
    check_page(page, console, 320)
    page.get_by_role("link", name="Defnyddio cod adfer yn lle hynny").wait_for()
    page.get_by_label("Rhowch y cod 6 digid").fill(current_code())
    page.get_by_role("button", name="Parhau").click()
    page.wait_for_url(live_server + "/")
    assert page.get_attribute("html", "lang") == "cy"
    assert console.errors == []
