# ruff: noqa: F811 (the fixture imported from the rota link tests is the tests' argument)
"""The audit rows of a report of a rota visit sent from the form: written by its after-send
job, as of its sending (``icv.visits.sent_audit``), or by a correction made before the job
ran, before the correction's own."""

from __future__ import annotations

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
