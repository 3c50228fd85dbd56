"""Claiming expenses in Welsh on a phone (390 px): a volunteer whose account is in Welsh gets
the list, the form, its error summary and the claim in Welsh, lang="cy", axe clean."""

from __future__ import annotations

import pytest

from icv.extensions import db
from icv.settings import update_settings
from tests.browser.conftest import axe_violations, sign_in
from tests.reporting import make_report, pair

pytestmark = pytest.mark.browser

REFUSED = "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"


@pytest.fixture
def welsh_val(app, personas):
    """Val's account in Welsh, on a scheme offering it; her report of 10 November filed."""
    with app.app_context():
        update_settings(None, {"welsh_offered": True})
        suite, val, sam = pair()
        val.user.language = "cy"
        make_report(suite, visitor_1_id=val.id, visitor_2_id=sam.id)
        db.session.commit()


def check_page(page, width: int) -> None:
    assert page.get_attribute("html", "lang") == "cy"
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_welsh_volunteer_claims_for_a_visit_in_welsh(live_server, phones, welsh_val):
    page, console = phones(390)
    sign_in(page, live_server, "val@example.org")
    page.goto(live_server + "/expenses/")
    assert page.get_by_role("heading", name="Eich treuliau").is_visible()
    check_page(page, 390)
    page.get_by_role("link", name="Hawlio treuliau").click()
    page.get_by_label("Ymweliad", exact=True).check()
    page.get_by_label("Pa ymweliad?").select_option(label="Leamington Spa, 10 Tachwedd 2026")
    page.get_by_label("Milltiroedd a yrrwyd yno ac yn ôl").fill("23")
    page.get_by_label("Parcio").fill("3.555")
    check_page(page, 390)
    page.get_by_role("button", name="Anfon yr hawliad").click()
    summary = page.locator(".govuk-error-summary")
    summary.get_by_role("link", name="Parcio: rhaid iddo fod mewn punnoedd a cheiniogau").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert console.take() == [REFUSED]
    assert page.get_by_label("Milltiroedd a yrrwyd yno ac yn ôl").input_value() == "23"
    check_page(page, 390)
    page.get_by_label("Parcio").fill("3.50")
    page.get_by_role("button", name="Anfon yr hawliad").click()
    page.get_by_role("heading", name="Ymweliad: Leamington Spa, 10 Tachwedd 2026").wait_for()
    assert page.get_by_text("Anfonwyd yr hawliad.").is_visible()
    assert page.get_by_text("Yn aros am gymeradwyaeth").is_visible()
    assert page.get_by_text("£13.85").is_visible()
    check_page(page, 390)
