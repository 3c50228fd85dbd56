"""The one place the application reads the clock, so tests can freeze it."""

import calendar
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

#: Schemes in England and Wales work in UK local time (GMT/BST).
SCHEME_TZ = ZoneInfo("Europe/London")


def now_utc() -> datetime:
    """The current time as an aware UTC datetime (use as a callable column default)."""
    return datetime.now(UTC)


def today_local() -> date:
    return datetime.now(SCHEME_TZ).date()


def as_utc(value: datetime) -> datetime:
    """SQLite returns naive datetimes; every stored datetime is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def local(value: datetime) -> datetime:
    return as_utc(value).astimezone(SCHEME_TZ)


def start_of_day(day: date) -> datetime:
    """Midnight starting ``day`` in UK local time, as UTC (to compare with stored times)."""
    return datetime.combine(day, time(), tzinfo=SCHEME_TZ).astimezone(UTC)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier, or that month's last day."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
