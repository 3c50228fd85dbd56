"""A volunteer's training and meetings on a phone (390 and 320 px), and signing a new
memorandum there: the refusal is summarised with the focus on it; nothing overflows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from icv.accounts.models import User
from icv.clock import today_local
from icv.extensions import db
from icv.training import services
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import make_suite, make_training, make_volunteer

pytestmark = pytest.mark.browser

REFUSED = "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"


@pytest.fixture
def val(app, personas):
    """Val: TACT-trained 100 days ago, at a meeting last month, a memorandum to sign."""
    with app.app_context():
        today = today_local()
        coordinator = db.session.get(User, personas["coordinator"])
        volunteer = make_volunteer(
            db.session.get(User, personas["volunteer"]), suites=[make_suite()]
        )
        make_training(volunteer, today - timedelta(days=100))
        meeting = services.add_meeting(
            coordinator, "Spring panel meeting", today - timedelta(days=30), "Leamington"
        )
        services.record_attendance(coordinator, meeting, {volunteer: "present"})
        services.publish_memorandum(coordinator, "2027-1", "Visit in pairs.\nKeep it private.")
        db.session.commit()


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [390, 320])
def test_a_volunteer_reads_their_training_and_signs_the_memorandum(live_server, phones, val, width):
    page, console = phones(width)
    sign_in(page, live_server, "val@example.org")
    page.goto(live_server + "/my-training")
    page.get_by_role("heading", name="Your training and meetings").wait_for()
    assert page.get_by_text("Terrorism Act (TACT) training").is_visible()
    assert page.get_by_text("Spring panel meeting").is_visible()
    fits(page, width)
    page.get_by_role("link", name="Read and sign it").click()
    page.get_by_text("Keep it private.").wait_for()
    fits(page, width)
    page.get_by_role("button", name="Sign the memorandum").click()
    summary = page.locator(".govuk-error-summary")
    summary.get_by_role("link", name="Tick the box to say you have read and agree").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert console.take() == [REFUSED]
    fits(page, width)
    page.get_by_label("I have read and agree to the memorandum of understanding").check()
    page.get_by_role("button", name="Sign the memorandum").click()
    page.get_by_text("you have agreed to version 2027-1").wait_for()
    assert page.get_by_text("You agreed to version 2027-1").is_visible()
    assert page.get_by_role("link", name="Read and sign it").count() == 0
