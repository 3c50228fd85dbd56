"""The rota's coverage page: the commissioner sees its figures but no rota (the liaison
officer sees neither), and it costs the same statements for any number of periods."""

# ruff: noqa: F811 (the fixtures imported from tests/rota_planning.py are the tests' arguments)

from __future__ import annotations

import re
from datetime import timedelta

from icv.extensions import db
from icv.suites.models import Suite
from icv.volunteers.models import Volunteer
from tests.factories import make_period, make_planned_visit
from tests.rota_planning import MONDAY, frozen, one_visit, scheme  # noqa: F401  (fixtures)
from tests.statements import statements


def test_the_commissioner_sees_coverage_figures_but_no_rota(app, login, client, scheme, one_visit):
    commissioner = login("commissioner")
    page = commissioner.get("/rota/coverage")
    assert page.status_code == 200
    assert "Nuneaton" in page.text
    assert re.search(r"\bAnn\b", page.text) is None  # no names ("Annual summary" is fine)
    assert "6 Jan" not in page.text
    assert commissioner.get(f"/rota/{one_visit['period']}").status_code == 403
    assert commissioner.get(f"/rota/visits/{one_visit['visit']}").status_code == 403
    client.post("/sign-out")
    liaison = login("liaison")
    for path in ("/rota", "/rota/coverage", f"/rota/{one_visit['period']}", "/rota/requests"):
        assert liaison.get(path).status_code == 403


def test_the_coverage_page_costs_the_same_statements_for_any_number_of_periods(app, login, scheme):
    coordinator = login("coordinator")

    def cost() -> int:
        with statements(app) as sent:
            assert coordinator.get("/rota/coverage").status_code == 200
        return len(sent)

    def add_periods(first: int, last: int) -> None:
        with app.app_context():
            suite = db.session.get(Suite, scheme["nuneaton"])
            pair = [db.session.get(Volunteer, scheme[n]) for n in ("Ann", "Ben")]
            for n in range(first, last):
                period = make_period(MONDAY + timedelta(weeks=n), weeks=1)
                make_planned_visit(period, suite, period.starts_on, pair)
            db.session.commit()

    add_periods(0, 1)
    one = cost()
    add_periods(1, 6)
    assert cost() == one
