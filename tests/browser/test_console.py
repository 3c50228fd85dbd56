"""The browser tests' console catches what GOV.UK Frontend reports, however it reports it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_an_error_logged_as_a_plain_message_is_caught(phone):
    # GOV.UK Frontend's initAll reports a component that would not start with console.log(error).
    page, console = phone
    page.evaluate("console.log(new Error('govuk-character-count: no limit'))")
    page.evaluate("console.log('Saved.')")
    page.evaluate("console.error('Refused')")
    # Until the page reports the error thrown later (a fixed 100 ms wait lost it when a loaded
    # machine ran the timer, or passed its report on, later than that).
    with page.expect_event("pageerror"):
        page.evaluate("setTimeout(() => { throw new TypeError('Uncaught') })")
    taken = console.take()
    assert [error.splitlines()[0] for error in taken] == [
        "Error: govuk-character-count: no limit",
        "Refused",
        "Uncaught",
    ]
    assert console.errors == []
