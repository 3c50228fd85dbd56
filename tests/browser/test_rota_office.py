"""The coordinator's rota and account pages in Chromium at phone widths: axe, no console error,
nothing wider than the screen, and the "who joins" journey with an availability override."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from icv.extensions import db
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import make_period, make_planned_visit, make_suite, make_visitor

pytestmark = pytest.mark.browser

WIDTHS = (390, 320)


@pytest.fixture
def frozen():
    with time_machine.travel(date(2026, 12, 1), tick=True) as traveller:
        yield traveller


@pytest.fixture
def rota(app, personas, frozen):
    """A published fortnight with a visit short of a visitor (Ben alone on Wednesday 6 January,
    evening); Cat could join; Eve visits only on Monday mornings."""
    with app.app_context():
        suite = make_suite("Leamington Spa")
        ben, cat = (
            make_visitor(f"{n}@example.org", [suite], name=f"{n.title()} Person")
            for n in ("ben", "cat")
        )
        make_visitor(
            "eve@example.org", [suite], name="Eve Person", weekly_availability=[[0, "early"]]
        )
        period = make_period(date(2027, 1, 4), weeks=2)
        visit = make_planned_visit(period, suite, date(2027, 1, 6), [ben])
        suite.liaisons.append(db.session.get(type(ben.user), personas["liaison"]))
        db.session.commit()
        return {"period": period.id, "visit": visit.id, "ben": ben.id, "cat": cat.id}


@pytest.mark.parametrize("width", WIDTHS)
def test_rota_and_account_pages_pass_axe(live_server, phones, rota, personas, width):
    page, console = phones(width)
    sign_in(page, live_server, "chris@example.org")
    paths = [
        "/",
        "/rota/new",
        "/rota/{period}",
        "/rota/{period}?view=quality",
        "/rota/visits/{visit}",
        "/rota/visits/{visit}/fill",
        "/rota/visits/{visit}/replace?leaving={ben}",
        "/rota/coverage",
        "/admin/accounts/new",
        "/admin/accounts/" + str(personas["liaison"]),
    ]
    for path in paths:
        page.goto(live_server + path.format(**rota))
        assert axe_violations(page) == [], path
        assert page.evaluate("document.body.scrollWidth") <= width, path
    assert console.errors == []


def test_who_joins_outside_their_availability_needs_a_reason(live_server, phones, rota):
    page, console = phones(390)
    sign_in(page, live_server, "chris@example.org")
    page.goto(live_server + f"/rota/visits/{rota['visit']}")
    page.get_by_role("link", name="Add a visitor").click()
    page.get_by_role("heading", name="Who joins the visit?").wait_for()  # visible, once loaded
    page.get_by_label("Eve Person").check()
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()  # the page sent back with the error, once loaded
    assert axe_violations(page) == []
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "fill-why"
    page.get_by_label("If they go outside their usual availability, why?").fill(
        "Agreed by phone to go this once"
    )
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(live_server + f"/rota/{rota['period']}")
    assert page.get_by_text("Eve Person now makes the visit.").is_visible()
    page.goto(live_server + f"/rota/visits/{rota['visit']}")
    assert page.get_by_text(
        "Eve Person goes outside their usual availability: Agreed by phone to go this once"
    ).is_visible()
    assert axe_violations(page) == []
    # The refused choice came back with status 400, which the browser logs itself.
    assert console.take() == [
        "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    ]
