"""A volunteer's reports on a phone (390 and 320 px): the report of yesterday's visit is taken
up again from the home page and from My visits rather than started twice, and the partner
opens the report from their list, reads it, then confirms it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from icv.clock import today_local
from icv.extensions import db
from icv.visits.models import ReportDraft, VisitReport
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import make_period, make_planned_visit
from tests.reporting import make_report, pair

pytestmark = pytest.mark.browser

WIDTHS = [390, 320]


def checked(page, console, width: int) -> None:
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert console.errors == []


@pytest.fixture
def yesterday(app, personas):
    """Val and Sam's visit to Leamington Spa yesterday, on a published rota, not reported."""
    with app.app_context():
        suite, val, sam = pair()
        day = today_local() - timedelta(days=1)
        period = make_period(day - timedelta(days=day.weekday()), weeks=1)
        make_planned_visit(period, suite, day, [val, sam])
        db.session.commit()
    return f"{day:%A} {day.day} {day:%B}"


def drafts(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(ReportDraft.key)))


@pytest.mark.parametrize("width", WIDTHS)
def test_the_report_of_a_visit_is_taken_up_again_not_started_twice(
    app, live_server, phones, yesterday, width
):
    page, console = phones(width)
    sign_in(page, live_server, "val@example.org")
    checked(page, console, width)
    write = f"Write the report of {yesterday}, Leamington Spa"
    page.get_by_role("button", name=write).click()
    page.get_by_role("heading", name="Visit report").wait_for()
    [key] = drafts(app)
    page.get_by_role("link", name="The visit").click()
    page.get_by_label("In person").check()
    page.get_by_label("Completed").check()
    page.locator("fieldset", has_text="Terrorism Act").get_by_label("No").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Times", exact=True).wait_for()

    page.goto(live_server + "/")
    assert page.get_by_role("button", name=write).count() == 0
    carry_on = f"Carry on with your report of Leamington Spa, {yesterday}"
    page.get_by_role("link", name=carry_on).click()
    page.wait_for_url(f"{live_server}/reports/draft/{key}")
    checked(page, console, width)

    page.goto(live_server + "/my-visits")
    page.get_by_role("button", name="Carry on with the report").click()
    page.get_by_text("You have already started this report").wait_for()
    assert page.url == f"{live_server}/reports/draft/{key}"
    assert drafts(app) == [key]
    checked(page, console, width)


@pytest.fixture
def to_confirm(app, personas):
    """Val's report of a visit with Sam, waiting for Sam to confirm it."""
    with app.app_context():
        suite, val, sam = pair()
        report = make_report(
            suite,
            visitor_1_id=val.id,
            visitor_2_id=sam.id,
            submitted_by_id=val.user_id,
            comments="The new cell call system works well.",
        )
        db.session.commit()
        return report.id


@pytest.mark.parametrize("width", WIDTHS)
def test_the_partner_opens_the_report_reads_it_then_confirms_it(
    app, live_server, phones, to_confirm, width
):
    page, console = phones(width)
    sign_in(page, live_server, "sam@example.org")
    page.get_by_role("main").get_by_role("link", name="Your visit reports").click()
    sent = page.locator(".govuk-summary-list__row", has_text="10 November 2026")
    assert sent.locator(".govuk-tag").inner_text() == "Confirm it"
    sent.get_by_role("link", name="Leamington Spa").click()
    page.wait_for_url(f"{live_server}/reports/{to_confirm}")
    checked(page, console, width)

    told = page.get_by_text("Read the report, then confirm it at the end of the page.")
    last_words = page.get_by_text("The new cell call system works well.")
    button = page.get_by_role("button", name="Confirm the report")
    assert told.bounding_box()["y"] < last_words.bounding_box()["y"]
    assert last_words.bounding_box()["y"] < button.bounding_box()["y"]
    button.click()
    page.get_by_text("Thank you: you have confirmed the report.").wait_for()
    with app.app_context():
        report = db.session.get(VisitReport, to_confirm)
        assert report.cosigned_by.email == "sam@example.org"
    checked(page, console, width)
