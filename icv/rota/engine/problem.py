"""A rota problem and its solution as plain values (pure: no Flask, no database).

The JSON format is the contract of docs/rota-problem.md, with optional extensions that contract
instances do without: a suite may have ``"name"``, ``"bands"`` (the bands in which it may be
visited; all by default) and ``"closed"`` (inclusive date ranges with no visit); a volunteer may
have ``"name"`` and ``"booked"`` (days they already visit outside this problem, e.g. in the
neighbouring rota: they count for the spacing rule and the monthly limit). Messages use a name
where one is given, else the id.

Constructing a :class:`Problem` checks every number and reference (so the web side, which
builds one from the database, gets the same one-line :class:`ProblemError` as a JSON file);
:func:`parse_problem` first checks the JSON's shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import cached_property

from icv.rota.engine.reading import ProblemError
from icv.rota.engine.validation import check_problem

__all__ = [
    "BandSpec",
    "Problem",
    "ProblemError",
    "Solution",
    "SuiteSpec",
    "Unfilled",
    "Visit",
    "VolunteerSpec",
    "parse_problem",
    "parse_solution",
    "problem_to_json",
]

MONTHS = "January February March April May June July August September October November December"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def week_label(day: date) -> str:
    """The ISO week of ``day``, e.g. ``2027-W05``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(label: str) -> date:
    """``2027-W05`` -> Monday 1 February 2027."""
    year, week = label.split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def week_of(label: str) -> str:
    """How a person reads an ISO week: ``2027-W07`` is "week of 15 February 2027"."""
    monday = week_monday(label)
    return f"week of {monday.day} {MONTHS.split()[monday.month - 1]} {monday.year}"


def week_words(label: str) -> str:
    """The week in a sentence: "the week of 15 February 2027"."""
    return f"the {week_of(label)}"


def long_date(day: date) -> str:
    """``3 Feb 2027`` whatever the locale."""
    return f"{day.day} {MONTHS.split()[day.month - 1][:3]} {day.year}"


def month_name(year: int, month: int) -> str:
    return f"{MONTHS.split()[month - 1]} {year}"


def _within(day: date, ranges: tuple[tuple[date, date], ...]) -> bool:
    return any(first <= day <= last for first, last in ranges)


@dataclass(frozen=True)
class BandSpec:
    """A band of the day; ``end`` at or before ``start`` crosses midnight."""

    id: str
    start: time
    end: time


@dataclass(frozen=True)
class SuiteSpec:
    """A custody suite: visits wanted per ISO week, allowed bands (None: all) and closures."""

    id: str
    visits_per_week: int
    name: str | None = None
    bands: tuple[str, ...] | None = None
    closed: tuple[tuple[date, date], ...] = ()

    @property
    def label(self) -> str:
        return self.name or self.id

    def closed_on(self, day: date) -> bool:
        return _within(day, self.closed)


@dataclass(frozen=True)
class VolunteerSpec:
    """A volunteer: panel (suite ids), weekly availability as (weekday 0=Monday, band id) pairs,
    inclusive away ranges, probation, monthly limit (None: no limit), people to avoid and the
    days of their visits booked outside the problem (counted by the spacing and monthly rules)."""

    id: str
    suites: frozenset[str]
    available: frozenset[tuple[int, str]]
    away: tuple[tuple[date, date], ...] = ()
    probation: bool = False
    max_per_month: int | None = None
    avoid: frozenset[str] = frozenset()
    name: str | None = None
    booked: tuple[date, ...] = ()

    @property
    def label(self) -> str:
        return self.name or self.id

    def away_on(self, day: date) -> bool:
        return _within(day, self.away)

    def booked_in(self, year: int, month: int) -> int:
        """How many visits they have booked outside the problem in that calendar month."""
        return sum((day.year, day.month) == (year, month) for day in self.booked)


@dataclass(frozen=True)
class Problem:
    """A rota problem; only ISO weeks wholly inside ``start``..``end`` need visits."""

    start: date
    end: date
    bands: tuple[BandSpec, ...]
    suites: tuple[SuiteSpec, ...]
    volunteers: tuple[VolunteerSpec, ...]
    visitors_per_visit: int = 2
    min_days_between: int = 3
    seed: int = 0
    #: Suites holding people under the Terrorism Act: each visit there needs a visitor whose
    #: TACT training is in date on the day (a hard rule, ``tact`` in the checker).
    tact_suites: frozenset[str] = frozenset()
    #: Volunteer id -> inclusive date ranges in which their TACT training is in date.
    tact_trained: tuple[tuple[str, tuple[tuple[date, date], ...]], ...] = ()
    #: "day": each visit has a date and band; "week": a suite and ISO week, the pair choose
    #: the day and time (the rules then count per week: icv/rota/engine/weekly.py).
    allocation: str = "day"

    def __post_init__(self) -> None:
        check_problem(self)

    def weeks(self) -> tuple[tuple[str, date], ...]:
        """The ISO weeks wholly inside the period: (label ``2027-W05``, its Monday)."""
        monday = self.start + timedelta(days=-self.start.weekday() % 7)
        weeks = []
        while monday + timedelta(days=6) <= self.end:
            weeks.append((week_label(monday), monday))
            monday += timedelta(days=7)
        return tuple(weeks)

    @property
    def by_week(self) -> bool:
        return self.allocation == "week"

    @cached_property
    def band_ids(self) -> tuple[str, ...]:
        return tuple(band.id for band in self.bands)

    @cached_property
    def suite_by_id(self) -> dict[str, SuiteSpec]:
        return {suite.id: suite for suite in self.suites}

    @cached_property
    def volunteer_by_id(self) -> dict[str, VolunteerSpec]:
        return {volunteer.id: volunteer for volunteer in self.volunteers}

    @cached_property
    def tact_by_id(self) -> dict[str, tuple[tuple[date, date], ...]]:
        return dict(self.tact_trained)

    def tact_ok(self, suite_id: str, day: date, people: tuple[str, ...]) -> bool:
        """Whether a visit of ``people`` to ``suite_id`` on ``day`` keeps the TACT rule."""
        if suite_id not in self.tact_suites:
            return True
        return any(_within(day, self.tact_by_id.get(person, ())) for person in people)

    def kept_off(self, volunteer: VolunteerSpec, day: date) -> bool:
        """Whether ``volunteer`` cannot visit on ``day`` whatever the rota holds: away, too close
        to a visit booked outside the problem, or their month used up by such visits."""
        if volunteer.away_on(day):
            return True
        if not volunteer.booked:
            return False
        gap = max(self.min_days_between, 1)
        if any(abs((day - booked).days) < gap for booked in volunteer.booked):
            return True
        limit = volunteer.max_per_month
        return limit is not None and volunteer.booked_in(day.year, day.month) >= limit

    def suite_bands(self, suite: SuiteSpec) -> tuple[str, ...]:
        """The bands in which ``suite`` may be visited, in the problem's band order."""
        if suite.bands is None:
            return self.band_ids
        return tuple(band for band in self.band_ids if band in suite.bands)

    def suite_label(self, suite_id: str) -> str:
        suite = self.suite_by_id.get(suite_id)
        return suite.label if suite else suite_id

    def volunteer_label(self, volunteer_id: str) -> str:
        volunteer = self.volunteer_by_id.get(volunteer_id)
        return volunteer.label if volunteer else volunteer_id

    @property
    def group_word(self) -> str:
        """What the messages call the people on one visit: a pair, or a group of three."""
        return "pair" if self.visitors_per_visit == 2 else f"group of {self.visitors_per_visit}"


#: The band of a visit allocated by week: the pair choose the time as well as the day.
WEEK_BAND = "week"


@dataclass(frozen=True)
class Visit:
    """A visit on the rota; allocated by week, ``date`` is the Monday of its ISO week and
    ``band`` is :data:`WEEK_BAND`."""

    suite: str
    date: date
    band: str
    volunteers: tuple[str, ...]

    @property
    def by_week(self) -> bool:
        return self.band == WEEK_BAND

    def to_json(self) -> dict:
        if self.by_week:
            return {
                "suite": self.suite,
                "week": week_label(self.date),
                "volunteers": list(self.volunteers),
            }
        return {
            "suite": self.suite,
            "date": self.date.isoformat(),
            "band": self.band,
            "volunteers": list(self.volunteers),
        }


@dataclass(frozen=True)
class Unfilled:
    """A required visit that could not be planned, with the reason diagnosed from the data:
    its English words (``reason``, for the JSON's reader) and its code and parameters
    (``reason_words``), which the pages write in the reader's language."""

    suite: str
    week: str
    reason: str
    code: str = "other"
    params: dict = field(default_factory=dict, hash=False)

    def to_json(self) -> dict:
        params = self.params if self.code != "other" else {"text": self.reason}
        return {
            "suite": self.suite,
            "week": self.week,
            "reason": self.reason,
            "code": self.code,
            "params": params,
        }


@dataclass
class Solution:
    visits: list[Visit]
    unfilled: list[Unfilled]

    def to_json(self) -> dict:
        """The contract's solution shape, sorted so the same rota always prints the same."""
        visits = sorted(self.visits, key=lambda v: (v.date, v.suite, v.band, v.volunteers))
        unfilled = sorted(self.unfilled, key=lambda u: (u.week, u.suite, u.reason))
        return {
            "visits": [visit.to_json() for visit in visits],
            "unfilled": [gap.to_json() for gap in unfilled],
        }


def parse_problem(raw: object) -> Problem:
    """A :class:`Problem` from the decoded JSON of an instance; ProblemError if it is unusable."""
    from icv.rota.engine.jsonformat import problem_from_json

    return problem_from_json(raw)


def problem_to_json(problem: Problem) -> dict:
    """The instance as JSON values; ``parse_problem(problem_to_json(p)) == p``."""
    from icv.rota.engine.jsonformat import problem_as_json

    return problem_as_json(problem)


def parse_solution(raw: object) -> Solution:
    """A :class:`Solution` from the contract's JSON; ProblemError if its shape is wrong."""
    from icv.rota.engine.jsonformat import solution_from_json

    return solution_from_json(raw)
