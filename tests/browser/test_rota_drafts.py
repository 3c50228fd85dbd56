"""A rota draft being planned, and one whose solve failed, in Chromium at phone widths: axe,
no console error, nothing wider than the screen; the failed one focuses its error summary."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from playwright.sync_api import expect

from icv.extensions import db
from icv.rota.models import RotaPeriod
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import make_period

pytestmark = pytest.mark.browser


ASKED = datetime(2026, 12, 1, 14, 2, tzinfo=UTC)


@pytest.fixture
def drafts(app, personas):
    """One period waiting for its solve (asked for at 14:02), one whose solve failed."""
    with time_machine.travel(ASKED, tick=True), app.app_context():
        waiting = make_period(date(2027, 1, 4), status="draft")
        waiting.planning, waiting.queued_at = "queued", ASKED
        failed = make_period(date(2027, 2, 1), status="draft")
        failed.planning, failed.planning_error = "failed", "The solver stopped with an error"
        db.session.commit()
        yield {"waiting": waiting.id, "failed": failed.id}


@pytest.mark.parametrize("width", [390, 320])
def test_planning_and_failed_drafts_read_well_on_a_phone(live_server, phones, drafts, width):
    page, console = phones(width)
    sign_in(page, live_server, "chris@example.org")
    page.goto(live_server + f"/rota/{drafts['waiting']}")
    assert page.get_by_role("heading", name="Planning…").is_visible()
    assert page.get_by_text("Started at 14:02.").is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.body.scrollWidth") <= width
    page.goto(live_server + f"/rota/{drafts['failed']}")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "The solver stopped with an error" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.get_by_label("Day").first.input_value() == "01"
    assert axe_violations(page) == []
    assert page.evaluate("document.body.scrollWidth") <= width
    assert console.errors == []


def test_the_planning_page_shows_the_draft_once_it_is_made(app, live_server, phones, drafts):
    page, console = phones(390)
    sign_in(page, live_server, "chris@example.org")
    page.goto(live_server + f"/rota/{drafts['waiting']}")
    assert page.get_by_role("heading", name="Planning…").is_visible()
    with app.app_context():
        period = db.session.get(RotaPeriod, drafts["waiting"])
        period.planning = None  # as the job leaves it (no visits: the scheme has no suite)
        db.session.commit()
    # js/rota-planning.js asks again every 5 seconds and shows the draft: no click, no reload
    expect(page.get_by_text("0 of 0 required visits planned.")).to_be_visible(timeout=12_000)
    assert console.errors == []
