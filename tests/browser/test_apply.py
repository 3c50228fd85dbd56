"""Apply from a phone (390 and 320 px wide), as an eligible and as an ineligible person, with
axe on every page and no console error.

The live server keeps its real clock (a frozen one would send the browser cookies that have
already expired), so dates are chosen to give the same words on any day: a date of birth in
1980, or ten years before today, whose 18th birthday the page names whatever today is.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest

from icv.applications.rules import anniversary
from icv.clock import today_local
from tests.browser.apply_steps import where_you_live, work_to_declarations
from tests.browser.conftest import Console, axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture(params=[390, 320], ids=lambda width: f"{width}px")
def phone(request, browser):
    """A page on a phone of each width, its console, and the width."""
    width = request.param
    context = browser.new_context(
        viewport={"width": width, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    yield page, Console(page), width
    context.close()


def check_page(page, console, width: int) -> None:
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert console.errors == []


def continue_(page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def type_date(page, field: str, day: str, month: str, year: str) -> None:
    page.locator(f"#{field}-day").fill(day)
    page.locator(f"#{field}-month").fill(month)
    page.locator(f"#{field}-year").fill(year)


def error_summary(page) -> str:
    page.locator(".govuk-error-summary").wait_for()
    return page.locator(".govuk-error-summary__list").inner_text().strip()


def about_you(page, console, width: int, live_server: str, born: tuple[str, str, str]) -> None:
    page.goto(live_server + "/apply")
    check_page(page, console, width)
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Full name").fill("Jo Applicant")
    page.get_by_label("Email address").fill("jo@example.net")
    page.get_by_label("Phone number (optional)").fill("07700 900123")
    type_date(page, "date_of_birth", *born)
    continue_(page)


def change_link_names(page) -> list[str]:
    """Every "Change" link's accessible name (its text and its visually hidden words)."""
    links = page.locator(".govuk-summary-list__actions a")
    return [" ".join(name.split()) for name in links.all_inner_texts()]


def test_an_eligible_person_applies_from_a_phone(live_server, phone):
    page, console, width = phone
    # Mistakes first: each is said in GOV.UK's words, at the field, and nothing typed is lost.
    about_you(page, console, width, live_server, born=("31", "2", "1980"))
    assert error_summary(page) == "Date of birth must be a real date"
    assert page.get_by_label("Full name").input_value() == "Jo Applicant"
    check_page(page, console, width)
    type_date(page, "date_of_birth", "27", "March", "80")
    continue_(page)
    assert error_summary(page) == "Year must include 4 numbers"
    assert page.locator("#date_of_birth-year.govuk-input--error").count() == 1
    assert page.locator("#date_of_birth-day.govuk-input--error").count() == 0
    assert page.locator("#date_of_birth-month").input_value() == "March"
    check_page(page, console, width)
    page.locator("#date_of_birth-year").fill("1980")
    continue_(page)

    check = partial(check_page, console=console, width=width)
    where_you_live(page, check, "en")
    work_to_declarations(page, check, "en")
    main = page.inner_text("main")
    assert "27 March 1980" in main
    assert "CV34 4NB" in main
    assert "cv34 4nb" not in main
    assert "Postcode of your workplace" not in main
    page.get_by_role("heading", name="Referee 1").wait_for()
    page.get_by_role("heading", name="Referee 2").wait_for()
    names = change_link_names(page)
    assert len(names) == len(set(names))
    assert "Change email address (Referee 2)" in names
    # Change one referee's answer and come straight back.
    page.get_by_role("link", name="Change email address (Referee 2)").click()
    page.locator("#ref2_email").fill("bob@example.net")
    page.get_by_role("button", name="Save and go to check your answers").click()
    page.get_by_role(
        "heading", name="Check your answers before sending your application"
    ).wait_for()
    assert "bob@example.net" in page.inner_text("main")

    page.get_by_role("button", name="Accept and send").click()
    page.get_by_role("heading", name="Application sent").wait_for()
    check_page(page, console, width)
    assert "We have received your application" in page.inner_text("main")
    page.get_by_role("link", name="Answer the optional questions").click()
    page.get_by_role("heading", name="Equality monitoring").wait_for()
    check_page(page, console, width)
    page.get_by_label("35 to 44").check()
    page.get_by_role("button", name="Send answers").click()
    page.get_by_text("Your answers have been kept separately").wait_for()
    check_page(page, console, width)


def test_an_ineligible_person_is_told_at_once_on_a_phone(live_server, phone):
    page, console, width = phone
    born = today_local() - timedelta(days=3653)  # about ten years old, whatever today is
    about_you(
        page, console, width, live_server, born=(str(born.day), str(born.month), str(born.year))
    )

    page.get_by_role("heading", name="You cannot become a custody visitor at the moment").wait_for()
    check_page(page, console, width)
    main = page.inner_text("main")
    eighteen = anniversary(born, 18)
    assert (
        "You must be 18 or over on the day you apply. "
        f"You can apply from {eighteen:%-d %B %Y}." in main
    )
    assert "Your application has not been sent." in main
    assert "equality" not in main.lower()
    # A mistake in the year: change it and carry on.
    page.get_by_role("link", name="Change your date of birth").click()
    page.get_by_role("heading", name="About you").wait_for()
    assert page.locator("#date_of_birth-day").input_value() == str(born.day)
    page.locator("#date_of_birth-year").fill("1980")
    continue_(page)
    where_you_live(page, partial(check_page, console=console, width=width), "en")

    # A serving police officer is told after their work, before anything about referees.
    page.get_by_role("heading", name="Your work and connections").wait_for()
    page.get_by_label("Your occupation").fill("Police officer")
    page.locator("fieldset", has_text="any of these roles now").get_by_label(
        "Police officer", exact=True
    ).check()
    page.locator("fieldset", has_text="criminal convictions").get_by_label("No").check()
    continue_(page)
    page.get_by_role("heading", name="You cannot become a custody visitor at the moment").wait_for()
    check_page(page, console, width)
    assert "so a serving police officer cannot be one" in page.inner_text("main")
    page.get_by_role("link", name="Change the roles you have now").wait_for()
    page.get_by_role("button", name="Delete my answers now").click()
    page.get_by_text("Your answers have been deleted.").wait_for()
    check_page(page, console, width)
    page.goto(live_server + "/apply/check")
    page.get_by_role("heading", name="Apply to be an independent custody visitor").wait_for()
