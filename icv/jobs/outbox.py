"""Every minute: queue the mails of the reports sent since the last run, then deliver the
outbox (claims, retries with backoff, gives up after a day).

It runs in the scheduler's "mail" thread, apart from the other jobs, and claims no new message
after ``RUN_BUDGET`` (40 seconds) or once the scheduler is told to stop, so a mail server that
hangs delays neither the other jobs nor a restart. The reports' mails are queued and committed
first, in one transaction (``icv.jobs.report_notices``: why here), so they leave in this run.
Delivery commits once per message on purpose: each message is claimed and its result recorded
in its own transaction, because sending over SMTP cannot be rolled back (see
``icv.notifications.delivery``).
"""

from __future__ import annotations

from icv.clock import now_utc
from icv.extensions import db
from icv.jobs import liveness
from icv.jobs.report_notices import queue_report_notices
from icv.jobs.rules import Outcome, combine, plural
from icv.notifications.delivery import deliver_due, waiting_to_retry
from icv.notifications.rules import RUN_BUDGET


def deliver_outbox() -> Outcome:
    """The job: queue the sent reports' mails, then send every message that is due, within
    the run's time budget. A report whose mails cannot be queued holds up no other mail (its
    notice is put back and the run fails with the error: ``icv.jobs.claims``), and whatever
    else fails in queueing them, the outbox is delivered all the same."""
    try:
        queued = queue_report_notices()
        db.session.commit()
    except Exception:
        db.session.rollback()
        deliver()
        raise
    return combine(queued, deliver())


def deliver() -> Outcome:
    now = now_utc()
    attempted = deliver_due(
        until=now + RUN_BUDGET,
        claimer=liveness.this_process,
        dead_claimers=liveness.dead_processes(now),
    )
    if not attempted:
        return Outcome(0, "nothing to do")
    return Outcome(
        attempted,
        f"attempted {plural(attempted, 'message')}; {waiting_to_retry()} waiting to retry",
    )
