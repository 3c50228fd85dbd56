"""The demo's 2025 (January to December) as the Commissioner published it: the coordinator's
narrative, signed off by the commissioner in January 2026. Done once: running the demo again
finds the year signed off and leaves it as it is."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from icv.accounts.models import User
from icv.clock import SCHEME_TZ
from icv.extensions import db
from icv.suites.models import Suite
from icv.summary import services
from icv.summary.models import CustodyThroughput
from icv.summary.rules import Period
from icv.summary.throughput import Entry, save_entries

YEAR = Period(2025)
NARRATIVE_WRITTEN = date(2026, 1, 14)
SIGNED_OFF = date(2026, 1, 20)
NARRATIVE = (
    "Visitors made unannounced visits to both custody suites through the year, at every time "
    "of day and on every day of the week, and were let in without delay on almost every visit. "
    "Most concerns were about supplies and the temperature of cells; the force answered each "
    "one, and new blankets and a repaired heating system followed.\n"
    "One suite was visited by video while its heating was repaired. The scheme welcomed a new "
    "volunteer on probation."
)


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SCHEME_TZ).astimezone(UTC)


def ensure_signed_off_year(today: date, coordinator: User, commissioner: User) -> None:
    """Write the narrative and sign off 2025, unless that is done (or 2025 has not ended)."""
    if today <= SIGNED_OFF:
        return
    summary, _ = services.find_record(YEAR)
    if summary is not None and summary.is_signed_off:
        return
    summary = services.save_narrative(coordinator, YEAR, NARRATIVE)
    summary.narrative_updated_at = at(NARRATIVE_WRITTEN, 11)
    services.sign_off(commissioner, YEAR, today)
    summary.signed_off_at = at(SIGNED_OFF, 10)


def ensure_throughput(today: date, suites: list[Suite], coordinator: User) -> None:
    """People booked in at each suite each quarter from January 2025 to the last one ended,
    as the force gave them (a busier suite first), unless some are entered already."""
    if db.session.scalar(select(func.count()).select_from(CustodyThroughput)):
        return
    entries = []
    start = date(2025, 1, 1)
    while quarter_end(start) < today:
        for n, suite in enumerate(suites):
            booked = (1150 if n == 0 else 820) + 37 * ((start.month + n * 5) % 4)
            entries.append(Entry(suite.id, start, booked))
        start = quarter_end(start) + timedelta(days=1)
    save_entries(coordinator, entries)


def quarter_end(start: date) -> date:
    """The last day of the calendar quarter starting on ``start``."""
    following = date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return following - timedelta(days=1)
