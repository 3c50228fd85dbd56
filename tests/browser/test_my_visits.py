"""My visits on a phone: see the next visit, confirm it, ask to drop another, set availability."""

from __future__ import annotations

from datetime import timedelta

import pytest

from icv.accounts.models import User
from icv.clock import today_local
from icv.extensions import db
from icv.rota.models import PlannedVisitor, SwapRequest
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import (
    PASSWORD,
    make_period,
    make_planned_visit,
    make_suite,
    make_visitor,
    make_volunteer,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def visits(app, personas):
    with app.app_context():
        suite = make_suite("Nuneaton", "Vicarage Street, Nuneaton CV11 4JU")
        val = make_volunteer(db.session.get(User, personas["volunteer"]), suites=[suite])
        sam = make_visitor("sam.s@example.org", [suite], name="Sam Second")
        sam.user.phone = "07700 900002"
        start = today_local() - timedelta(days=today_local().weekday())
        period = make_period(start, weeks=4)
        first = make_planned_visit(period, suite, start + timedelta(days=9), [val, sam])
        second = make_planned_visit(period, suite, start + timedelta(days=16), [val, sam], "day")
        db.session.commit()
        return {"first": first.id, "second": second.id}


def test_a_volunteer_confirms_and_asks_to_drop_on_a_phone(app, live_server, phone, visits):
    page, console = phone
    page.goto(live_server + "/sign-in")
    page.get_by_label("Email address").fill("val@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("main").get_by_role("link", name="My visits").click()

    page.get_by_role("heading", name="Coming up").wait_for()
    assert page.get_by_role("link", name="07700 900002").count() == 2
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("button", name="Confirm").first.click()
    page.get_by_text("is confirmed").wait_for()

    page.get_by_role("link", name="Ask to swap or drop").last.click()
    page.get_by_label("Drop it: I cannot do this visit").check()
    page.get_by_label("Why?").fill("Hospital appointment")
    page.get_by_role("button", name="Send to the scheme office").click()
    page.get_by_text("The scheme office will find someone").wait_for()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Your availability and dates away").click()
    page.get_by_role("group", name="Saturday").get_by_label("Late morning, 10:00 to 14:00").check()
    page.get_by_role("button", name="Save availability").click()
    page.get_by_text("Your availability is saved").wait_for()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert console.errors == []

    with app.app_context():
        confirmed = db.session.scalars(
            db.select(PlannedVisitor.visit_id).where(PlannedVisitor.confirmed_at.is_not(None))
        ).all()
        assert confirmed == [visits["first"]]
        swap = db.session.scalars(db.select(SwapRequest)).one()
        assert (swap.visit_id, swap.kind, swap.reason) == (
            visits["second"],
            "drop",
            "Hospital appointment",
        )


@pytest.mark.parametrize(("width", "javascript"), [(320, True), (390, False)])
def test_the_calendar_address_is_shown_once_on_a_phone(
    app, live_server, phones, visits, width, javascript
):
    page, console = phones(width, javascript=javascript)
    sign_in(page, live_server, "val@example.org")
    page.goto(live_server + "/my-visits")
    page.get_by_role("button", name="Add my visits to my calendar").click()

    page.get_by_role("heading", name="Your calendar address").wait_for()
    address = page.locator("main .icv-break-all a").inner_text()
    assert address.startswith(live_server + "/calendar/")
    assert page.get_by_text("We show this address only once, now").is_visible()
    if javascript:  # axe and the page's width are measured by script
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    feed = page.request.get(address)
    assert (feed.status, feed.headers["content-type"]) == (200, "text/calendar; charset=utf-8")

    page.get_by_role("link", name="Back to my visits").click()
    page.get_by_text("We showed it only once, when it was made").wait_for()
    assert address not in page.content()
    page.get_by_role("button", name="Give it a new address").click()
    page.get_by_role("heading", name="Your calendar address").wait_for()
    assert page.locator("main .icv-break-all a").inner_text() != address
    assert page.request.get(address).status == 404  # the old address stopped
    assert console.errors == []
