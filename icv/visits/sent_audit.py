"""The audit row of a report sent from the form, written by its after-send job
(``icv.jobs.report_notices``) rather than by the send: a statement, and the suite's name
read, fewer in the sender's request."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from icv.audit.models import AuditEvent
from icv.audit.services import record_at_once
from icv.extensions import db
from icv.suites.models import Suite
from icv.visits.models import ReportVersion, VisitReport
from icv.visits.services import sent_by_whom


def record_sent(report: VisitReport) -> None:
    """The audit row of a report sent from the form, as of its sending, by its sender. Its
    after-send job writes it (``icv.jobs.report_notices``), not the send: a statement, and
    the suite's name read, fewer in the sender's request. Who sent it and when are stored
    with the report itself (and its first version) by the send. Described as sent, from the
    first version: a correction made before the job ran has changed the report since. Not
    again for a report whose send wrote it (sent before the job wrote them, still waiting
    for its mails then)."""
    written = select(AuditEvent.id).where(
        AuditEvent.action == "report.submitted",
        AuditEvent.object_type == type(report).__name__.lower(),  # as record_at_once names it
        AuditEvent.object_id == str(report.id),
    )
    if db.session.scalar(written.limit(1)) is not None:
        return
    sent = db.session.scalar(
        select(ReportVersion.snapshot).where(
            ReportVersion.report_id == report.id, ReportVersion.number == 1
        )
    )
    suite = db.session.get(Suite, sent["suite_id"]) if sent else report.suite
    day = date.fromisoformat(sent["visit_date"]) if sent else report.visit_date
    summary = f"{sent_by_whom(report.on_behalf)}: visit to {suite.name} on {day:%-d %b %Y}"
    record_at_once(report.submitted_by, "report.submitted", report, summary, at=report.submitted_at)
