"""The long office lists come a page at a time on a phone: the GOV.UK pagination fits at 390
and 320 px (the page never scrolls sideways), passes axe, and its links keep the filter."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest

from icv.extensions import db
from icv.visits.values import IssueValues
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import make_application, make_suite
from tests.reporting import make_report

pytestmark = pytest.mark.browser


@pytest.fixture
def long_lists(app, personas) -> None:
    """Three pages of applications and of open issues."""
    with app.app_context():
        for n in range(101):
            make_application(f"Applicant {n:03}", f"a{n}@example.net")
        suite = make_suite("Nuneaton")
        for n in range(51):
            make_report(
                suite,
                visit_date=date(2026, 6, 1) + timedelta(days=n),
                arrived_at=time(14, 0),
                issues=[IssueValues("supplies", f"Listed issue {n:02}")],
            )
        db.session.commit()


@pytest.mark.parametrize("width", [390, 320])
def test_long_lists_page_on_a_phone(live_server, browser, long_lists, width):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        sign_in(page, live_server, "chris@example.org")
        for path, region, label, rows in [
            ("/applications?stage=received", "Applications", "Pages of applications", 50),
            ("/issues?category=supplies", "Issues", "Pages of issues", 25),
        ]:
            page.goto(live_server + path)
            pages = page.get_by_role("navigation", name=label)
            assert pages.get_by_role("link", name="Page 3").count() == 1
            table = page.get_by_role("region", name=region, exact=True)
            assert table.locator("tbody tr").count() == rows
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            assert axe_violations(page) == []
            pages.get_by_role("link", name="Next").click()
            # The URL changes before page 2 has loaded: wait for its load.
            page.wait_for_url(re.compile(r"[?&]page=2(&|$)"))
            assert path.split("?")[1] in page.url
            current = pages.locator("[aria-current=page]")
            assert current.inner_text().strip() == "2"
            assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    finally:
        context.close()
