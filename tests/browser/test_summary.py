"""The summary pages in Chromium: axe, no console errors (a CSP breach is one), fits a phone,
and prints as a clean A4 document."""

from __future__ import annotations

import re

import pytest

from icv.accounts.models import User
from icv.extensions import db
from icv.summary.services import create_token
from tests.browser.conftest import Console, axe_violations, sign_in
from tests.summary_data import history_fixture  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

PAGES = [
    "/summary/2025",
    "/summary/2025?basis=financial&quarter=1",
    "/summary/2025/sign-off",
    "/summary/api-tokens",
    # Refused (400) with the period form and its error: the browser logs the status itself.
    "/summary/2099",
]


@pytest.fixture
def tokens(app, personas, history):
    """The hand-made history, and a token each for the commissioner and the coordinator."""
    with app.app_context():
        for persona in ("commissioner", "coordinator"):
            create_token(db.session.get(User, personas[persona]), "Panel papers spreadsheet")
        db.session.commit()
    return history


@pytest.mark.parametrize("email", ["pat@example.org", "chris@example.org"])
def test_the_summary_pages_pass_axe_on_a_phone(live_server, phone, tokens, email):
    page, console = phone
    sign_in(page, live_server, email)
    for path in PAGES:
        page.goto(live_server + path)
        assert axe_violations(page) == [], path
        # Nothing wider than the screen but the tables that scroll in their own box.
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 390, path
    assert console.take() == [
        "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    ]


def test_the_dashboard_prints_as_an_a4_document(live_server, browser, history):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    console = Console(page)
    sign_in(page, live_server, "pat@example.org")
    page.goto(live_server + "/summary/2025")
    page.emulate_media(media="print")
    for hidden in (".govuk-service-navigation", ".moj-sub-navigation", "details", "#publish"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("svg.icv-chart").count() == 4
    assert page.locator("svg.icv-chart").first.is_visible()
    assert page.get_by_text("5 visits to custody in 2025").is_visible()
    assert page.get_by_text("Hours of visits (arrival to leaving)").is_visible()
    pdf = page.pdf(format="A4", print_background=False)
    context.close()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= pages <= 8, pages
    assert console.errors == []
