"""Every minute, before delivering the outbox: queue the mails of the reports sent since.

A report sent from the form is stored with ``notices_queued_at`` NULL (see
``icv.visits.sent_mail``). What its send left to this job is done in two notices, each taken
with a claim like every job's work, so a run made up or a second scheduler does each once:
- ``report_sent`` (the report, key ``sent``): its audit row, as of its sending
  (``icv.visits.sent_audit``), its visitors' probation visits counted again
  (``icv.visits.probation``), the mark on the report, and the summary's kept figures, which
  no view reads while a report waits, made stale (``icv.summary.stored``); it plans the
  second notice;
- ``report_mails`` (the same report and key): its mails. Whom it mails is decided then: the
  partner if a visitor sent the report and their account is active, and the coordinators
  active then when an issue is urgent.
Apart, so that mails that cannot be queued hold up only themselves: the report is marked
done all the same, and the summary's figures are read kept again.

It runs at the start of ``deliver_outbox`` rather than as a job of its own: the mails it
queues then leave in the same run, so an urgent issue reaches the coordinators within the
minute it was sent, not a minute later (every-minute jobs fire together, in other threads,
in no set order), and no daily job in the jobs' one thread holds it up.

A report whose mails cannot be queued (a template that fails on its data) has its mails
undone and their notice put back for the next run, and holds up no other report's, as every
job's notices (``icv.jobs.claims``).
"""

from __future__ import annotations

from collections.abc import Callable

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
MAILS = "report_mails"


def queue_report_notices() -> Outcome:
    """The step: what the send left of every report waiting, then their mails, each done
    once. Does not commit."""
    now = now_utc()
    waiting = reports_waiting()
    for report_id in waiting:
        plan(KIND, (VisitReport.__tablename__, report_id), "sent", now)
    if waiting:  # the send left them to this run (``icv.summary.stored``); undone with it
        forget_all()

    def record(notice: ScheduledNotice) -> str | None:
        # Its row held: a correction writing the send's audit rows meanwhile waits, or is
        # waited for and then seen (``correct_report``), so they are written once.
        held = {"of": VisitReport}  # not its suite, joined on the nullable side
        report = db.session.get(
            VisitReport, notice.subject_id, populate_existing=True, with_for_update=held
        )
        if report is None or report.notices_queued_at is not None:
            return None  # deleted since, or done by another way
        record_sent(report)
        probation.count_report(report)
        mark_mails_queued(report.id, now)
        plan(MAILS, (VisitReport.__tablename__, report.id), "sent", now)
        return "recorded"

    take_and_act(KIND, now, record)
    return did(take_and_act(MAILS, now, mail_act()), "queued the mails of", "sent report")


def mail_act() -> Callable[[ScheduledNotice], str | None]:
    """A ``report_mails`` notice's act: the report's mails (the coordinators read once a run,
    and only for an urgent issue)."""
    coordinators: list[User] | None = None

    def act(notice: ScheduledNotice) -> str | None:
        nonlocal coordinators
        report = db.session.get(VisitReport, notice.subject_id, populate_existing=True)
        if report is None:
            return None  # deleted since
        if coordinators is None and any(issue.is_urgent for issue in report.issues):
            coordinators = issue_services.coordinators()
        return mailed(*queue_mails_of(report, coordinators or []))

    return act


def mailed(partner: bool, coordinators: int) -> str:
    """What a report's notice records, e.g. "mailed the partner and 2 coordinators"."""
    whom = (["the partner"] if partner else []) + (
        [plural(coordinators, "coordinator")] if coordinators else []
    )
    return f"mailed {' and '.join(whom)}" if whom else "nobody to mail"
