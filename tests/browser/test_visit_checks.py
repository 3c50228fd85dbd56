"""Every structured check filled in from a phone (390 and 320 px), axe clean, and a check's
answer kept on the phone with no signal and restored after a reload."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from icv.extensions import db
from icv.visits.check_rules import SHIPPED
from icv.visits.models import VisitReport
from tests.browser.test_visit_report import (
    checked,
    continue_,
    fill_sections,
    forgive_offline_errors,
    server,
    sign_in,
    wait_for_service_worker,
)

pytestmark = pytest.mark.browser
__all__ = ["server"]

COUNTS = [c for c in SHIPPED if c.kind == "count"]
YES_NO = [c for c in SHIPPED if c.kind == "yes_no"]


def open_checks(page, url: str) -> str:
    sign_in(page, url)
    page.get_by_role("button", name="Write a visit report").click()
    page.get_by_role("heading", name="Visit report").wait_for()
    wait_for_service_worker(page)
    return page.url.rsplit("/", 1)[-1]


@pytest.mark.parametrize("width", [390, 320])
def test_every_check_is_answered_from_a_phone(app, server, phones, width):
    page, console = phones(width)
    open_checks(page, server.url)
    fill_sections(page, console, axe=False)  # 3 spoken with, 1 declined
    page.get_by_role("link", name="All sections").click()
    page.get_by_role("link", name="What you checked", exact=True).click()
    page.get_by_role("heading", name="What you checked").wait_for()
    checked(page, console, width)
    for check in COUNTS:
        page.get_by_label(check.label, exact=True).fill("1")
    for check in YES_NO:
        page.get_by_role("group", name=check.label).get_by_label("No", exact=True).check()
    page.get_by_label("Satisfactory with some concerns").check()
    page.get_by_label("Anything more about dignity").fill("Anti-rip clothing, no blanket")
    continue_(page, "Notes on people you saw")
    page.get_by_role("link", name="All sections").click()
    page.get_by_role("link", name="Check and send").click()
    page.get_by_role("heading", name="Check your report before sending it").wait_for()
    checked(page, console, width)
    page.get_by_role("button", name="Send report").click()
    page.get_by_text("Your report has been sent").wait_for()
    with app.app_context():
        report = db.session.scalars(select(VisitReport)).one()
        answers = {a.check_key: a.answer or a.count for a in report.check_answers}
        assert answers == {c.key: 1 for c in COUNTS} | {c.key: "no" for c in YES_NO}
        assert (report.rating, report.dignity_notes) == (
            "concerns",
            "Anti-rip clothing, no blanket",
        )


def test_a_check_answer_is_kept_on_the_phone_with_no_signal(app, server, phones):
    page, console = phones(390)
    key = open_checks(page, server.url)
    fill_sections(page, console, axe=False)
    page.get_by_role("link", name="All sections").click()
    page.get_by_role("link", name="What you checked", exact=True).click()
    page.get_by_role("heading", name="What you checked").wait_for()

    page.context.set_offline(True)
    server.stop()
    page.get_by_label("Told of their rights", exact=True).fill("2")
    page.get_by_role("group", name="CCTV working").get_by_label("Yes", exact=True).check()
    page.get_by_text("Saved on this phone.").wait_for()
    page.reload()
    assert page.get_by_label("Told of their rights", exact=True).input_value() == "2"
    cctv = page.get_by_role("group", name="CCTV working")
    assert cctv.get_by_label("Yes", exact=True).is_checked()
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('icv-report:{key}'))")
    assert stored["sections"]["checks"]["check_told_rights"] == ["2"]

    server.start()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.get_by_text("Saved.", exact=True).wait_for()
    forgive_offline_errors(console)
    with app.app_context():
        from icv.visits.models import ReportDraft

        draft = db.session.scalars(select(ReportDraft)).one()
        assert draft.data["checks"]["check_told_rights"] == ["2"]
        assert draft.data["checks"]["check_cctv_working"] == ["yes"]
