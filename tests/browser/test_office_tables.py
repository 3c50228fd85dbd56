"""The coordinator's wide tables scroll inside their own region on a narrow screen: the page
itself never scrolls sideways (the applications board has five columns, a volunteer's usual
times eight; the lists of volunteers, suites, accounts and rota requests are as wide)."""

from __future__ import annotations

import pytest

from icv.accounts.models import User
from icv.extensions import db
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import make_application, make_suite, make_volunteer

pytestmark = pytest.mark.browser


@pytest.fixture
def volunteer_id(app, personas) -> int:
    with app.app_context():
        user = db.session.get(User, personas["volunteer"])
        volunteer = make_volunteer(user, weekly_availability=[[0, "evening"], [6, "late"]])
        make_application(name="Jo Applicant With A Rather Long Name", stage="interview")
        make_suite("Nuneaton Justice Centre and Custody Suite")
        db.session.commit()
        return volunteer.id


@pytest.mark.parametrize("width", [390, 320])
def test_wide_office_tables_scroll_in_their_region(
    live_server, browser, personas, volunteer_id, width
):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        sign_in(page, live_server, "chris@example.org")
        for path, region in [
            ("/applications", "Applications"),
            (f"/volunteers/{volunteer_id}", "Times they can usually visit"),
            ("/volunteers", "Volunteers"),
            ("/suites", "Suites"),
            ("/admin/accounts", "Accounts"),
            ("/rota/requests", "Waiting for you"),
        ]:
            page.goto(live_server + path)
            scroller = page.get_by_role("region", name=region, exact=True)
            assert scroller.locator("table").count() == 1
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            assert axe_violations(page) == []
    finally:
        context.close()
