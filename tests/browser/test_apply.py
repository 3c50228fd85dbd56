"""Apply from a phone, as an eligible and as an ineligible person, with axe on every page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def check_page(page, console) -> None:
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert console.errors == []


def continue_(page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def fill_application(page, console, live_server, *, born: tuple[str, str, str], email: str):
    page.goto(live_server + "/apply")
    check_page(page, console)
    page.get_by_role("button", name="Start now").click()

    page.get_by_label("Full name").fill("Jo Applicant")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Phone number").fill("07700 900123")
    # A mistake first: the error is shown next to the field and nothing typed is lost.
    page.locator("#date_of_birth-day").fill("31")
    page.locator("#date_of_birth-month").fill("2")
    page.locator("#date_of_birth-year").fill("1980")
    continue_(page)
    page.locator(".govuk-error-summary").wait_for()
    assert "Date of birth must be a real date" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Full name").input_value() == "Jo Applicant"
    check_page(page, console)
    day, month, year = born
    page.locator("#date_of_birth-day").fill(day)
    page.locator("#date_of_birth-month").fill(month)
    page.locator("#date_of_birth-year").fill(year)
    continue_(page)

    page.get_by_role("heading", name="Where you live").wait_for()
    check_page(page, console)
    page.get_by_label("Home address").fill("1 High Street\nWarwick")
    page.get_by_label("Postcode", exact=True).fill("CV34 4NB")
    page.locator("fieldset", has_text="Do you work in the area?").get_by_label("No").check()
    page.get_by_label("All my life").check()
    page.get_by_label("English").check()
    continue_(page)

    page.get_by_role("heading", name="Your work and connections").wait_for()
    check_page(page, console)
    page.get_by_label("Your occupation").fill("Teacher")
    page.locator("fieldset", has_text="criminal convictions").get_by_label("No").check()
    continue_(page)

    page.get_by_role("heading", name="When you could visit").wait_for()
    check_page(page, console)
    page.get_by_label("Weekends").check()
    continue_(page)

    page.get_by_role("heading", name="Referees").wait_for()
    check_page(page, console)
    for n, name in ((1, "Ann Referee"), (2, "Bob Referee")):
        page.locator(f"#ref{n}_name").fill(name)
        page.locator(f"#ref{n}_relationship").fill("Employer")
        page.locator(f"#ref{n}_phone").fill("01926 400000")
    continue_(page)

    page.get_by_role("heading", name="Declarations").wait_for()
    check_page(page, console)
    page.get_by_label("I agree to police vetting checks").check()
    page.get_by_label("I agree to my information being used").check()
    continue_(page)

    page.get_by_role(
        "heading", name="Check your answers before sending your application"
    ).wait_for()
    check_page(page, console)
    page.get_by_role("button", name="Accept and send").click()
    page.get_by_role("heading", name="Application sent").wait_for()
    check_page(page, console)


def test_an_eligible_person_applies_from_a_phone(live_server, phone):
    page, console = phone
    fill_application(page, console, live_server, born=("27", "3", "1980"), email="jo@example.net")
    assert "We have received your application" in page.inner_text("main")
    page.get_by_role("link", name="Answer the optional questions").click()
    page.get_by_role("heading", name="Equality monitoring").wait_for()
    check_page(page, console)
    page.get_by_label("35 to 44").check()
    page.get_by_role("button", name="Send answers").click()
    page.get_by_text("Your answers have been kept separately").wait_for()
    check_page(page, console)


def test_an_ineligible_person_is_told_why_on_a_phone(live_server, phone):
    page, console = phone
    fill_application(page, console, live_server, born=("1", "1", "2015"), email="kid@example.net")
    main = page.inner_text("main")
    assert "Why you cannot be a custody visitor at the moment" in main
    assert "You must be 18 or over on the day you apply. You can apply from 1 January 2033." in main
    assert "If you think this is wrong" in main
