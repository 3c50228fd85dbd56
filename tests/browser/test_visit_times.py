"""A time the clocks skipped, typed on a phone: refused next to its field, the words kept."""

from __future__ import annotations

import pytest

from tests.browser.test_visit_report import continue_, server, sign_in  # noqa: F401

pytestmark = pytest.mark.browser

SKIPPED = (
    "There was no 01:30 on 29 March 2026: the clocks went forward an hour at 01:00. "
    "Enter the time the clocks showed, such as 02:30"
)


def test_a_time_the_clocks_skipped_is_refused_next_to_its_field(server, phones):  # noqa: F811
    """At 320 px with JavaScript off (the 390 px page with JavaScript, its focus on the summary
    and axe were walked by hand: a browser test with the service worker costs 11 s)."""
    page, _ = phones(320, javascript=False)
    sign_in(page, server.url)
    page.get_by_role("button", name="Write a visit report").click()
    page.get_by_role("link", name="The visit").click()
    page.get_by_label("Leamington Spa").check()
    for part, value in (("Day", "29"), ("Month", "3"), ("Year", "2026")):
        page.get_by_label(part).fill(value)
    page.get_by_label("In person").check()
    page.get_by_label("Completed").check()
    page.locator("fieldset", has_text="Terrorism Act").get_by_label("No").check()
    continue_(page, "Times")
    page.get_by_label("Time you arrived at the suite").fill("01:30")
    page.get_by_label("Time you were let into the custody area").fill("02:40")
    page.get_by_label("Time you left").fill("03:10")
    page.get_by_role("button", name="Save and continue").click()

    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert summary.get_by_role("link").inner_text() == SKIPPED
    field = page.locator(".govuk-form-group", has=page.get_by_label("Time you arrived"))
    assert field.locator(".govuk-error-message").inner_text() == f"Error:\n{SKIPPED}"
    assert page.get_by_label("Time you left").input_value() == "03:10"
    page.get_by_label("Time you arrived at the suite").fill("02:30")
    continue_(page, "Visitors")
