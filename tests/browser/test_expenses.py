"""Claiming expenses on a phone (390 and 320 px): the form, a mistake summarised with the
focus on it, the claim sent, and the office's queue, with no sideways scrolling of the page."""

from __future__ import annotations

import pytest

from icv.expenses import services
from icv.expenses.rules import DEFAULT_PENCE_PER_MILE, Kind
from icv.extensions import db
from tests.browser.conftest import axe_violations, sign_in
from tests.page_cost_expenses import claim_values
from tests.reporting import make_report, pair

pytestmark = pytest.mark.browser

REFUSED = "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"


@pytest.fixture
def val_report(app, personas):
    with app.app_context():
        suite, val, sam = pair()
        make_report(suite, visitor_1_id=val.id, visitor_2_id=sam.id)
        db.session.commit()


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [390, 320])
def test_a_volunteer_claims_for_a_visit_from_their_phone(live_server, phones, val_report, width):
    page, console = phones(width)
    sign_in(page, live_server, "val@example.org")
    page.goto(live_server + "/expenses/")
    assert page.get_by_role("heading", name="Your expenses").is_visible()
    page.get_by_role("link", name="Claim expenses").click()
    page.get_by_label("Visit", exact=True).check()
    page.get_by_label("Which visit?").select_option(label="Leamington Spa, 10 November 2026")
    page.get_by_label("Miles driven there and back").fill("23")
    page.get_by_label("Parking").fill("3.555")
    assert axe_violations(page) == []
    assert fits(page, width)
    page.get_by_role("button", name="Send claim").click()
    summary = page.locator(".govuk-error-summary")
    summary.get_by_role("link", name="Parking must be in pounds and pence").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert console.take() == [REFUSED]
    assert page.get_by_label("Miles driven there and back").input_value() == "23"
    assert axe_violations(page) == []
    assert fits(page, width)
    page.get_by_label("Parking").fill("3.50")
    page.get_by_role("button", name="Send claim").click()
    page.get_by_role("heading", name="Visit to Leamington Spa, 10 November 2026").wait_for()
    assert page.get_by_text("£13.85").is_visible()
    assert page.get_by_text("Waiting for approval").is_visible()
    assert axe_violations(page) == []
    assert fits(page, width)


@pytest.mark.parametrize("width", [390, 320])
def test_the_office_queue_fits_a_phone(app, live_server, phones, val_report, width):
    from icv.expenses import services
    from icv.volunteers.models import Volunteer
    from tests.expenses import claim_values

    with app.app_context():
        val = db.session.scalars(db.select(Volunteer)).first()
        services.submit_claim(val.user, val, claim_values(), 45)
        db.session.commit()
    page, _ = phones(width)
    sign_in(page, live_server, "chris@example.org")
    page.goto(live_server + "/expenses/office")
    page.get_by_role("link", name="Panel meeting").wait_for()
    assert axe_violations(page) == []
    assert fits(page, width)
    page.get_by_role("link", name="Panel meeting").click()
    page.get_by_role("button", name="Approve claim").click()
    page.get_by_text("Claim approved.").wait_for()
    assert fits(page, width)


@pytest.fixture
def many_claims(app, personas):
    """Thirty of Val's claims, for training days (the list is newest first, 25 a page)."""
    with app.app_context():
        suite, val, sam = pair()
        report = make_report(suite, visitor_1_id=val.id, visitor_2_id=sam.id)
        for n in range(30):
            values = claim_values(n, Kind.TRAINING, report)
            services.submit_claim(val.user, val, values, DEFAULT_PENCE_PER_MILE)
        db.session.commit()


@pytest.mark.parametrize("width", [390, 320])
def test_a_volunteers_claims_come_a_page_at_a_time_on_a_phone(
    live_server, phones, many_claims, width
):
    page, console = phones(width)
    sign_in(page, live_server, "val@example.org")
    page.goto(live_server + "/expenses/")
    pages = page.get_by_role("navigation", name="Pages of your claims")
    assert pages.get_by_role("link", name="Page 2").count() == 1
    assert page.locator(".icv-claims > li").count() == 25
    assert fits(page, width)
    assert axe_violations(page) == []
    pages.get_by_role("link", name="Next").click()
    # The URL changes before page 2 has loaded: wait for its load, then count.
    page.wait_for_url(live_server + "/expenses/?page=2")
    assert page.locator(".icv-claims > li").count() == 5
    assert pages.locator("[aria-current=page]").inner_text().strip() == "2"
    assert fits(page, width)
    assert console.take() == []
