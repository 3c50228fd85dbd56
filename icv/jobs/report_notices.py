"""Every minute, before delivering the outbox: queue the mails of the reports sent since.

A report sent from the form is stored with ``notices_queued_at`` NULL (see
``icv.visits.sent_mail``). What its send left to this job is done with its mails: its audit
row, as of its sending (``icv.visits.services.record_sent``), its visitors' probation visits
counted again (``icv.visits.probation``), and the summary's kept figures, stale while it
waits, forgotten (``icv.summary.stored``). Each one waiting is planned as a notice
(``report_sent``, the report, key ``sent``) and taken with a claim like every job's work, so
a run made up or a second scheduler does it once; the mails, the audit row, the count, the
claim and the mark on the report commit together. Whom it mails is decided now: the partner
if a visitor sent the report and their account is active, and the coordinators active now
when an issue is urgent.

It runs at the start of ``deliver_outbox`` rather than as a job of its own: the mails it
queues then leave in the same run, so an urgent issue reaches the coordinators within the
minute it was sent, not a minute later (every-minute jobs fire together, in other threads,
in no set order), and no daily job in the jobs' one thread holds it up.

A report whose mails cannot be queued (a template that fails on its data) has its mails
undone and its notice put back for the next run, and holds up no other report's, as every
job's notices (``icv.jobs.claims``).
"""

from __future__ import annotations

from icv.accounts.models import User
from icv.clock import now_utc
from icv.extensions import db
from icv.jobs.claims import plan, take_and_act
from icv.jobs.models import ScheduledNotice
from icv.jobs.rules import Outcome, did, plural
from icv.summary.stored import forget_all
from icv.visits import issue_services, probation
from icv.visits.models import VisitReport
from icv.visits.sent_audit import record_sent
from icv.visits.sent_mail import mark_mails_queued, queue_mails_of, reports_waiting

KIND = "report_sent"


def queue_report_notices() -> Outcome:
    """The step: the mails of every report waiting, each queued once. Does not commit."""
    now = now_utc()
    waiting = reports_waiting()
    for report_id in waiting:
        plan(KIND, (VisitReport.__tablename__, report_id), "sent", now)
    if waiting:  # the send left them to this run (``icv.summary.stored``); undone with it
        forget_all()
    coordinators: list[User] | None = None  # read once, and only for an urgent issue

    def act(notice: ScheduledNotice) -> str | None:
        nonlocal coordinators
        report = db.session.get(VisitReport, notice.subject_id, populate_existing=True)
        if report is None or report.notices_queued_at is not None:
            return None  # deleted since, or done by another way
        record_sent(report)  # left by the send to this job, as are the count and the mails
        probation.count_report(report)
        if coordinators is None and any(issue.is_urgent for issue in report.issues):
            coordinators = issue_services.coordinators()
        partner, told = queue_mails_of(report, coordinators or [])
        mark_mails_queued(report.id, now)
        return mailed(partner, told)

    return did(take_and_act(KIND, now, act), "queued the mails of", "sent report")


def mailed(partner: bool, coordinators: int) -> str:
    """What a report's notice records, e.g. "mailed the partner and 2 coordinators"."""
    whom = (["the partner"] if partner else []) + (
        [plural(coordinators, "coordinator")] if coordinators else []
    )
    return f"mailed {' and '.join(whom)}" if whom else "nobody to mail"
