"""The report's boxes on a phone (390 and 320 px): the character count counts, times typed on a
phone set to a 12-hour clock are read on the 24-hour clock, and what is said of the words
typed ("Saved.") is in sight where the person types, and never beside a list of problems."""

from __future__ import annotations

import pytest

from icv.extensions import db
from tests.browser.conftest import axe_violations, sign_in, until_true
from tests.reporting import pair

pytestmark = pytest.mark.browser

WIDTHS = [390, 320]


@pytest.fixture
def visitors(app, personas):
    """Val and Sam on the panel of Leamington Spa."""
    with app.app_context():
        pair()
        db.session.commit()


def open_section(page, url: str, slug: str) -> str:
    """Val starts a report and opens one of its sections; returns the draft's key."""
    sign_in(page, url, "val@example.org")
    page.get_by_role("button", name="Write a visit report").click()
    page.get_by_role("heading", name="Visit report").wait_for()
    key = page.url.rsplit("/", 1)[-1]
    page.goto(f"{url}/reports/draft/{key}/{slug}")
    return key


def fits(page, console, width: int) -> None:
    """Accessible, no wider than the phone, and nothing in the console."""
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert console.errors == []


def in_sight(page, locator) -> bool:
    box = locator.bounding_box()
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= page.viewport_size["height"]
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_a_text_box_counts_the_characters_left(live_server, phones, visitors, width):
    page, console = phones(width)
    open_section(page, live_server, "comments")
    page.get_by_label("Anything else (optional)").fill("Cell 6 was cold.")
    counts = page.locator(".govuk-character-count__status")
    page.get_by_text("You have 3,984 characters remaining").wait_for()
    assert counts.all_inner_texts() == [
        "You have 2,000 characters remaining",
        "You have 3,984 characters remaining",
    ]
    fits(page, console, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_times_are_typed_and_read_on_the_24_hour_clock_on_a_12_hour_phone(
    live_server, phones, visitors, width
):
    page, console = phones(width, locale="en-US")
    open_section(page, live_server, "times")
    arrived = page.get_by_label("Time you arrived at the suite")
    assert (arrived.get_attribute("type"), arrived.get_attribute("inputmode")) == (
        "text",
        "numeric",
    )
    page.get_by_text("For example, 19:05", exact=True).wait_for()
    fits(page, console, width)

    arrived.fill("7")  # which 7?
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.get_by_role("link", name="Enter the time you arrived as, for example, 19:05").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.locator("#arrived_at-error").inner_text() == (
        "Error:\nEnter the time you arrived as, for example, 19:05"
    )
    assert page.get_by_label("Time you arrived at the suite").input_value() == "7"
    fits(page, console, width)

    # Read as 07:05 to 20:30, these would be a visit of over 8 hours, refused as out of order.
    page.get_by_label("Time you arrived at the suite").fill("7:05pm")
    page.get_by_label("Time you were let into the custody area").fill("1915")
    page.get_by_label("Time you left").fill("8.30 pm")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Visitors", exact=True).wait_for()
    page.get_by_role("link", name="All sections").click()
    times = page.locator(".govuk-task-list__item", has_text="Times")
    assert times.locator(".govuk-task-list__status").inner_text() == "Completed"


def kept_on_the_server(page, key: str) -> None:
    """Until the phone has nothing left to send to the server."""
    until_true(
        page,
        """key => {
          const kept = JSON.parse(localStorage.getItem('icv-report:' + key))
          return kept && Object.keys(kept.dirty).length === 0
        }""",
        arg=key,
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_save_status_is_in_sight_while_typing_in_the_middle_of_a_page(
    live_server, phones, visitors, width
):
    page, console = phones(width)
    open_section(page, live_server, "checks")
    status = page.get_by_role("status")
    assert (status.get_attribute("aria-live"), status.inner_text()) == ("polite", "")
    box = page.locator("#welfare_notes")
    box.evaluate("box => box.scrollIntoView({block: 'center'})")
    box.fill("Warm enough, and fed on time.")
    page.get_by_role("status").get_by_text("Saved.", exact=True).wait_for()
    assert in_sight(page, box)
    assert in_sight(page, status)
    fits(page, console, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_save_status_says_nothing_of_saving_beside_an_error_summary(
    live_server, phones, visitors, width
):
    page, console = phones(width)
    key = open_section(page, live_server, "times")
    page.get_by_label("Time you arrived at the suite").fill("25:00")
    page.get_by_role("button", name="Save and continue").click()
    page.locator(".govuk-error-summary").wait_for()
    kept_on_the_server(page, key)  # the words typed are kept, mistakes and all
    assert page.get_by_role("status").inner_text() == ""
    page.get_by_label("Time you left").fill("23:00")
    kept_on_the_server(page, key)
    page.wait_for_timeout(300)
    assert page.get_by_role("status").inner_text() == ""
    fits(page, console, width)
