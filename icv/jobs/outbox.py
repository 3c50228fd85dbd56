"""Every minute: deliver the outbox (claims, retries with backoff, gives up after a day).

Delivery commits once per message on purpose: each message is claimed and its result recorded
in its own transaction, because sending over SMTP cannot be rolled back (see
``icv.notifications.delivery``).
"""

from __future__ import annotations

from icv.jobs.rules import Outcome, plural
from icv.notifications.delivery import deliver_due, waiting_to_retry


def deliver_outbox() -> Outcome:
    """The job: send every message that is due."""
    attempted = deliver_due()
    if not attempted:
        return Outcome(0, "nothing to do")
    return Outcome(
        attempted,
        f"attempted {plural(attempted, 'message')}; {waiting_to_retry()} waiting to retry",
    )
