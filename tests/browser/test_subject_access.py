"""The administrator answers a subject access request and erases the person, on a narrow
screen, with and without JavaScript; axe finds nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icv.accounts.models import User
from icv.extensions import db
from tests.browser.conftest import axe_violations, sign_in
from tests.people import OWN_TEXT, val_with_report

pytestmark = pytest.mark.browser

REFUSED = "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"


@pytest.fixture
def val(app, personas):
    with app.app_context():
        val_with_report()
        db.session.commit()


def find(page, email: str) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Find everything held").click()


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(("width", "javascript"), [(390, True), (320, False)])
def test_the_administrator_finds_downloads_and_erases(
    live_server, phones, app, val, width, javascript
):
    page, console = phones(width, javascript=javascript)
    sign_in(page, live_server, "alex@example.org")
    page.goto(f"{live_server}/admin/people")
    find(page, "nobody@example.org")
    page.get_by_text("No account, volunteer or application has this email address").first.wait_for()
    assert console.take() == [REFUSED]  # the page answers 400, as every refused form does
    if javascript:  # GOV.UK Frontend moves focus to the error summary
        assert "govuk-error-summary" in page.evaluate("document.activeElement.className")

    find(page, "val@example.org")
    page.get_by_role("heading", name="Everything held about Val Person").wait_for()
    page.get_by_text(OWN_TEXT["good_practice"]).first.wait_for()
    assert fits(page, width)
    if javascript:  # axe itself is a script
        assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as JSON").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["account"]["email"] == "val@example.org"

    page.get_by_role("button", name="Erase personal data").click()
    page.get_by_role("heading", name="Erase Val Person\u2019s personal data?").wait_for()
    assert fits(page, width)
    if javascript:
        assert axe_violations(page) == []
    page.get_by_role("button", name="Erase personal data").click()
    page.get_by_text("The personal data has been erased").wait_for()
    with app.app_context():
        assert db.session.scalars(User.by_email("val@example.org")).one_or_none() is None
