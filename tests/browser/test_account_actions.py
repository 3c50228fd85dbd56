"""Deactivating an account asks first, on a page of its own, with and without JavaScript, on a
narrow screen; axe finds nothing."""

from __future__ import annotations

import pytest

from icv.accounts.models import User
from icv.extensions import db
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("width", "javascript"), [(390, True), (320, False)])
def test_deactivating_an_account_asks_first(live_server, browser, app, personas, width, javascript):
    context = browser.new_context(
        viewport={"width": width, "height": 844}, java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        sign_in(page, live_server, "alex@example.org")
        page.goto(f"{live_server}/admin/accounts/{personas['volunteer']}")
        page.get_by_role("link", name="Deactivate account").click()
        page.get_by_role("heading", name="Deactivate Val Person\u2019s account?").wait_for()
        if javascript:  # axe itself is a script
            assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.get_by_role("link", name="Cancel").click()
        page.get_by_role("heading", name="Val Person").wait_for()
        with app.app_context():
            assert db.session.get(User, personas["volunteer"]).is_active
        page.get_by_role("link", name="Deactivate account").click()
        page.get_by_role("button", name="Deactivate account").click()
        page.get_by_text("The account has been deactivated.").wait_for()
    finally:
        context.close()
    with app.app_context():
        assert db.session.get(User, personas["volunteer"]).is_active is False
