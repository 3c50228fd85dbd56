"""Closed issues a page at a time on a phone, with and without JavaScript: the GOV.UK
pagination (db.paginate behind it) fits the screen, leads on and back; axe finds nothing."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, sign_in
from tests.test_visits_issue_pages import CLOSED_PAGE_SIZE, closed_issues

pytestmark = pytest.mark.browser


def fits_and_passes_axe(page, width: int, javascript: bool) -> None:
    """No sideways scrolling, nothing for axe (both run in the page: with JavaScript only)."""
    if javascript:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(page) == []


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("width", [390, 320])
def test_closed_issues_page_on_a_phone(live_server, phones, app, personas, width, javascript):
    with app.app_context():
        closed_issues(CLOSED_PAGE_SIZE + 2)
    page, _ = phones(width, javascript=javascript)
    sign_in(page, live_server, "chris@example.org")
    page.goto(f"{live_server}/issues?status=closed")
    pages = page.get_by_role("navigation", name="Pages of closed issues")
    assert pages.get_by_role("link", name="Page 1").get_attribute("aria-current") == "page"
    fits_and_passes_axe(page, width, javascript)
    pages.get_by_role("link", name="Next").click()
    page.wait_for_url(f"{live_server}/issues?status=closed&page=2")
    caption = "27 closed issues, most recently closed first: 26 to 27"
    assert page.get_by_text(caption).count() == 1
    assert pages.get_by_role("link", name="Page 2").get_attribute("aria-current") == "page"
    assert pages.get_by_role("link", name="Next").count() == 0
    fits_and_passes_axe(page, width, javascript)
    pages.get_by_role("link", name="Previous").click()
    page.wait_for_url(f"{live_server}/issues?status=closed&page=1")
    assert page.get_by_text("most recently closed first: 1 to 25").count() == 1
