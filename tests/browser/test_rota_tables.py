"""A rota's visits, drawn from rows built in Python, on a phone: by suite and by volunteer, axe,
no sideways scroll, and each link reaching its page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, sign_in
from tests.browser.test_rota_office import frozen, rota  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 320])
def test_a_rotas_visits_by_suite_and_by_volunteer_on_a_phone(
    live_server,
    phones,
    rota,  # noqa: F811
    width,
):
    page, console = phones(width)
    sign_in(page, live_server, "chris@example.org")
    page.goto(f"{live_server}/rota/{rota['period']}")
    table = page.get_by_role("table", name="Visits to Leamington Spa")
    assert table.get_by_role("row").count() == 2  # the head and the fortnight's one visit
    assert axe_violations(page) == []
    assert page.evaluate("document.body.scrollWidth") <= width
    visit = table.get_by_role("link")
    assert visit.inner_text().startswith("Wed 6 Jan 2027, ")
    visit.click()
    assert page.url == f"{live_server}/rota/visits/{rota['visit']}"

    page.goto(f"{live_server}/rota/{rota['period']}")
    page.get_by_role("link", name="By volunteer").click()
    assert axe_violations(page) == []
    assert page.evaluate("document.body.scrollWidth") <= width
    page.get_by_role("link", name="Ben Person").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Ben Person")
    assert console.errors == []
