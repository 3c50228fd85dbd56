"""The annual summary's definitions and period arithmetic (pure: no Flask, no database).

The definitions every figure follows (docs/summary-json.md); the database queries in
``queries.py`` apply the same ones in SQL, and the tests hold both to them:

- A visit counts in the period of the day it started (``counted_on``): one that starts at
  23:30 on 31 December and ends after midnight counts on 31 December, and so does a late visit
  that arrived at 00:30 on 1 January (the late night of 31 December, as the rota planned it:
  suites.rules.day_started).
- ``attempted`` = completed + no access + abandoned. The breakdowns (by suite, month, quarter,
  weekday, time band and mode) count completed visits.
- Detainee counts come from completed visits; offered = spoken + declined (observed only is
  its own category); ``unaccounted`` = in custody - offered - observed - not offered
  (historical records do not always account for everyone).
- A visit was delayed when its wait to be let in was longer than the scheme's threshold (the
  setting beyond which a report must say why). The median delay is that of the delayed visits;
  the median wait is that of every visit the visitors were let into.
- An issue counts in the period of the visit that raised it. It was resolved when it was closed
  by the end of the period (a closed historical issue with no date counts as resolved); any other
  is open at the end of the period, so a year's figures do not change as later work closes
  its issues. Days to resolve run from the visit to the date it was resolved.
- A volunteer is active on a day when appointed on or before it and not left by it (leaving on
  the day counts as left). Visits per volunteer count attempted visits of every volunteer active
  at some time in the period (so not one who left on its first day), with no names.
- Time given to visits counts every attempted visit (one without access or abandoned took the
  visitors' time too), from arrival to leaving in whole minutes of real time in UK time
  (seconds are dropped; across the March clock change a visit is an hour shorter than the
  clocks say, across October's an hour longer); leaving earlier in the day than arriving means
  the visit went past midnight. Each report keeps its length (``minutes``). Visitors' time is each
  visit's length times the visitors recorded on it (1 or 2: by account or by name; a historical
  record naming none adds nothing). Both are reported in hours to one decimal place, halves up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from icv.text import is_whole_number
from icv.visits.times import elapsed_minutes

#: No scheme's records go back further than this (custody visiting began in the 1980s).
FIRST_YEAR = 1980
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
#: Visits per volunteer in the period, grouped (most schemes ask for 12 to 24 a year).
VISIT_BANDS = ((0, 0, "none"), (1, 5, "1 to 5"), (6, 11, "6 to 11"), (12, 23, "12 to 23"))
VISIT_BANDS_TOP = (24, "24 or more")


class Basis(StrEnum):
    CALENDAR = "calendar"
    FINANCIAL = "financial"

    @property
    def label(self) -> str:
        return "January to December" if self is Basis.CALENDAR else "April to March"

    @property
    def first_month(self) -> int:
        return 1 if self is Basis.CALENDAR else 4


class SummaryInputError(ValueError):
    """A year, basis or quarter that cannot be used; ``field`` says which."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """A scheme year (calendar or financial), or one quarter of it. ``end`` is inclusive."""

    year: int
    basis: Basis = Basis.CALENDAR
    quarter: int | None = None

    @property
    def start(self) -> date:
        first = date(self.year, self.basis.first_month, 1)
        return add_months(first, 3 * (self.quarter - 1)) if self.quarter else first

    @property
    def end(self) -> date:
        after = add_months(self.start, 3 if self.quarter else 12)
        return date.fromordinal(after.toordinal() - 1)

    @property
    def year_label(self) -> str:
        if self.basis is Basis.CALENDAR:
            return str(self.year)
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        """``2016``, ``2016/17``, ``Q1 2016/17`` (April to June 2016)."""
        return f"Q{self.quarter} {self.year_label}" if self.quarter else self.year_label

    @property
    def months_label(self) -> str:
        """``January to December 2016``, ``April 2016 to March 2017``."""
        start, end = self.start, self.end
        first, last = MONTH_NAMES[start.month - 1], MONTH_NAMES[end.month - 1]
        if start.year == end.year:
            return f"{first} to {last} {end.year}"
        return f"{first} {start.year} to {last} {end.year}"

    def previous(self) -> Period:
        """The period just before: the year before, or the quarter before."""
        if self.quarter is None:
            return Period(self.year - 1, self.basis)
        if self.quarter == 1:
            return Period(self.year - 1, self.basis, 4)
        return Period(self.year, self.basis, self.quarter - 1)

    def quarters(self) -> list[Period]:
        return [Period(self.year, self.basis, q) for q in range(1, 5)]

    def months(self) -> list[str]:
        """Each month of the period as ``YYYY-MM``, in order."""
        count = 3 if self.quarter else 12
        return [f"{add_months(self.start, n):%Y-%m}" for n in range(count)]

    def quarter_of(self, month: str) -> int:
        """The quarter of the scheme year a ``YYYY-MM`` month falls in (1 to 4)."""
        number = int(month[5:7])
        return (number - self.basis.first_month) % 12 // 3 + 1

    def has_started(self, today: date) -> bool:
        return self.start <= today

    def is_complete(self, today: date) -> bool:
        return self.end < today

    def as_at(self, today: date) -> date:
        """The day figures "at the end" describe: the end, or today while it is running."""
        return min(self.end, today)


def latest_year(basis: Basis, today: date) -> int:
    """The latest year (of this basis) that has started."""
    return today.year if today >= date(today.year, basis.first_month, 1) else today.year - 1


def day_words(day: date, period: Period) -> str:
    """``4 December``, with the year when the period runs over two (``4 December 2026``)."""
    return f"{day:%-d %B}" if period.start.year == period.end.year else f"{day:%-d %B %Y}"


def month_words(day: date, period: Period) -> str:
    """``November``, with the year when the period runs over two (``November 2024``)."""
    return f"{day:%B}" if period.start.year == period.end.year else f"{day:%B %Y}"


@dataclass(frozen=True)
class Records:
    """When the scheme's records begin: the month of the first visit recorded (a report, or a
    visit on a published rota), from its first day; None while there is none. Counted from
    the month, so a first visit on 3 January does not make the year look short. A period that
    ended before then has nothing to count, so it is neither offered nor compared with."""

    begin: date | None

    def __post_init__(self) -> None:
        if self.begin is not None:
            object.__setattr__(self, "begin", self.begin.replace(day=1))

    def cover(self, period: Period, today: date) -> bool:
        """Whether records had begun by the end of ``period`` (or by today, while it runs):
        whether its figures mean anything to compare with."""
        return self.begin is not None and self.begin <= period.as_at(today)

    def ended_before(self, period: Period, today: date) -> bool:
        """Whether ``period`` has ended, and did so before records began: it is not offered,
        never linked. (The period now running is always offered.)"""
        return self.begin is not None and period.end < self.begin and period.is_complete(today)

    def first_year(self, basis: Basis, today: date) -> int:
        """The first year of this basis with records, or the year now running if none."""
        latest = latest_year(basis, today)
        if self.begin is None:
            return latest
        return max(FIRST_YEAR, min(latest_year(basis, self.begin), latest))

    def why(self) -> str:
        if self.begin is None:
            return "there are no records yet"
        return f"records begin in {self.begin:%B %Y}"

    def only_basis(self, year: int, today: date) -> Basis | None:
        """The one basis that offers ``year`` (records begin during a financial year, or
        April has not come yet), or None when both do or neither does."""
        bases = [b for b in Basis if self.first_year(b, today) <= year <= latest_year(b, today)]
        return bases[0] if len(bases) == 1 else None

    def year_label(self, year: int, today: date) -> str:
        """A year as the period chooser offers it, saying so when only one basis has it."""
        basis = self.only_basis(year, today)
        if basis is None:
            return str(year)
        only = Period(year, basis)
        if only.basis is Basis.CALENDAR:
            return f"{year} (January to December only)"
        return f"{year} ({only.label}, April to March only)"

    def title(self, period: Period, today: date) -> str:
        """How a period's figures are named: ``2026 so far, to 4 December`` while it runs,
        ``2024 (records from 11 November)`` when records began during it, else its label."""
        begins = self.begin if self.begin and period.start < self.begin <= period.end else None
        if not period.is_complete(today):
            since = f"from {month_words(begins, period)} " if begins else ""
            return f"{period.label} so far, {since}to {day_words(today, period)}"
        if begins:
            return f"{period.label} (records from {month_words(begins, period)})"
        return period.label


def last_complete_year(basis: Basis, today: date) -> int:
    """The latest year (of this basis) that has ended: the one a summary is usually about."""
    return latest_year(basis, today) - 1


def opening_year(basis: Basis, today: date, records: Records) -> int:
    """The year the summary opens on: the latest that has ended or, if records begin later,
    the first with records."""
    return max(last_complete_year(basis, today), records.first_year(basis, today))


def parse_basis(raw: str | None) -> Basis:
    value = (raw or "").strip().lower() or Basis.CALENDAR.value
    if value not in {b.value for b in Basis}:
        raise SummaryInputError("basis", "The basis must be calendar or financial")
    return Basis(value)


def parse_year(
    raw: str | int | None, basis: Basis, today: date, records: Records | None = None
) -> int:
    """The year asked for, from the first with records (or FIRST_YEAR, records unknown) to
    the latest that has started; one only the other basis offers is refused on the basis."""
    latest = latest_year(basis, today)
    first = records.first_year(basis, today) if records else FIRST_YEAR
    text = str(raw if raw is not None else "").strip()
    if not text:
        raise SummaryInputError("year", "Enter a year, like 2025")
    if not (is_whole_number(text) and len(text) == 4):
        raise SummaryInputError("year", "Enter the year as 4 digits, like 2025")
    year = int(text)
    asked, other = Period(year, basis), records.only_basis(year, today) if records else None
    if records and other and not first <= year <= latest:  # only the other basis offers it
        why = f"ended before {records.why()}" if asked.has_started(today) else "has not started"
        raise SummaryInputError("basis", f"Choose {other.label} for {year}: {asked.label} {why}")
    if not first <= year <= latest:
        allowed = f"be {latest}" if first == latest else f"be between {first} and {latest}"
        why = f": {records.why()}" if records else ""
        raise SummaryInputError("year", f"The year must {allowed}{why}")
    return year


def parse_quarter(raw: str | int | None) -> int | None:
    text = str(raw if raw is not None else "").strip().upper().removeprefix("Q")
    if not text:
        return None
    if text not in ("1", "2", "3", "4"):
        raise SummaryInputError("quarter", "The quarter must be 1, 2, 3 or 4")
    return int(text)


def parse_period(
    year: str | int | None,
    basis: str | None,
    quarter: str | int | None,
    today: date,
    records: Records | None = None,
) -> Period:
    """The period asked for, or SummaryInputError naming the first thing that is wrong. Given
    ``records``, a period that ended before they begin is refused too (the page, the CLI and
    the API offer only periods with records)."""
    chosen = parse_basis(basis)
    period = Period(parse_year(year, chosen, today, records), chosen, parse_quarter(quarter))
    if not period.has_started(today):
        raise SummaryInputError("quarter", f"{period.label} has not started yet")
    if records and records.ended_before(period, today):
        raise SummaryInputError("quarter", f"{period.label} ended before {records.why()}")
    return period


def month_label(month: str) -> str:
    """``January 2025`` from ``2025-01``."""
    return f"{MONTH_NAMES[int(month[5:7]) - 1]} {month[:4]}"


def weekday_key(sql_weekday: int) -> str:
    """``Mon`` to ``Sun`` from the database's day of the week (0 is Sunday on both engines)."""
    return WEEKDAYS[(int(sql_weekday) - 1) % 7]


def unaccounted(in_custody: int, offered: int, observed: int, not_offered: int) -> int:
    """People in custody counted in no category: offered (spoken with or declined), observed
    only, not offered. Never below 0: a historical record may give offered with its observed
    inside it."""
    return max(0, in_custody - offered - observed - not_offered)


def is_delayed(wait_minutes: int | None, threshold: int) -> bool:
    return wait_minutes is not None and wait_minutes > threshold


def is_active_on(appointed_on: date, left_on: date | None, day: date) -> bool:
    return appointed_on <= day and (left_on is None or left_on > day)


def was_active_during(appointed_on: date, left_on: date | None, period: Period) -> bool:
    """Active on some day of the period: one who left on its first day was not (leaving on a
    day counts as left that day)."""
    return appointed_on <= period.end and (left_on is None or left_on > period.start)


#: A visit's length in whole minutes of real time from arrival on its date to leaving (past
#: midnight when leaving is earlier): the visit reports' own definition, which each report keeps
#: (``minutes``), the summary's SQL adds up and its tests compare against.
visit_minutes = elapsed_minutes


def visitors_recorded(*visitors: tuple[int | None, str | None]) -> int:
    """Visitors on a report, each given as (account id, name): recorded by either counts."""
    return sum(1 for account, name in visitors if account is not None or name is not None)


def hours(minutes: int) -> float:
    """Minutes as hours to one decimal place, halves rounded up: 435 minutes is 7.3 hours.

    >>> hours(435), hours(45), hours(0)
    (7.3, 0.8, 0.0)
    """
    return (minutes * 10 + 30) // 60 / 10


def median(distribution: Mapping[int, int]) -> int | float | None:
    """The median of values given as value -> how many; None when there are none.

    >>> median({5: 1, 10: 1}), median({3: 2, 40: 1})
    (7.5, 3)
    """
    total = sum(distribution.values())
    if total == 0:
        return None
    middle = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for value in sorted(distribution):
        count = distribution[value]
        found += [value for position in middle if seen <= position < seen + count]
        seen += count
    result = sum(found) / 2
    return int(result) if result == int(result) else result


def visit_bands(per_volunteer: Mapping[int, int]) -> dict[str, int]:
    """Volunteers grouped by how many visits they made (visits -> volunteers given)."""
    bands = {label: 0 for _, _, label in VISIT_BANDS} | {VISIT_BANDS_TOP[1]: 0}
    for visits, volunteers in per_volunteer.items():
        label = next((lb for low, high, lb in VISIT_BANDS if low <= visits <= high), None)
        bands[label or VISIT_BANDS_TOP[1]] += volunteers
    return bands


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def headline(completed: int, serious: int, label: str) -> str:
    """The Panel's one line: "82 visits to custody in 2016, with no serious issues identified"."""
    found = "no serious issues" if serious == 0 else plural(serious, "serious issue")
    return f"{plural(completed, 'visit')} to custody in {label}, with {found} identified"


def change(current: int | None, previous: int | None, label: str) -> str:
    """How a figure moved since the previous period, in words: "up 12 from 70 in 2015"."""
    if current is None or previous is None:
        return ""
    if current == previous:
        return f"the same as in {label}"
    direction = "up" if current > previous else "down"
    return f"{direction} {abs(current - previous)} from {previous} in {label}"
