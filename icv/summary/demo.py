"""The demo's 2025 (January to December) as the Commissioner published it: the coordinator's
narrative, signed off by the commissioner in January 2026. Done once: running the demo again
finds the year signed off and leaves it as it is."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from icv.accounts.models import User
from icv.clock import SCHEME_TZ
from icv.summary import services
from icv.summary.rules import Period

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
