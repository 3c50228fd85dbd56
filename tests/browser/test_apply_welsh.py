"""Apply in Welsh from a phone (390 and 320 px): a browser set to Welsh gets Welsh without
touching the switch, every page says lang="cy" and is axe clean, and the switch keeps the page.

The live server keeps its real clock (see test_apply.py): the dates typed give the same words
on any day.
"""

from __future__ import annotations

from functools import partial

import pytest

from icv.extensions import db
from icv.settings import update_settings
from tests.browser.apply_steps import where_you_live, work_to_declarations
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def welsh_scheme(app):
    with app.app_context():
        update_settings(None, {"welsh_offered": True})
        db.session.commit()


def check_page(page, console, width: int) -> None:
    assert page.get_attribute("html", "lang") == "cy"
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert console.errors == []


def continue_(page) -> None:
    page.get_by_role("button", name="Cadw a pharhau").click()


@pytest.mark.parametrize("width", [390, 320])
def test_a_welsh_speaker_applies_in_welsh(live_server, phones, welsh_scheme, width):
    page, console = phones(width, locale="cy-GB")
    page.goto(live_server + "/apply")
    page.get_by_role(
        "heading", name="Gwneud cais i fod yn ymwelydd annibynnol â dalfeydd"
    ).wait_for()
    check_page(page, console, width)
    page.get_by_role("button", name="Dechrau nawr").click()

    page.get_by_role("heading", name="Amdanoch chi").wait_for()
    page.get_by_label("Enw llawn").fill("Siân Ymgeisydd")
    page.get_by_label("Cyfeiriad e-bost").fill("sian@example.net")
    page.locator("#date_of_birth-day").fill("31")
    page.locator("#date_of_birth-month").fill("2")
    page.locator("#date_of_birth-year").fill("1980")
    continue_(page)
    # A mistake is explained in Welsh, at the field, with what was typed kept.
    page.locator(".govuk-error-summary").wait_for()
    assert page.locator(".govuk-error-summary__title").inner_text().strip() == (
        "Mae problem wedi codi"
    )
    assert page.locator(".govuk-error-summary__list").inner_text().strip() == (
        "Dyddiad geni: rhaid iddo fod yn ddyddiad go iawn"
    )
    assert page.title().startswith("Gwall: Amdanoch chi")
    assert page.get_by_label("Enw llawn").input_value() == "Siân Ymgeisydd"
    check_page(page, console, width)
    page.locator("#date_of_birth-day").fill("27")
    page.locator("#date_of_birth-month").fill("3")
    continue_(page)

    check = partial(check_page, console=console, width=width)
    where_you_live(page, check, "cy")
    work_to_declarations(page, check, "cy")
    assert "27 Mawrth 1980" in page.inner_text("main")
    page.get_by_role("button", name="Derbyn ac anfon").click()

    page.get_by_role("heading", name="Cais wedi’i anfon").wait_for()
    check_page(page, console, width)
    assert "Beth sy’n digwydd nesaf" in page.inner_text("main")


def test_the_switch_keeps_the_page_without_javascript(live_server, phones, welsh_scheme):
    page, console = phones(390, locale="en-GB", javascript=False)
    page.goto(live_server + "/apply")
    assert page.get_attribute("html", "lang") == "en"
    page.get_by_role("link", name="Cymraeg").click()
    page.get_by_role(
        "heading", name="Gwneud cais i fod yn ymwelydd annibynnol â dalfeydd"
    ).wait_for()
    assert page.url == live_server + "/apply"
    # (axe needs JavaScript: the same page is checked with it in the test above.)
    assert page.get_attribute("html", "lang") == "cy"
    page.get_by_role("link", name="English").click()
    page.get_by_role("heading", name="Apply to be an independent custody visitor").wait_for()
    assert page.get_attribute("html", "lang") == "en"
    assert console.errors == []
