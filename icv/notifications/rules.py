"""When to retry a message, when to give up, and how long delivery may take (pure; no Flask, no
database)."""

from datetime import datetime, timedelta

#: Retry for a day, then give up and show the error to admins.
GIVE_UP_AFTER = timedelta(days=1)
#: A claim this old belongs to a deliverer that died mid-send; the message goes back to pending.
STALE_CLAIM = timedelta(minutes=10)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
#: A delivery run of the scheduler claims no new message after this long, so a mail server
#: that accepts connections and then hangs holds delivery up for a run, not for an hour.
RUN_BUDGET = timedelta(seconds=40)
#: When the scheduler is told to stop, the message being sent gets this long to finish before
#: its connection is cut (it is then tried again), so the process exits within 10 seconds.
STOP_GRACE = timedelta(seconds=5)
#: Steps of the conversation whose answer is about this message, not about our settings.
MESSAGE_STEPS = ("rcpt", "data")


def retry_delay(attempts: int) -> timedelta:
    """Wait before the next try after ``attempts`` failures: 1, 2, 4 ... minutes, at most 1 hour.

    >>> [retry_delay(n).total_seconds() for n in (1, 3, 20)]
    [60.0, 240.0, 3600.0]
    """
    if attempts < 1:
        return timedelta(0)
    return min(FIRST_RETRY * 2 ** min(attempts - 1, 16), LONGEST_WAIT)


def should_give_up(created_at: datetime, now: datetime) -> bool:
    """True once a message has been failing for longer than a day."""
    return now - created_at >= GIVE_UP_AFTER


def refused_for_good(code: int | None, step: str) -> bool:
    """True when the mail server refused this message permanently: a 5xx answer to its
    recipient or its content (550 no such mailbox, 554 rejected as spam). Trying again would get
    the same answer, so it fails at once.

    A 5xx answer at any other step (greeting, EHLO, STARTTLS, sign-in, the sender's address)
    refuses every message alike: it means our ``ICV_SMTP_*`` or ``ICV_MAIL_FROM`` settings are
    wrong, so it is retried like an outage while an administrator puts them right.

    >>> [refused_for_good(550, "rcpt"), refused_for_good(451, "rcpt")]
    [True, False]
    >>> refused_for_good(535, "connect")
    False
    """
    return code is not None and 500 <= code < 600 and step in MESSAGE_STEPS
