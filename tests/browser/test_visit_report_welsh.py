"""A Welsh-speaking volunteer files a visit report in Welsh on a phone (390 px): every page
says lang="cy" and is axe clean, a mistake is explained in Welsh next to its field, and the
report is sent.

The live server keeps its real clock (see test_apply.py): the visit's date is the day before
the report is started, whatever day that is, so the times typed have all passed.
"""

from __future__ import annotations

import pytest

from icv.extensions import db
from icv.settings import update_settings
from tests.browser import report_steps
from tests.browser.conftest import axe_violations
from tests.factories import PASSWORD
from tests.reporting import pair

pytestmark = pytest.mark.browser

WIDTH = 390


@pytest.fixture
def welsh_pair(app, personas):
    """Val and Sam on the panel of Leamington Spa, on a scheme that offers Welsh."""
    with app.app_context():
        update_settings(None, {"welsh_offered": True})
        pair()
        db.session.commit()


def check_page(page, console) -> None:
    assert page.get_attribute("html", "lang") == "cy"
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert console.errors == []


def continue_(page, heading: str) -> None:
    report_steps.continue_(page, heading, "cy")


def test_a_welsh_volunteer_files_a_report_in_welsh(live_server, phones, welsh_pair):
    page, console = phones(WIDTH, locale="cy-GB")
    page.goto(live_server + "/sign-in?next=/reports")
    page.get_by_label("Cyfeiriad e-bost").fill("val@example.org")
    page.get_by_label("Cyfrinair", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Mewngofnodi").click()
    page.get_by_role("heading", name="Eich adroddiadau ymweliadau").wait_for()
    check_page(page, console)
    page.get_by_role("button", name="Ysgrifennu adroddiad ymweliad").click()
    page.get_by_role("heading", name="Adroddiad ymweliad").wait_for()
    check_page(page, console)

    page.get_by_role("link", name="Yr ymweliad").click()
    page.get_by_role("heading", name="Yr ymweliad").wait_for()
    check_page(page, console)
    # Nothing chosen (Val's one suite is): the problem is said in Welsh, in the summary and at
    # its field.
    page.get_by_role("button", name="Cadw a pharhau").click()
    page.locator(".govuk-error-summary").wait_for()
    assert page.locator(".govuk-error-summary__title").inner_text().strip() == (
        "Mae problem wedi codi"
    )
    first = page.locator(".govuk-error-summary__list li").first.inner_text().strip()
    assert first == "Dewiswch sut y gwnaethoch ymweld"
    assert (
        page.locator("#mode-error")
        .inner_text()
        .strip()
        .endswith("Dewiswch sut y gwnaethoch ymweld")
    )
    assert page.locator("#mode-error .govuk-visually-hidden").inner_text().strip() == "Gwall:"
    check_page(page, console)
    report_steps.fill_sections(page, lambda page: check_page(page, console), "cy")
    continue_(page, "Gwiriwch eich adroddiad cyn ei anfon")
    check_page(page, console)
    page.get_by_role("button", name="Anfon yr adroddiad").click()
    page.get_by_text("Mae eich adroddiad wedi cael ei anfon. Diolch.").wait_for()
    check_page(page, console)
