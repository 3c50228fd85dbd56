"""Rota periods, visit outcomes and requests to swap (pure rules: no Flask, no database).

The hard rules of a rota itself (pairs, panels, availability, spacing) are in ``checker``;
the solver that proposes one is in ``solver``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta

from icv.suites.rules import Band

#: Longest period planned in one go (two quarters); a quarter is the usual.
MAX_WEEKS = 26


def iso_week(day: date) -> str:
    """``2027-W05`` for any day of that ISO week."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def next_period(today: date, after: date | None, weeks: int) -> tuple[date, date]:
    """The period to offer by default: ``weeks`` whole weeks (a quarter is 13) from the first
    Monday after the last rota ends (``after``, a Sunday), or from the first Monday from today
    when there is no rota or the last one has ended: today itself when it is a Monday."""
    earliest = today if after is None else max(today, after + timedelta(days=1))
    starts = earliest + timedelta(days=-earliest.weekday() % 7)
    return starts, starts + timedelta(days=7 * weeks - 1)


def period_problem(
    starts_on: date, ends_on: date, today: date, others: Iterable[tuple[date, date]]
) -> str | None:
    """Why a period cannot be planned, or None. It runs Monday to Sunday, in whole weeks."""
    if starts_on.weekday() != 0:
        return f"The period must start on a Monday; {starts_on:%-d %B %Y} is a {starts_on:%A}"
    if ends_on.weekday() != 6:
        return f"The period must end on a Sunday; {ends_on:%-d %B %Y} is a {ends_on:%A}"
    if ends_on < starts_on:
        return "The period must end after it starts"
    weeks = ((ends_on - starts_on).days + 1) // 7
    if weeks > MAX_WEEKS:
        return f"Plan at most {MAX_WEEKS} weeks at a time; this period has {weeks}"
    if ends_on < today:
        return "The period has already ended"
    for other_start, other_end in others:
        if starts_on <= other_end and other_start <= ends_on:
            return (
                f"The period overlaps the rota for {other_start:%-d %b %Y} to "
                f"{other_end:%-d %b %Y}; start after {other_end:%-d %B %Y}"
            )
    return None


def change_request_problem(status: str, visit_on: date, today: date, has_open: bool) -> str | None:
    """Why a volunteer cannot ask to swap or drop this visit now, or None."""
    if status != "planned":
        return "This visit is no longer planned"
    if visit_on < today:
        return "This visit has already passed"
    if has_open:
        return "You have already asked about this visit; the scheme office will reply"
    return None


def confirm_problem(status: str, visit_on: date, today: date) -> str | None:
    if status != "planned":
        return "This visit is no longer planned"
    if visit_on < today:
        return "This visit has already passed"
    return None


def cancel_problem(status: str, reason: str) -> str | None:
    if status != "planned":
        return "Only a planned visit can be cancelled"
    if not reason.strip():
        return "Give the reason the visit is cancelled"
    return None


def edit_problem(status: str, visit_on: date, today: date) -> str | None:
    """Why a planned visit can no longer be changed by hand, or None."""
    if status != "planned":
        return "Only a planned visit can be changed"
    if visit_on < today:
        return "This visit's day has passed; record its outcome instead"
    return None


def outcome_due(visit_on: date, today: date, grace_days: int) -> bool:
    """True when a planned visit with no report should count as missed: ``grace_days`` after
    its day (the pair may file the report the next morning)."""
    return today > visit_on + timedelta(days=grace_days)


def in_planned_week(monday: date, visit_date: date, started_on: date | None = None) -> bool:
    """Is a visit reported for ``visit_date`` in the week (from ``monday``) of a visit allocated
    by week? Any day of it is: the pair choose. A visit that counts on the day before it
    (``started_on``, late at night: suites.rules.day_started) is judged by that day."""
    day = visit_date if started_on is None else started_on
    return monday <= day <= monday + timedelta(days=6)


def same_slot_running(made: list[tuple[date, str | None]], running: int) -> bool:
    """Whether the last ``running`` visits made (day, band; any order) all fell on one weekday
    and in one band: a pattern staff could come to expect."""
    if len(made) < running or any(band is None for _, band in made[:running]):
        return False
    return len({(day.weekday(), band) for day, band in made[:running]}) == 1


def on_planned_day(
    planned_on: date,
    band: Band | None,
    visit_date: date,
    arrived_at: time | None,
    started_on: date | None = None,
) -> bool:
    """Is a visit reported for ``visit_date``, arriving at ``arrived_at``, on the day a visit
    was planned in ``band``? The same day is; so is the day after when the band crosses
    midnight and they arrived before it ended: a pair planned for Tuesday late (22:00 to 07:00)
    who arrive at 00:30 report Wednesday's date. ``started_on``, the day the visit counts on
    (suites.rules.day_started), must be the planned day too: a visit at 00:30 on Tuesday is
    Monday's late night, and counts then, so it is not Tuesday's visit."""
    if started_on is not None and started_on != planned_on:
        return False
    if visit_date == planned_on:
        return True
    return (
        band is not None
        and band.crosses_midnight
        and arrived_at is not None
        and visit_date == planned_on + timedelta(days=1)
        and arrived_at < band.end
    )


def minimum_in_period(per_month: int, starts_on: date, ends_on: date) -> int:
    """Visits each volunteer should have in a period at ``per_month`` a month, pro rata (a
    month counted as 30 days, rounded down): a quarter of 13 weeks at 1 a month is 3."""
    days = (ends_on - starts_on).days + 1
    return per_month * days // 30


#: Fewest visits a suite must have in the period before one pair's share of them is judged.
PAIR_SHARE_FROM = 3


def concentrated_pairs(
    pairs_by_suite: dict[int, list[tuple[int, ...]]], percent: int
) -> list[tuple[int, tuple[int, ...], int, int]]:
    """(suite, pair, their visits, the suite's visits) for each pair doing more than
    ``percent`` of a suite's visits, at suites with at least :data:`PAIR_SHARE_FROM` visits."""
    found = []
    for suite, groups in sorted(pairs_by_suite.items()):
        total = len(groups)
        if total < PAIR_SHARE_FROM:
            continue
        for pair in sorted(set(groups)):
            count = groups.count(pair)
            if count * 100 > percent * total:
                found.append((suite, pair, count, total))
    return found
