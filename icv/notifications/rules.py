"""When to retry a message and when to give up (pure; no Flask, no database)."""

from datetime import datetime, timedelta

#: Retry for a day, then give up and show the error to admins.
GIVE_UP_AFTER = timedelta(days=1)
#: A claim this old belongs to a deliverer that died mid-send; the message goes back to pending.
STALE_CLAIM = timedelta(minutes=10)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)


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
