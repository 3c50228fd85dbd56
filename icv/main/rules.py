"""Pure rules of the health check: what counts as healthy, from figures read elsewhere."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class HealthLimits:
    #: The scheduler records a run of ``deliver_outbox`` every minute; older than this: down.
    scheduler_minutes: int
    #: Mail due this long ago and still unsent: delivery is stuck (SMTP down, or no scheduler).
    outbox_minutes: int


def seconds_since(then: datetime | None, now: datetime) -> int | None:
    return None if then is None else max(0, int((now - then).total_seconds()))


def at_head(current: Iterable[str], heads: Iterable[str]) -> bool:
    """The database carries exactly the migrations' head revisions (none missing, none extra)."""
    return set(current) == set(heads) and bool(set(heads))


def scheduler_ok(last_seen: datetime | None, now: datetime, limits: HealthLimits) -> bool:
    # Never seen counts as down: a deployment without a scheduler sends no mail at all.
    return last_seen is not None and now - last_seen <= timedelta(minutes=limits.scheduler_minutes)


def outbox_ok(oldest_unsent: datetime | None, now: datetime, limits: HealthLimits) -> bool:
    return oldest_unsent is None or now - oldest_unsent <= timedelta(minutes=limits.outbox_minutes)
