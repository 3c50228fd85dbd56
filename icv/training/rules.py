"""When training runs out, whether a visitor is TACT-trained on a day, long service and when an
annual review is due (pure rules: plain values in, an explicit ``today``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from icv.clock import months_before

#: Years of service the scheme recognises.
SERVICE_MILESTONES = (5, 10, 15, 20)
#: The coordinator is reminded this many days before a review is due.
REVIEW_NOTICE_DAYS = 30
#: Training running out within this many days is flagged.
EXPIRY_WARN_DAYS = 60

#: An inclusive range of days.
DateRange = tuple[date, date]


def months_after(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, or that month's last day."""
    return months_before(day, -months)


def last_valid_day(completed_on: date, valid_months: int | None) -> date | None:
    """The last day a course completed on ``completed_on`` is in date; None if it never runs
    out. Training valid 36 months from 5 March 2024 is in date to 4 March 2027 inclusive and
    has run out on 5 March 2027 (a course on 31 January valid a month lasts to 27 or 28
    February, as 31 February falls on the month's last day)."""
    if valid_months is None:
        return None
    return months_after(completed_on, valid_months) - timedelta(days=1)


def in_date_ranges(completions: Iterable[tuple[date, date | None]]) -> tuple[DateRange, ...]:
    """The days covered by completions (completed on, last valid day or None), merged and in
    order; open-ended training runs to ``date.max``."""
    spans = sorted((start, end or date.max) for start, end in completions)
    merged: list[DateRange] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def covered(ranges: Iterable[DateRange], day: date) -> bool:
    return any(start <= day <= end for start, end in ranges)


def expiry_state(last_day: date | None, today: date) -> str:
    """ "in date", "runs out soon" (within EXPIRY_WARN_DAYS) or "run out" on ``today``."""
    if last_day is None or last_day >= today + timedelta(days=EXPIRY_WARN_DAYS):
        return "in date"
    return "runs out soon" if last_day >= today else "run out"


def service_years(appointed_on: date, today: date) -> int:
    """Whole years since appointment (appointed 29 February counts a year on 1 March)."""
    years = today.year - appointed_on.year
    try:
        anniversary = appointed_on.replace(year=today.year)
    except ValueError:
        anniversary = date(today.year, 3, 1)
    return years if anniversary <= today else years - 1


def appointed_by(years: int, today: date) -> date:
    """The last appointment day with ``years`` whole years of service by ``today`` (as
    service_years counts them): on 24 November 2026, five years is appointed by 24 November
    2021; on 29 February 2028, by 28 February 2023 (1 March 2023 has its fifth year on 1 March)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # today is 29 February and that year had none
        return date(today.year - years, 2, 28)


def milestone_reached(appointed_on: date, today: date) -> int | None:
    """The highest of SERVICE_MILESTONES reached by ``today``, or None."""
    years = service_years(appointed_on, today)
    reached = [m for m in SERVICE_MILESTONES if m <= years]
    return reached[-1] if reached else None


def next_review_due(appointed_on: date, last_done_on: date | None) -> date:
    """A year after the last review, or after appointment when there has been none."""
    return months_after(last_done_on or appointed_on, 12)


def review_notices(due_on: date, today: date) -> list[str]:
    """Which reminders about a review not yet done are due by ``today``: "soon" from
    REVIEW_NOTICE_DAYS before it is due up to the day it is due, "overdue" from the day after
    (a review first seen overdue is reported as overdue only)."""
    if today > due_on:
        return ["overdue"]
    if today >= due_on - timedelta(days=REVIEW_NOTICE_DAYS):
        return ["soon"]
    return []
