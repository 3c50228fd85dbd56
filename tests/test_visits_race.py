"""One visit, one report, under a race: both partners' phones send at the same moment (their
queued reports as the signal returns), each remembering another arrival time. The database
makes the second wait for the first and then refuses it, on SQLite and PostgreSQL."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, time

import pytest
from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.visits import sections, services
from icv.visits.duplicates import PARTNER_SENT
from icv.visits.models import ReportDraft, VisitReport
from icv.visits.values import ReportValues
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    answers,
    count,
    fill_report,
    frozen,
    ids,
    post_section,
    sent_report,
    start_report,
)

#: Long enough for the second sender to reach the database and wait there (the first is held
#: until then): a send that does not wait has finished by then.
SEEN_WAITING = 0.5


def drafted(email: str, key: str, ids: dict, arrived: time) -> tuple[int, ReportValues]:
    """A draft of the visit of 20 November 2026 with Val and Sam, arriving at ``arrived``."""
    user = db.session.scalars(User.by_email(email)).one()
    db.session.add(ReportDraft(key=key, owner=user, data={}))
    values = ReportValues(
        suite_id=ids["suite"],
        visit_date=date(2026, 11, 20),
        arrived_at=arrived,
        admitted_at=time(23, 50),
        left_at=time(0, 50),
        visitor_1_id=ids["val"] if "val" in email else ids["sam"],
        visitor_2_id=ids["sam"] if "val" in email else ids["val"],
    )
    return user.id, values


def send(app, user_id: int, key: str, values: ReportValues, before_commit: Callable = print):
    """Send a draft in a thread of its own (its own session and connection): the report's id,
    or why it was refused and the id of the report offered instead."""
    with app.app_context():
        user = db.session.get(User, user_id)
        draft = db.session.scalars(select(ReportDraft).where(ReportDraft.key == key)).one()
        try:
            report = services.submit_report(user, draft, values)
        except services.ReportError as refused:
            offered = refused.report.id if refused.report else None
            db.session.rollback()
            return str(refused), offered
        before_commit()
        db.session.commit()
        return report.id


def test_the_second_of_two_racing_reports_waits_and_is_refused(app, ids):
    with app.app_context():
        val = drafted("val@example.org", "vals-draft", ids, time(23, 30))
        sam = drafted("sam@example.org", "sams-draft", ids, time(23, 35))
        db.session.commit()
    stored, go_on = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def hold() -> None:  # Val's report is stored and not committed yet
        stored.set()
        go_on.wait(10)

    def val_sends() -> None:
        outcomes["val"] = send(app, *val[:1], "vals-draft", val[1], hold)

    def sam_sends() -> None:
        outcomes["sam"] = send(app, sam[0], "sams-draft", sam[1])

    first = threading.Thread(target=val_sends)
    first.start()
    assert stored.wait(10)
    second = threading.Thread(target=sam_sends)
    second.start()
    second.join(SEEN_WAITING)
    waited = second.is_alive()
    go_on.set()
    first.join(10)
    second.join(10)

    assert outcomes["sam"] == (PARTNER_SENT, outcomes["val"])  # offered Val's to confirm
    assert waited  # Sam's send waited for Val's to end
    with app.app_context():
        assert count(VisitReport) == 1
        assert count(ReportDraft) == 1  # Sam's words are kept


def test_the_partner_refused_when_sending_is_offered_the_first_report(login, ids, app, monkeypatch):
    client, key = sent_report(login, ids)
    first = client.post(f"/reports/draft/{key}/check").headers["Location"]
    client.post("/sign-out")
    sam = login("volunteer2")
    sams = start_report(sam)
    # Val's report arrives after Sam's pages were checked, as in a race: the pages saw none.
    monkeypatch.setattr(sections, "duplicate_problem", lambda *_, **__: None)
    fill_report(sam, sams, answers(ids["suite"], ids["val"], ids["sam"]))
    refused = sam.post(f"/reports/draft/{sams}/check")
    assert refused.status_code == 400
    assert PARTNER_SENT in refused.text
    assert f'href="{first}#confirm"' in refused.text
    with app.app_context():
        assert count(VisitReport) == 1


def test_a_partner_whose_draft_was_overtaken_is_offered_the_first_report(login, ids, app):
    """Val sends while Sam is still writing (or Sam's phone is refused and then shows the check
    page): Sam's check page offers Val's report to confirm, not only a section with problems."""
    val, key = sent_report(login, ids)
    first = val.post(f"/reports/draft/{key}/check").headers["Location"]
    val.post("/sign-out")
    sam = login("volunteer2")
    sams = start_report(sam)
    for slug, fields in answers(ids["suite"], ids["val"], ids["sam"]).items():
        post_section(sam, sams, slug, fields)  # the visit is refused, its answers kept
    page = sam.get(f"/reports/draft/{sams}/check")
    assert page.status_code == 200
    assert f'href="{first}#confirm"' in page.text
    assert "Read and confirm your partner's report" in page.text
    with app.app_context():
        assert count(VisitReport) == 1
        assert count(ReportDraft) == 1  # Sam's words are kept


def test_the_hold_takes_the_lock_even_when_the_draft_is_gone(app, ids):
    """A second tap's hold finds no draft (the first deleted it and committed): it must still
    wait for the suite, so that its look for a report of the visit sees the first one. On
    PostgreSQL the suite's row is locked by the hold's CTE, an InitPlan run before the draft
    is looked for (a correlated EXISTS would skip it when no draft matches); on SQLite a
    DELETE of no row takes the one write lock."""
    from sqlalchemy import text

    from icv.visits.services import hold_statement

    with app.app_context():
        on_postgresql = db.engine.dialect.name == "postgresql"
        held = {"suite_id": ids["suite"], "draft_id": -1}
        db.session.execute(hold_statement(on_postgresql), held)
        other = db.engine.connect()
        if on_postgresql:
            wait = text("SELECT id FROM suites WHERE id = :s FOR NO KEY UPDATE NOWAIT")
        else:
            other.exec_driver_sql("PRAGMA busy_timeout = 0")
            wait = text("DELETE FROM visit_report_drafts WHERE id IS NULL AND :s > 0")  # no row
        try:
            with pytest.raises(Exception, match=r"could not obtain lock|locked"):
                other.execute(wait, {"s": ids["suite"]})
        finally:
            other.rollback()
            other.invalidate()  # not back to the pool: it would wait for no lock any more
            other.close()
            db.session.rollback()
