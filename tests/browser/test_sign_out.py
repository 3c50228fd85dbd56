"""Signing out on a phone that still holds words of a report the office does not have yet."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import until_true
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


def cached_pages(page) -> list[str]:
    return page.evaluate(
        "async () => { const out = []; for (const name of await caches.keys()) {"
        " const cache = await caches.open(name);"
        " for (const r of await cache.keys()) out.push(r.url) } return out }"
    )


def test_signing_out_removes_what_the_office_has_and_keeps_only_unsent_words(
    live_server, phone, personas
):
    page, console = phone
    sign_in_as_volunteer(page, live_server)
    keep_on_phone(page, live_server, UNSENT)
    page.evaluate(
        "([sent]) => { localStorage.setItem('icv-report:k2', sent);"
        " return caches.open('icv-reports-v1').then((c) => c.add('/privacy')) }",
        [json.dumps(SENT)],
    )
    assert cached_pages(page) == [live_server + "/privacy"]
    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_response(lambda r: r.url.endswith("/sign-out")) as signing_out:
        page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out.").wait_for()
    assert "clear-site-data" not in signing_out.value.all_headers()  # unsent words stay
    assert page.evaluate("localStorage.getItem('icv-report:k2')") is None
    assert json.loads(page.evaluate("localStorage.getItem('icv-report:k1')")) == UNSENT
    assert cached_pages(page) == []
    assert console.errors == []


def test_with_nothing_unsent_signing_out_clears_the_sites_storage(live_server, phone, personas):
    page, console = phone
    sign_in_as_volunteer(page, live_server)
    keep_on_phone(page, live_server, SENT)
    with page.expect_response(lambda r: r.url.endswith("/sign-out")) as signing_out:
        page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out.").wait_for()
    assert signing_out.value.all_headers()["clear-site-data"] == '"cache", "storage"'
    assert page.evaluate("localStorage.length") == 0
    assert console.errors == []


def test_another_person_signing_in_finds_no_sent_report_of_the_last(live_server, phone, personas):
    page, console = phone
    page.goto(live_server + "/sign-in")
    page.evaluate(
        "([sent, unsent]) => { localStorage.setItem('icv-user', '999999');"
        " localStorage.setItem('icv-report:theirs', sent);"
        " localStorage.setItem('icv-report:unsent', unsent) }",
        [json.dumps({**SENT, "owner": "999999"}), json.dumps({**UNSENT, "owner": "999999"})],
    )
    sign_in_as_volunteer(page, live_server)
    until_true(page, "() => localStorage.getItem('icv-report:theirs') === null")
    # Words of the last person the office does not have stay, to go at their next sign-in.
    assert page.evaluate("localStorage.getItem('icv-report:unsent')") is not None
    assert page.evaluate("localStorage.getItem('icv-user')") == str(personas["volunteer"])
    assert console.errors == []
