"""Signing out on a phone that still holds words of a report the office does not have yet."""

from __future__ import annotations

import json

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

UNSENT = {"sections": {"visit": {"notes": ["Cells were cold."]}}, "dirty": {"visit": 1}}
SENT = {"sections": {"visit": {"notes": ["Cells were cold."]}}, "dirty": {}}


def sign_in_as_volunteer(page, url: str) -> None:
    page.goto(url + "/sign-in")
    page.get_by_label("Email address").fill("val@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Custody visitor").wait_for()


def keep_on_phone(page, url: str, kept: dict) -> None:
    """On the account page, which does not run report.js (on the home page it would try to
    save the made-up draft to the server at once)."""
    page.goto(url + "/account")
    page.get_by_role("heading", name="Your account").wait_for()
    page.evaluate(
        "([name, value]) => localStorage.setItem(name, value)",
        ["icv-report:k1", json.dumps(kept)],
    )


def test_it_asks_before_signing_out_with_an_unsent_report(live_server, phone, personas):
    page, console = phone
    sign_in_as_volunteer(page, live_server)
    keep_on_phone(page, live_server, UNSENT)
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss() if len(asked) == 1 else dialog.accept()

    page.on("dialog", answer)
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", name="Your account").is_visible()  # stayed
    assert "has not reached the office yet" in asked[0]

    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out.").wait_for()
    assert len(asked) == 2
    # The words stay on the phone for the next sign-in.
    assert json.loads(page.evaluate("localStorage.getItem('icv-report:k1')")) == UNSENT
    assert console.errors == []


def test_it_signs_out_without_asking_when_everything_was_sent(live_server, phone, personas):
    page, console = phone
    sign_in_as_volunteer(page, live_server)
    keep_on_phone(page, live_server, SENT)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out.").wait_for()
    assert asked == []
    assert console.errors == []
