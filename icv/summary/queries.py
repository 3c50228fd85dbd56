"""The SQL behind a summary: each function is one statement, and the database does the counting.

A page asks for a period and the one before it; queries that serve both group by
``current`` (1 for the period asked for, 0 for the one before), so the comparison costs no
extra statements. The definitions are those of ``rules.py``.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Date,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    union_all,
)

from icv.extensions import db
from icv.rota.models import PeriodStatus, PlannedVisit, RotaPeriod
from icv.suites.models import Suite
from icv.summary.checks import report_columns
from icv.summary.rules import Period
from icv.summary.sql import days_between
from icv.visits.models import VisitReport
from icv.visits.rules import Outcome
from icv.visits.values import COUNT_COLUMNS, REASON_COLUMNS
from icv.volunteers.models import Volunteer

#: The prefix of the structured checks' sums in ``visit_totals`` (``checks.report_columns``).
CHECKS = "checks_"
#: Days are counted from it in ``visit_breakdowns`` (any day would do: before it, negative).
FIRST_DAY = date(2000, 1, 1)
#: The reports' count columns the summary adds up (completed visits only).
SUMMED = (*COUNT_COLUMNS, *REASON_COLUMNS.values())


class Bounds(NamedTuple):
    """A period's first and last days as bound parameters, standing for a ``Period`` where
    the statements are built (``within``, ``current_flag``, ``active_during``)."""

    start: BindParameter[date]
    end: BindParameter[date]


def bounds(name: str) -> Bounds:
    return Bounds(bindparam(f"{name}_start", type_=Date), bindparam(f"{name}_end", type_=Date))


# The summary's statements are built once per process with these bound parameters, then sent
# with each period's days (``days_of``): building a statement of some 50 expressions, and
# its cache key, cost more CPU than the database takes to run it (bench/README.md, "A
# year's first view").
#: The period asked for and the one before it.
CURRENT, PREVIOUS = bounds("current"), bounds("previous")
#: The days their volunteers are counted on (``Period.as_at``).
AS_AT, PREVIOUS_AS_AT = bindparam("as_at", type_=Date), bindparam("previous_as_at", type_=Date)


def days_of(current: Period, previous: Period, today: date | None = None) -> dict[str, date]:
    """The values of ``CURRENT`` and ``PREVIOUS`` (and, given ``today``, of ``AS_AT`` and
    ``PREVIOUS_AS_AT``) for these periods."""
    days = {
        "current_start": current.start,
        "current_end": current.end,
        "previous_start": previous.start,
        "previous_end": previous.end,
    }
    if today is not None:
        days |= {"as_at": current.as_at(today), "previous_as_at": previous.as_at(today)}
    return days


def constant(value: str | int) -> ColumnElement[Any]:
    """A constant column, written into the SQL (not a parameter) so a UNION can type it."""
    return literal_column(f"'{value}'" if isinstance(value, str) else str(value))


def current_flag(column: ColumnElement[date], current: Period | Bounds) -> ColumnElement[int]:
    return case((column >= current.start, 1), else_=0)


def within(column: ColumnElement[date], period: Period | Bounds) -> ColumnElement[bool]:
    return column.between(period.start, period.end)


def both(
    column: ColumnElement[date], current: Period | Bounds, previous: Period | Bounds
) -> ColumnElement[bool]:
    return column.between(previous.start, current.end)


def grouped(kind: str, key: ColumnElement[Any], value: ColumnElement[Any] | None = None):
    """(kind, key as text, 1, value: visits unless given) per key, for the tallies' UNION."""
    counted = func.count() if value is None else value
    return select(constant(kind), cast(key, String), constant(1), counted.label("n")).group_by(key)


def reports_of(current: Bounds):
    """The period's reports, read once (materialised, along its date's index) for every
    breakdown: before, the completed visits, the waits and each visitor seat took a scan."""
    report = VisitReport
    return (
        select(
            report.outcome,
            report.mode,
            report.counted_on,
            report.band,
            report.delay_minutes,
            report.visitor_1_id,
            report.visitor_2_id,
        )
        .where(within(report.counted_on, current))
        .cte("period_reports")
        .prefix_with("MATERIALIZED")
    )


def visit_breakdowns(current: Period) -> list[tuple[str, str | None, int, int]]:
    """(kind, key, 1, n) in one statement: the period's completed visits by mode, month,
    weekday and band; every active suite with 0 (``visit_totals`` counts each suite's visits);
    waits to be let in (minutes -> visits); and visits made -> volunteers who made that many
    (``visits_per_volunteer``)."""
    days = {"current_start": current.start, "current_end": current.end}
    rows = db.session.execute(breakdowns_statement(), days)
    return by_month_and_weekday([tuple(row) for row in rows])


@cache
def breakdowns_statement() -> CompoundSelect:
    """``visit_breakdowns``' statement, of the period ``CURRENT``."""
    period_reports = reports_of(CURRENT)
    done = (
        select(period_reports)
        .where(period_reports.c.outcome == Outcome.COMPLETED)
        .cte("completed_visits")
    )
    active_suites = select(constant("suite"), Suite.name, constant(1), constant(0)).where(
        Suite.is_active
    )
    waits = grouped("wait", period_reports.c.delay_minutes).where(
        period_reports.c.delay_minutes.is_not(None)
    )
    per_volunteer = visits_per_volunteer(CURRENT, period_reports)
    # By day, not by month and by weekday: one pass over the visits, not two, and no date
    # formatted for each. A day is a number (days since ``FIRST_DAY``), whatever the server's
    # date style; ``by_month_and_weekday`` turns the days into both.
    days = (
        select(constant("day"), cast(days_between(literal(FIRST_DAY), done.c.counted_on), String))
        .add_columns(constant(1), func.count())
        .group_by(done.c.counted_on)
    )
    return union_all(
        days,
        grouped("mode", done.c.mode),
        active_suites,
        grouped("band", done.c.band),
        waits,
        grouped("per_volunteer", per_volunteer.c.visits),
    )


def by_month_and_weekday(rows: list[tuple]) -> list[tuple]:
    """The ``day`` rows as ``month`` (``YYYY-MM``) and ``weekday`` rows (0 for Sunday to 6
    for Saturday, as ``rules.weekday_key`` reads them)."""
    found = [row for row in rows if row[0] != "day"]
    for _, key, flag, n in (row for row in rows if row[0] == "day"):
        day = FIRST_DAY + timedelta(days=int(key))
        found += [
            ("month", f"{day:%Y-%m}", flag, n),
            ("weekday", str(day.isoweekday() % 7), flag, n),
        ]
    return found


def tally(rows: list[tuple], kind: str) -> dict[str, int]:
    """key -> n of the current period's rows of one kind (summed: a key may come twice)."""
    found: dict[str, int] = {}
    for row_kind, key, flag, n in rows:
        if row_kind == kind and int(flag) == 1:
            found[key] = found.get(key, 0) + int(n)
    return found


def distribution(rows: list[tuple], kind: str) -> dict[int, int]:
    """A tally whose keys are whole numbers (minutes, days, visits), for a median."""
    return {int(key): n for key, n in tally(rows, kind).items()}


def visitors_on(report: type[VisitReport]) -> ColumnElement[int]:
    """Visitors recorded on a report, by account or by name (rules.visitors_recorded)."""
    seats = (
        (report.visitor_1_id, report.visitor_1_name),
        (report.visitor_2_id, report.visitor_2_name),
    )
    recorded = [
        case((or_(account.is_not(None), name.is_not(None)), 1), else_=0) for account, name in seats
    ]
    return recorded[0] + recorded[1]


#: The sums of the period before that the comparison shows (``figures.previous_figures``).
COMPARED_SUMS = frozenset({"in_custody", "spoken", "delayed", "visit_minutes", "visitor_minutes"})
#: The sums of every attempted visit; the others are of completed visits only.
ATTEMPTED_SUMS = frozenset({"delayed", "visit_minutes", "visitor_minutes"})


class VisitTotals(NamedTuple):
    """``visit_totals``: the sums by period, and rows for ``visit_breakdowns``' tallies."""

    #: current (1 or 0) -> name -> sum
    sums: dict[int, dict[str, int]]
    #: (kind, key, current, n): visits by outcome of both periods; completed visits and the
    #: people in custody at them by suite, of the current one
    rows: list[tuple[str, str, int, int]]


@cache
def visit_sums(threshold: int) -> tuple[ColumnElement[Any], ...]:
    """The sums of ``visit_totals``, labelled, over the rows of one group (one outcome).
    Built once per threshold: some 50 expressions, built again at every view, took longer
    than adding the sums up."""
    report = VisitReport

    def total(name: str, value: ColumnElement[Any]):
        return func.coalesce(func.sum(value), 0).label(name)

    length = func.coalesce(report.minutes, 0)
    return (
        *(total(name, getattr(report, name)) for name in SUMMED),
        total("tact", case((report.tact_visited, 1), else_=0)),
        total("delayed", case((report.delay_minutes > threshold, 1), else_=0)),
        total("visit_minutes", length),
        total("visitor_minutes", length * visitors_on(report)),
        # The structured checks' sums over the same visits (checks.check_figures).
        *report_columns(None, prefix=CHECKS),
    )


def visit_totals(current: Period, previous: Period, threshold: int) -> VisitTotals:
    """current (1 or 0) -> detainee counts of completed visits, TACT visits, delayed visits
    (a wait over ``threshold`` minutes), the minutes of every attempted visit and of its
    visitors (rules.visit_minutes), and the checks' sums of completed visits (``CHECKS``...);
    of the period before, only ``COMPARED_SUMS`` (the others 0). With them, the visits by
    outcome of both periods and the current one's visits and people in custody by suite."""
    names = [column.name for column in visit_sums(threshold)]
    rows = db.session.execute(totals_statement(threshold), days_of(current, previous)).all()
    return added_up(names, rows)


@cache
def totals_statement(threshold: int) -> CompoundSelect:
    """``visit_totals``' statement, of the periods ``CURRENT`` and ``PREVIOUS``."""
    report = VisitReport
    columns = visit_sums(threshold)
    # Grouped by outcome, so a sum of completed visits is a plain sum, added up here: asking
    # each of 40 sums whether the visit was completed took two thirds of the statement.
    compared = [
        column if column.name in COMPARED_SUMS else constant(0).label(column.name)
        for column in columns
    ]
    visits = func.count().label("visits")
    # Grouped by the suite's key, then named: joined before, each of the period's 15,000
    # reports was carried through a hash join (3 of 17 ms at a national scale).
    by_suite = (
        select(report.outcome, report.suite_id, visits, *columns)
        .where(within(report.counted_on, CURRENT))
        .group_by(report.outcome, report.suite_id)
        .subquery()
    )
    sums = [by_suite.c[column.name] for column in columns]
    return union_all(
        select(constant(1).label("current"), by_suite.c.outcome, Suite.name)
        .add_columns(by_suite.c.visits, *sums)
        .join_from(by_suite, Suite, Suite.id == by_suite.c.suite_id),
        select(constant(0), report.outcome, null(), visits, *compared)
        .where(within(report.counted_on, PREVIOUS))
        .group_by(report.outcome),
    )


def added_up(names: list[str], groups: list) -> VisitTotals:
    """``visit_totals`` from its rows: (current, outcome, suite, visits, *sums named ``names``)."""
    sums = {flag: dict.fromkeys(names, 0) for flag in (1, 0)}
    people = names.index("in_custody")
    outcomes: dict[tuple[str, int], int] = {}
    rows: list[tuple[str, str, int, int]] = []
    for flag, outcome, suite, visits, *values in groups:
        flag, completed = int(flag), outcome == Outcome.COMPLETED
        outcomes[outcome, flag] = outcomes.get((outcome, flag), 0) + int(visits)
        for name, value in zip(names, values, strict=True):
            if completed or name in ATTEMPTED_SUMS:
                sums[flag][name] += int(value)
        if completed and flag == 1:
            rows += [("suite", suite, 1, int(visits)), ("people", suite, 1, int(values[people]))]
    rows += [("outcome", outcome, flag, n) for (outcome, flag), n in outcomes.items()]
    return VisitTotals(sums, rows)


def active_on(day: date | BindParameter[date]) -> ColumnElement[bool]:
    """Appointed by ``day`` and not left by it (rules.is_active_on)."""
    return and_(
        Volunteer.appointed_on <= day, or_(Volunteer.left_on.is_(None), Volunteer.left_on > day)
    )


def active_during(period: Period | Bounds) -> ColumnElement[bool]:
    """Active on some day of the period (rules.was_active_during)."""
    return and_(
        Volunteer.appointed_on <= period.end,
        or_(Volunteer.left_on.is_(None), Volunteer.left_on > period.start),
    )


def visits_per_volunteer(current: Bounds, period_reports):
    """A subquery: each volunteer active during the period with the visits they made in it
    (``visits``), from the period's reports (``visit_breakdowns``), to be grouped there."""
    seats = union_all(
        *(
            select(column.label("volunteer_id")).where(column.is_not(None))
            for column in (period_reports.c.visitor_1_id, period_reports.c.visitor_2_id)
        )
    ).subquery()
    # The seats counted per volunteer first, then joined: a few hundred rows, not every seat.
    made = (
        select(seats.c.volunteer_id, func.count().label("visits"))
        .group_by(seats.c.volunteer_id)
        .subquery()
    )
    return (
        select(Volunteer.id, func.coalesce(made.c.visits, 0).label("visits"))
        .outerjoin(made, made.c.volunteer_id == Volunteer.id)
        .where(active_during(current))
        .subquery()
    )


def records_begin() -> date | None:
    """The day of the first visit recorded: the earliest report (sent or imported) or visit on
    a published rota, in one statement. None while there is neither."""
    first_report = select(func.min(VisitReport.counted_on)).scalar_subquery()
    # The first along the day's index that is on a published rota: as min(), PostgreSQL
    # joined every planned visit to its rota first (4 ms at 25,000 planned visits, 0.2 now).
    first_planned = (
        select(PlannedVisit.visit_on)
        .where(PlannedVisit.period.has(RotaPeriod.status == PeriodStatus.PUBLISHED))
        .order_by(PlannedVisit.visit_on)
        .limit(1)
        .scalar_subquery()
    )
    found = db.session.execute(select(first_report, first_planned)).one()
    days = [day for day in found if day is not None]
    return min(days) if days else None
