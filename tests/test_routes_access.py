"""Walk every registered route as every persona and check the status each must get.

The table is tests/route_table.py; a route missing from it fails the last test.
"""

# ruff: noqa: F811 (the ``rows`` fixture imported from tests/route_rows.py is the tests' argument)

from __future__ import annotations

import pytest

from tests.route_rows import rows  # noqa: F401
from tests.route_table import NOT_PAGES, PERSONAS, ROUTES


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_gives_each_persona_the_expected_status(login, rows, persona):
    client = login(persona)
    failures = []
    for endpoint, (method, template, expected) in ROUTES.items():
        url = template.format(**rows)
        response = client.open(url, method=method)
        if response.status_code != expected[persona]:
            failures.append(f"{method} {url}: {response.status_code}, expected {expected[persona]}")
        if endpoint == "accounts.logout" and persona != "anonymous":
            client = login(persona)  # signed out by that request; sign back in
    assert failures == []


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/admin/accounts")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=%2Fadmin%2Faccounts"


def test_it_lists_every_registered_route(app):
    registered = {rule.endpoint for rule in app.url_map.iter_rules()} - NOT_PAGES
    assert registered == set(ROUTES)
