"""Times of day in a visit report, in UK time across the clock changes (pure: no Flask, no
database): what people type, minutes from one time to another, the day a time after midnight
falls on, and the hour the clocks skip in March.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from icv.clock import SCHEME_TZ
from icv.text import Day, Problem

if TYPE_CHECKING:
    from icv.suites.rules import Band


#: A time of day as people type it, once spaces and the dots of "p.m." are gone: 19:05, 19.05,
#: 1905, 905, and on the 12-hour clock 7:05pm, 7.05pm, 705pm or 7pm.
TYPED_TIME = re.compile(r"(?P<hours>\d{1,2})(?:[:.]?(?P<minutes>\d{2}))?(?P<half>am|pm)?", re.ASCII)


def time_typed(text: str) -> time | None:
    """The time of day someone typed, or None if it is not one. A phone whose clock shows
    7:05 PM must not turn 19:05 into 07:05, so the 24-hour clock and am/pm are both read; the
    hour alone is enough only with am or pm (is "7" 07:00 or 19:00?).

    >>> time_typed("7:05pm"), time_typed("12:30am"), time_typed("24:00")
    (datetime.time(19, 5), datetime.time(0, 30), None)
    """
    typed = "".join(text.split()).lower().replace("a.m.", "am").replace("p.m.", "pm")
    match = TYPED_TIME.fullmatch(typed)
    if match is None:
        return None
    hour, minute, half = int(match["hours"]), int(match["minutes"] or 0), match["half"]
    if minute > 59:
        return None
    if half is None:
        return time(hour, minute) if match["minutes"] and hour < 24 else None
    if not 1 <= hour <= 12:
        return None
    return time(hour % 12 + (12 if half == "pm" else 0), minute)


def time_read(raw: str, subject: str) -> time | None:
    """A time typed in a box (stripped): None when empty; ValueError with a ``Problem`` when
    it is not a time of day. ``subject`` names it in the message ("the time you arrived")."""
    if not raw:
        return None
    typed = time_typed(raw)
    if typed is None:
        raise ValueError(Problem("Enter %(subject)s as, for example, 19:05", subject=subject))
    return typed


def minutes_between(start: time, end: time) -> int:
    """Minutes from ``start`` to ``end``; an ``end`` earlier in the day is after midnight.

    >>> minutes_between(time(23, 30), time(0, 15))
    45
    """
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return minutes % (24 * 60)


def moment(day: date, at: time) -> datetime:
    """``at`` on ``day`` in UK time, as UTC. A time the clocks showed twice (01:00 to 01:59 on
    the night of the October change) is taken as the first of the two."""
    return datetime.combine(day, at, tzinfo=SCHEME_TZ).astimezone(UTC)


def day_of(day: date, start: time, at: time) -> date:
    """The day of a time typed after ``start`` on ``day``: the next day when it is earlier in
    the day (past midnight)."""
    earlier = (at.hour, at.minute) < (start.hour, start.minute)
    return day + timedelta(days=1) if earlier else day


@lru_cache(maxsize=8192)
def clocks_change(day: date) -> bool:
    """Do the UK's clocks change on ``day`` (the last Sundays of March and October)? Only then
    can a time be skipped or a visit differ from what the clocks say: others take a short cut
    (an import checks 100,000 visits)."""
    midnight = datetime.combine(day, time(), tzinfo=SCHEME_TZ)
    next_midnight = datetime.combine(day + timedelta(days=1), time(), tzinfo=SCHEME_TZ)
    return midnight.utcoffset() != next_midnight.utcoffset()


def elapsed_minutes(day: date, start: time, end: time) -> int:
    """Real minutes from ``start`` on ``day`` to ``end`` (after midnight when it is earlier in
    the day), in UK time: across the March clock change a visit is an hour shorter than the
    clocks say, across October's an hour longer. Seconds are dropped, as the clock's minutes.

    >>> elapsed_minutes(date(2026, 3, 28), time(23, 30), time(2, 30))
    120
    >>> elapsed_minutes(date(2026, 10, 24), time(23, 30), time(2, 30))
    240
    """
    ends_on = day_of(day, start, end)
    if not (clocks_change(day) or clocks_change(ends_on)):
        return minutes_between(start, end)
    start, end = start.replace(second=0, microsecond=0), end.replace(second=0, microsecond=0)
    return int((moment(ends_on, end) - moment(day, start)).total_seconds()) // 60


def skipped(day: date, at: time) -> bool:
    """Did the clocks skip ``at`` on ``day`` (01:00 to 01:59 on the night of the March
    change, when they went from 01:00 straight to 02:00)?"""
    if not clocks_change(day):
        return False
    local = datetime.combine(day, at, tzinfo=SCHEME_TZ)
    return local.astimezone(UTC).astimezone(SCHEME_TZ).replace(tzinfo=None) != local.replace(
        tzinfo=None
    )


def skipped_problem(day: date, at: time) -> str | None:
    """A message for a time that did not exist that day, or None."""
    if not skipped(day, at):
        return None
    shown = (datetime.combine(day, at) + timedelta(hours=1)).time()
    return Problem(
        "There was no %(time)s on %(day)s: the clocks went forward an hour at 01:00. Enter the "
        "time the clocks showed, such as %(shown)s",
        time=hhmm(at),
        day=Day(day),
        shown=hhmm(shown),
    )


def same_night(earlier: tuple[date, time], later: tuple[date, time], bands: Iterable[Band]) -> bool:
    """Could two reports dated a day apart be of one late visit, each visitor giving the date
    they arrived as they remember it (23:50 on Tuesday, 00:10 on Wednesday)? Yes when the
    earlier arrived in a band that crosses midnight, before midnight, and the later arrived the
    next day before that band ended."""
    (first_day, first_at), (second_day, second_at) = earlier, later
    band = next((b for b in bands if b.contains(first_at)), None)
    return (
        band is not None
        and band.crosses_midnight
        and first_at >= band.start
        and second_day == first_day + timedelta(days=1)
        and second_at < band.end
    )


def hhmm(at: time) -> str:
    return f"{at:%H:%M}"
