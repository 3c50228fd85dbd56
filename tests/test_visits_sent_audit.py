# ruff: noqa: F811 (the fixture imported from the rota link tests is the tests' argument)
"""The audit rows of a report of a rota visit sent from the form: written by its after-send
job, as of its sending (``icv.visits.sent_audit``), or by a correction made before the job
ran, before the correction's own."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from icv.accounts.models import User
from icv.audit.models import AuditEvent
from icv.audit.services import record_at_once
from icv.extensions import db
from icv.jobs.report_notices import queue_report_notices
from icv.rota.models import PlannedVisit
from icv.visits.models import VisitReport
from icv.visits.services import correct_report
from icv.visits.values import values_of
from tests.reporting import NOW, frozen  # noqa: F401  (frozen is a fixture)
from tests.test_visits_rota_link import planned, written_from_the_rota  # noqa: F401

COMPLETED = "Leamington Spa visit completed: its report was filed"
HOUR = timedelta(hours=1)


def rows() -> list[tuple[str, str, str, int | None]]:
    """(action, object type, object id, actor) of every audit row of a report or a planned
    visit, in the order written."""
    query = (
        select(AuditEvent.action, AuditEvent.object_type, AuditEvent.object_id, AuditEvent.actor_id)
        .where(AuditEvent.object_type.in_(["visitreport", "plannedvisit"]))
        .order_by(AuditEvent.id)
    )
    return [tuple(row) for row in db.session.execute(query)]


def sent(app, login, planned) -> tuple[int, int]:
    """Val sends the report of the rota visit: (the report's id, Val's account id)."""
    volunteer, key = written_from_the_rota(login, planned)
    assert volunteer.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        report = db.session.scalars(select(VisitReport)).one()
        return report.id, report.submitted_by_id


def test_the_job_writes_the_visits_completion_as_of_the_send(app, login, planned):
    report_id, val = sent(app, login, planned)
    visit = str(planned["visit"])
    with app.app_context():
        # The send completed the visit, and left both rows to the job.
        assert db.session.get(PlannedVisit, planned["visit"]).status == "completed"
        assert rows() == []
        queue_report_notices()
        db.session.commit()
        assert rows() == [
            ("report.submitted", "visitreport", str(report_id), val),
            ("rota.visit_completed", "plannedvisit", visit, val),
        ]
        completed = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "rota.visit_completed")
        ).one()
        assert (completed.summary, completed.at) == (COMPLETED, NOW)
        queue_report_notices()  # a second run writes nothing again
        db.session.commit()
        assert len(rows()) == 2


def test_a_visit_the_send_audited_itself_is_not_audited_twice(app, login, planned):
    """Sent while the send still wrote the visit's row (a report in flight as the new code
    came): the job writes the report's row, and no second row for the visit."""
    _, val = sent(app, login, planned)
    with app.app_context():
        visit = db.session.get(PlannedVisit, planned["visit"])
        record_at_once(db.session.get(User, val), "rota.visit_completed", visit, COMPLETED)
        db.session.commit()
        queue_report_notices()
        db.session.commit()
        assert [action for action, *_ in rows()] == ["rota.visit_completed", "report.submitted"]


def test_a_correction_before_the_job_writes_the_sends_rows_first(app, login, planned, personas):
    report_id, val = sent(app, login, planned)
    with app.app_context():
        report = db.session.get(VisitReport, report_id)
        values = values_of(report)
        values.comments = "Corrected before the minute was out"
        boss = db.session.get(User, personas["coordinator"])
        correct_report(boss, report, values, "A word was missing")
        db.session.commit()
        assert [(action, actor) for action, _, _, actor in rows()] == [
            ("report.submitted", val),
            ("rota.visit_completed", val),
            ("report.corrected", boss.id),
        ]
        queue_report_notices()  # the job finds them written
        db.session.commit()
        assert len(rows()) == 3


def test_a_visit_completed_before_by_another_report_is_audited_again(app, login, planned):
    """The visit was completed by an earlier report, then planned again when that report was
    corrected to another visit: the job writes this send's completion, as the earlier row is
    older than the send."""
    with app.app_context():
        visit = db.session.get(PlannedVisit, planned["visit"])
        record_at_once(None, "rota.visit_completed", visit, COMPLETED, at=NOW - timedelta(days=1))
        record_at_once(None, "rota.visit_reopened", visit, "Planned again", at=NOW - HOUR)
        db.session.commit()
    _, val = sent(app, login, planned)
    with app.app_context():
        queue_report_notices()
        db.session.commit()
        assert [(action, actor) for action, _, _, actor in rows()] == [
            ("rota.visit_completed", None),
            ("rota.visit_reopened", None),
            ("report.submitted", val),
            ("rota.visit_completed", val),
        ]


def racing(app, first, second) -> list[tuple[str, int | None]]:
    """``first`` runs and waits to commit while ``second`` runs in another session (and waits
    for ``first``'s row lock); then both commit. (action, actor) of the audit rows after."""
    errors = []

    def other() -> None:
        with app.app_context():
            try:
                second()
                db.session.commit()
            except Exception as error:  # any failure is the test's answer
                errors.append(error)
                db.session.rollback()

    with app.app_context():
        first()
        thread = threading.Thread(target=other)
        thread.start()
        thread.join(1)  # it has read the report and waits for its row
        db.session.commit()
    thread.join(30)
    assert errors == []
    with app.app_context():
        return [(action, actor) for action, _, _, actor in rows()]


def correcting(app, report_id: int, personas):
    def correct() -> None:
        report = db.session.get(VisitReport, report_id)
        values = values_of(report)
        values.comments = "Corrected as the job ran"
        correct_report(db.session.get(User, personas["coordinator"]), report, values, "Typo")

    return correct


@pytest.mark.parametrize("job_first", [True, False])
def test_a_correction_racing_the_job_writes_the_sends_rows_once(
    app, login, planned, personas, job_first
):
    """Both hold the report's row before they look for the rows written: whichever comes
    second sees the first's. Only on PostgreSQL: on SQLite the first holds the one write lock
    from its first write, and the second fails its write rather than waiting."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("SQLite's one write lock: the second cannot write meanwhile")
    report_id, val = sent(app, login, planned)
    correct = correcting(app, report_id, personas)
    first, second = (
        (queue_report_notices, correct) if job_first else (correct, queue_report_notices)
    )
    coordinator = personas["coordinator"]
    assert racing(app, first, second) == [
        ("report.submitted", val),
        ("rota.visit_completed", val),
        ("report.corrected", coordinator),
    ]
