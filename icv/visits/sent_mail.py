"""The mails a report sent from the form causes: its partner asked to confirm it, the
coordinators told at once of the issues marked urgent.

The send stores the report only (``notices_queued_at`` left NULL): rendering and queueing
its mails cost a sender's request a third of its statements and much of its CPU. The
scheduler queues them within the minute (``icv.jobs.report_notices``, at the start of each
``deliver_outbox`` run, so they leave in that same run) with the words and links the send
gave them before.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import lazyload

from icv.accounts.models import User
from icv.extensions import db
from icv.notifications.services import external_url, queue_email
from icv.visits import issue_services
from icv.visits.models import VisitReport
from icv.volunteers.models import Volunteer

#: ``Session.info`` key: this transaction stores a report waiting for its after-send job,
#: whose run forgets the summary's kept figures (``icv.summary.stored``) and counts its
#: visitors' probation visits again.
AFTER_SEND = "icv_report_waits_for_after_send_job"

#: The reports whose mails are still to queue, oldest first: the partial index
#: ``ix_visit_reports_notices_waiting`` holds only them.
WAITING = (
    select(VisitReport.id).where(VisitReport.notices_queued_at.is_(None)).order_by(VisitReport.id)
)


def reports_waiting() -> list[int]:
    return list(db.session.scalars(WAITING))


def partner_account(report: VisitReport) -> User | None:
    """The account of the visitor asked to confirm a report a visitor sent: the one of its
    visitors who did not send it (``partner_to_confirm``), read in one statement, not their
    volunteer record with its panel and availability. None for a report the office filed
    for the visitors, or one already confirmed."""
    if report.on_behalf or report.source != "form" or report.cosigned_at is not None:
        return None
    visitors = [i for i in (report.visitor_1_id, report.visitor_2_id) if i is not None]
    return db.session.scalars(
        select(User)
        .join(Volunteer, Volunteer.user_id == User.id)
        .where(Volunteer.id.in_(visitors), User.id != report.submitted_by_id)
        .order_by(Volunteer.id != report.visitor_1_id)  # the first visitor first, as there
        .options(lazyload(User.role_rows))
    ).first()


def ask_partner_to_confirm(report: VisitReport) -> bool:
    """Queue the partner's "report-confirm" mail, in their language; False when there is
    nobody to ask (no partner, or their account is not active)."""
    partner = partner_account(report)
    if partner is None or not partner.is_active:
        return False
    queue_email(
        partner.email,
        "report-confirm",
        language=partner.language,
        name=partner.first_name,
        report=report,
        link=external_url("visits.report", report_id=report.id),
    )
    return True


def queue_mails_of(report: VisitReport, coordinators: list[User]) -> tuple[bool, int]:
    """Queue every mail of a sent report: whether its partner was asked to confirm, and how
    many coordinators (``coordinators``: every active one, read once by the caller) were told
    of an urgent issue."""
    partner = ask_partner_to_confirm(report)
    if not any(issue.is_urgent for issue in report.issues):
        return partner, 0
    issue_services.alert_urgent(report, coordinators)
    return partner, len(coordinators)


def waits_for_after_send_job() -> None:
    """The report being stored now waits for the after-send job (``notices_queued_at``
    NULL): the summary's kept figures count as stale until that job has run for it, so this
    transaction need not forget them itself (``icv.summary.stored``)."""
    db.session.info[AFTER_SEND] = True


def mark_mails_queued(report_id: int, now: datetime) -> None:
    """Record the report's mails as queued. On the connection, not through the session: its
    time of last change is kept as it was (the job forgets the summary's kept figures
    itself: ``icv.summary.stored.forget_all``)."""
    reports = VisitReport.__table__
    db.session.connection().execute(
        update(reports)
        .where(reports.c.id == report_id)
        .values(notices_queued_at=now, updated_at=reports.c.updated_at)
    )
