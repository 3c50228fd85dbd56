"""The administrator sets the retention periods on a narrow screen, with and without
JavaScript, and then sees the job's counts on the jobs page; axe finds nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from icv.clock import now_utc
from icv.extensions import db
from icv.jobs.runs import run
from icv.notifications.models import OutboxMessage
from icv.settings import get_settings
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser

REFUSED = "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(("width", "javascript"), [(390, True), (320, False)])
def test_the_administrator_sets_the_periods_and_sees_the_counts(
    live_server, phones, app, personas, width, javascript
):
    with app.app_context():
        sent = now_utc() - dt.timedelta(days=40)
        db.session.add(OutboxMessage(kind="visit_reminder", to_address="val@example.org",
                                     subject="Your visit", body_text="Friday", status="sent",
                                     created_at=sent, sent_at=sent))  # fmt: skip
        db.session.commit()
        run("purge_applications")
    page, console = phones(width, javascript=javascript)
    sign_in(page, live_server, "alex@example.org")
    page.goto(f"{live_server}/admin/settings")
    page.get_by_role("link", name="retention periods").click()

    page.get_by_label("Days to keep the text of mail sent or failed").fill("0")
    page.get_by_role("button", name="Save retention periods").click()
    page.get_by_text("must be from 1 to 365").first.wait_for()
    assert console.take() == [REFUSED]  # the page answers 400, as every refused form does
    assert fits(page, width)
    if javascript:  # GOV.UK Frontend moves focus to the error summary; axe is a script
        assert "govuk-error-summary" in page.evaluate("document.activeElement.className")
        assert axe_violations(page) == []

    page.get_by_label("Days to keep the text of mail sent or failed").fill("14")
    page.get_by_role("button", name="Save retention periods").click()
    page.get_by_text("Retention periods saved.").wait_for()
    with app.app_context():
        assert get_settings()["mail_body_days"] == 14

    page.goto(f"{live_server}/admin/jobs")
    page.get_by_text("Removed or anonymised: mail bodies 1").first.wait_for()
    assert fits(page, width)
    if javascript:
        assert axe_violations(page) == []
