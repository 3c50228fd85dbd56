"""A busy server (5xx) while a report is written on a phone: nothing typed or sent is lost."""

# ruff: noqa: F811 (the server fixture imported from test_visit_report is the tests' argument)

from __future__ import annotations

import json
import re

import pytest

from icv.extensions import db
from tests.browser.test_visit_report import (
    checked,
    continue_,
    fill_sections,
    report_count,
    server,  # noqa: F401
    sign_in,
)
from tests.faults import refusing

pytestmark = pytest.mark.browser

BUSY = {"error": "Sorry, the service is busy", "status": 503}


def busy_for(page, pattern: str, times: int, containing: str = "") -> list[str]:
    """The first ``times`` posts to ``pattern`` (that carry ``containing``) are answered 503,
    asking for a 1 s wait. (The page may save on its own as it opens: only the post of what
    the test typed must meet the busy server.)"""
    answered: list[str] = []

    def handle(route):
        posted = route.request.method == "POST" and containing in (route.request.post_data or "")
        if posted and len(answered) < times:
            answered.append(route.request.url)
            route.fulfill(
                status=503,
                headers={"Retry-After": "1", "Content-Type": "application/json"},
                body=json.dumps(BUSY),
            )
        else:
            route.continue_()

    page.route(pattern, handle)
    return answered


def test_a_report_sent_while_the_server_is_busy_is_kept_and_sent_again(app, server, phones):
    # Without the report's service worker: once it controls the page, the page's posts may
    # go past the test's routes (its offline work is tested in test_visit_report.py).
    page, console = phones(service_workers="block")
    sign_in(page, server.url)
    page.get_by_role("button", name="Write a visit report").click()
    page.get_by_role("heading", name="Visit report").wait_for()
    key = page.url.rsplit("/", 1)[-1]
    fill_sections(page, console, axe=False)
    continue_(page, "Check your report before sending it")

    refused = busy_for(page, "**/check", times=2)
    page.get_by_role("button", name="Send report").click()
    page.get_by_text("The service is busy: your report is kept on this phone").wait_for()
    assert report_count(app) == 0
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('icv-report:{key}'))")
    assert stored["send"] == f"/reports/draft/{key}/check"

    # Tried again after the second it asked for, busy once more, then sent: once.
    page.get_by_text("Your report has been sent").wait_for()
    assert len(refused) == 2
    assert report_count(app) == 1
    assert page.evaluate(f"localStorage.getItem('icv-report:{key}')") is None
    errors = console.take()
    assert len(errors) == 2
    assert all("503" in error for error in errors)
    checked(page, console)


def test_words_the_busy_server_did_not_take_are_kept_and_saved_again(app, server, phones):
    # Without the report's service worker: once it controls the page, the page's posts may
    # go past the test's routes (its offline work is tested in test_visit_report.py).
    page, console = phones(service_workers="block")
    sign_in(page, server.url)
    page.get_by_role("button", name="Write a visit report").click()
    page.get_by_role("heading", name="Visit report").wait_for()
    page.get_by_role("link", name="Good practice and comments").click()

    refused = busy_for(page, "**/data", times=1, containing="Staff were kind")
    page.get_by_label("The good practice you saw").fill("Staff were kind")
    page.get_by_text("The service is busy: saved on this phone").wait_for()
    page.get_by_text("Saved.", exact=True).wait_for()
    assert len(refused) == 1
    assert len(console.take()) == 1
    with app.app_context():
        from icv.visits.models import ReportDraft

        draft = db.session.scalars(db.select(ReportDraft)).one()
        assert draft.data["comments"]["good_practice"] == ["Staff were kind"]


def checked_as_drawn(html: str, url: str, phones, width: int) -> None:
    """axe-core and the width of a page drawn with JavaScript off. Nothing can be run in that
    page itself, so its markup (without scripts) is drawn again in a page that can run axe."""
    copy, console = phones(width)
    copy.goto(url + "/accessibility")
    copy.set_content(re.sub(r"<script\b.*?</script>", "", html, flags=re.S))
    checked(copy, console, width)


def test_a_section_posted_without_javascript_comes_back_when_it_could_not_be_saved(
    app, server, phones
):
    width = 320  # the narrowest phone (the others here are 390 px wide)
    page, console = phones(width, javascript=False)
    sign_in(page, server.url)
    page.get_by_role("button", name="Write a visit report").click()
    page.get_by_role("link", name="Times").click()
    page.get_by_label("Time you arrived at the suite").fill("09:30")
    page.get_by_label("Time you left").fill("10:50")
    with app.app_context(), refusing(db.engine, r"^UPDATE visit_report_drafts"):
        page.get_by_role("button", name="Save and continue").click()
        page.get_by_text("Your answers have not been saved yet").wait_for()
    assert page.title().startswith("Error: Times")
    assert page.get_by_label("Time you arrived at the suite").input_value() == "09:30"
    assert page.get_by_label("Time you left").input_value() == "10:50"
    assert console.take() == [
        "Failed to load resource: the server responded with a status of 503 (SERVICE UNAVAILABLE)"
    ]
    checked_as_drawn(page.content(), server.url, phones, width)
    # Pressed again once the database takes it: saved, and on to the next section.
    continue_(page, "Visitors")
