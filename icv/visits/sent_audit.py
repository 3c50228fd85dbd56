"""The audit rows of a report sent from the form, written by its after-send job
(``icv.jobs.report_notices``) rather than by the send: the report's own, and the completion of
the visit on the rota it is of. Two statements, and the suite's name read, fewer in the
sender's request. A correction made before the job ran writes them first
(``icv.visits.services.correct_report``), so the history keeps its order."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from icv.audit.models import AuditEvent
from icv.audit.services import object_type, record_at_once
from icv.extensions import db
from icv.rota.models import PlannedVisit
from icv.rota.outcomes import REPORT_FILED, completed_summary
from icv.suites.models import Suite
from icv.visits.models import ReportVersion, VisitReport


def sent_by_whom(on_behalf: bool) -> str:
    """Why a report sent from the form has its first version (and its audit row says)."""
    return "Filed by the office for the visitors" if on_behalf else "Sent by a visitor"


def record_sent(report: VisitReport) -> None:
    """The audit rows of a report sent from the form, as of its sending, by its sender: the
    report's, and the completion of the visit on the rota its send linked it to. Who sent it
    and when are stored with the report itself (and its first version) by the send. Described
    as sent, from the first version. Not again once written: by a correction before the job
    ran, or by the send itself (sent when the send wrote them, still waiting for its mails
    then)."""
    if written("report.submitted", report) is not None:
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
    record_visit_completed(report, suite.name)


def record_visit_completed(report: VisitReport, suite_name: str) -> None:
    """The completion of the report's visit on the rota, by its send. Still the one the send
    linked: only a correction moves the link, and it has the rows written first. Not again
    when the send wrote it (a report sent before the job wrote them: the row is as late as
    the send, or later)."""
    if report.planned_visit_id is None:
        return
    visit = db.session.get(PlannedVisit, report.planned_visit_id)
    if written("rota.visit_completed", visit, since=report.submitted_at) is not None:
        return
    summary = completed_summary(suite_name, REPORT_FILED)
    record_at_once(
        report.submitted_by, "rota.visit_completed", visit, summary, at=report.submitted_at
    )


def written(action: str, about: VisitReport | PlannedVisit, since: datetime | None = None):
    """The id of an audit row of ``action`` about that row (written ``since`` then), if any."""
    rows = select(AuditEvent.id).where(
        AuditEvent.action == action,
        AuditEvent.object_type == object_type(about),
        AuditEvent.object_id == str(about.id),
    )
    if since is not None:
        rows = rows.where(AuditEvent.at >= since)
    return db.session.scalar(rows.limit(1))
