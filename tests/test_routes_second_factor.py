"""Staff who have typed their password but not yet their code reach no page of the route table
that needs someone signed in: each sends them to the code page."""

# ruff: noqa: F811 (the ``rows`` fixture imported from tests/route_rows.py is the tests' argument)

from __future__ import annotations

import pytest

from tests.factories import PASSWORD
from tests.factories import PERSONAS as PERSONA_ACCOUNTS
from tests.route_rows import rows  # noqa: F401
from tests.route_table import ROUTES

#: The pages of the second step itself, which staff who owe it may open.
SECOND_STEP = {"accounts.second_factor", "accounts.recovery_code", "accounts.second_factor_setup"}


@pytest.mark.parametrize("persona", ["coordinator", "commissioner", "liaison", "admin"])
def test_staff_owing_the_second_factor_reach_no_signed_in_page(app, client, rows, persona):
    """Every route that sends an anonymous visitor to sign in (or answers 401) sends staff who
    have only typed their password to the code page, with where they were going kept."""
    anonymous = app.test_client()
    email = PERSONA_ACCOUNTS[persona][0]
    client.post("/sign-in", data={"email": email, "password": PASSWORD})
    checked, failures = 0, []
    for endpoint, (method, template, _) in ROUTES.items():
        url = template.format(**rows)
        before = anonymous.open(url, method=method)
        needs_sign_in = before.headers.get("Location", "").startswith("/sign-in?")
        if endpoint in SECOND_STEP or not (needs_sign_in or before.status_code == 401):
            continue
        checked += 1
        response = client.open(url, method=method)
        location = response.headers.get("Location", "")
        if before.status_code == 401:
            if response.status_code != 401:
                failures.append(f"{method} {url}: {response.status_code}, expected 401")
        elif response.status_code != 302 or not location.startswith("/sign-in/code?next=/"):
            failures.append(f"{method} {url}: {response.status_code} {location}")
    assert failures == []
    assert checked > 70  # 78 when written: most routes need a signed-in person
