"""Dates away on a phone (390 and 320 px): a mistake is summarised at the top of the page, with
the focus on the summary like every other form (and, without JavaScript, in sight)."""

from __future__ import annotations

import pytest

from icv.accounts.models import User
from icv.extensions import db
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import make_suite, make_volunteer

pytestmark = pytest.mark.browser

REFUSED = "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"


@pytest.fixture
def val(app, personas):
    with app.app_context():
        make_volunteer(db.session.get(User, personas["volunteer"]), suites=[make_suite()])
        db.session.commit()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize("width", [390, 320])
def test_a_mistake_in_the_dates_away_is_summarised_with_the_focus_on_it(
    live_server, phones, val, width, javascript
):
    page, console = phones(width, javascript=javascript)
    sign_in(page, live_server, "val@example.org")
    page.goto(live_server + "/my-visits/availability")
    page.get_by_role("group", name="First day away").get_by_label("Day").fill("40")
    page.get_by_role("button", name="Add dates away").click()
    summary = page.locator(".govuk-error-summary")
    summary.get_by_role("link", name="The first day away must include a month and year").wait_for()
    assert page.url == live_server + "/my-visits/away"  # no #away to scroll to
    top = summary.bounding_box()["y"]
    assert 0 <= top < page.viewport_size["height"]  # in sight, not scrolled past
    if javascript:  # (without it, the page runs no script, not even Playwright's)
        assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert console.take() == [REFUSED]  # the page answers 400, as every refused form does
