"""The SQL behind a summary: each function is one statement, and the database does the counting.

A page asks for a period and the one before it; queries that serve both group by
``current`` (1 for the period asked for, 0 for the one before), so the comparison costs no
extra statements. The definitions are those of ``rules.py``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
    union_all,
)

from icv.extensions import db
from icv.rota.models import PeriodStatus, PlannedVisit, RotaPeriod
from icv.suites.models import Suite
from icv.summary.checks import report_columns
from icv.summary.rules import Period
from icv.summary.sql import month_key, weekday_number
from icv.visits.models import VisitReport
from icv.visits.rules import Outcome
from icv.visits.values import COUNT_COLUMNS, REASON_COLUMNS
from icv.volunteers.models import Volunteer

#: The prefix of the structured checks' sums in ``visit_totals`` (``checks.report_columns``).
CHECKS = "checks_"
#: The reports' count columns the summary adds up (completed visits only).
SUMMED = (*COUNT_COLUMNS, *REASON_COLUMNS.values())


def constant(value: str | int) -> ColumnElement[Any]:
    """A constant column, written into the SQL (not a parameter) so a UNION can type it."""
    return literal_column(f"'{value}'" if isinstance(value, str) else str(value))


def current_flag(column: ColumnElement[date], current: Period) -> ColumnElement[int]:
    return case((column >= current.start, 1), else_=0)


def within(column: ColumnElement[date], period: Period) -> ColumnElement[bool]:
    return column.between(period.start, period.end)


def both(column: ColumnElement[date], current: Period, previous: Period) -> ColumnElement[bool]:
    return column.between(previous.start, current.end)


def grouped(kind: str, key: ColumnElement[Any], value: ColumnElement[Any] | None = None):
    """(kind, key as text, 1, value: visits unless given) per key, for the tallies' UNION."""
    counted = func.count() if value is None else value
    return select(constant(kind), cast(key, String), constant(1), counted.label("n")).group_by(key)


def reports_of(current: Period):
    """The period's reports, read once (materialised, along its date's index) for every
    breakdown: before, the completed visits, the waits and each visitor seat took a scan."""
    report = VisitReport
    return (
        select(
            report.outcome,
            report.mode,
            report.suite_id,
            report.counted_on,
            report.band,
            report.in_custody,
            report.delay_minutes,
            report.visitor_1_id,
            report.visitor_2_id,
        )
        .where(within(report.counted_on, current))
        .cte("period_reports")
        .prefix_with("MATERIALIZED")
    )


def visit_breakdowns(current: Period, previous: Period) -> list[tuple[str, str | None, int, int]]:
    """(kind, key, current, n) in one statement: outcomes of both periods; the current one's
    completed visits by mode, suite, month, weekday and band (every active suite with 0 too)
    and the people in custody at them by suite; waits to be let in (minutes -> visits); and
    visits made -> volunteers who made that many (``visits_per_volunteer``)."""
    report = VisitReport
    period_reports = reports_of(current)
    done = (
        select(period_reports)
        .where(period_reports.c.outcome == Outcome.COMPLETED)
        .cte("completed_visits")
    )
    # The period's outcomes from the reports read once, the period before's along the index.
    outcomes_before = (
        select(constant("outcome"), report.outcome, constant(0), func.count())
        .where(within(report.counted_on, previous))
        .group_by(report.outcome)
    )
    active_suites = select(constant("suite"), Suite.name, constant(1), constant(0)).where(
        Suite.is_active
    )
    people = func.coalesce(func.sum(done.c.in_custody), 0)
    waits = grouped("wait", period_reports.c.delay_minutes).where(
        period_reports.c.delay_minutes.is_not(None)
    )
    per_volunteer = visits_per_volunteer(current, period_reports)
    query = union_all(
        grouped("outcome", period_reports.c.outcome),
        outcomes_before,
        grouped("mode", done.c.mode),
        grouped("suite", Suite.name).join_from(done, Suite, Suite.id == done.c.suite_id),
        active_suites,
        grouped("people", Suite.name, people).join_from(done, Suite, Suite.id == done.c.suite_id),
        grouped("month", month_key(done.c.counted_on)),
        grouped("weekday", weekday_number(done.c.counted_on)),
        grouped("band", done.c.band),
        waits,
        grouped("per_volunteer", per_volunteer.c.visits),
    )
    return [tuple(row) for row in db.session.execute(query)]


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


def visit_totals(current: Period, previous: Period, threshold: int) -> dict[int, dict[str, int]]:
    """current (1 or 0) -> detainee counts of completed visits, TACT visits, delayed visits
    (a wait over ``threshold`` minutes), the minutes of every attempted visit and of its
    visitors (rules.visit_minutes), and the checks' sums of completed visits (``CHECKS``...);
    of the period before, only ``COMPARED_SUMS`` (the others 0)."""
    report = VisitReport
    completed = report.outcome == Outcome.COMPLETED
    length = func.coalesce(report.minutes, 0)

    def total(name: str, value: ColumnElement[Any]):
        return func.coalesce(func.sum(value), 0).label(name)

    columns = [total(name, case((completed, getattr(report, name)), else_=0)) for name in SUMMED]
    columns += [
        total("tact", case((and_(completed, report.tact_visited), 1), else_=0)),
        total("delayed", case((report.delay_minutes > threshold, 1), else_=0)),
        total("visit_minutes", length),
        total("visitor_minutes", length * visitors_on(report)),
        # The structured checks' sums over the same completed visits (checks.check_figures).
        *report_columns(completed, prefix=CHECKS),
    ]
    # Two rows, each period's reports read along the date's index: the period before adds up
    # only what is compared (grouped by a flag, both did all 45 sums: 64 ms, not 43).
    compared = [
        column if column.name in COMPARED_SUMS else constant(0).label(column.name)
        for column in columns
    ]
    rows = db.session.execute(
        union_all(
            select(constant(1).label("current"), *columns).where(
                within(report.counted_on, current)
            ),
            select(constant(0), *compared).where(within(report.counted_on, previous)),
        )
    ).mappings()
    return {row["current"]: dict(row) for row in rows}


def active_on(day: date) -> ColumnElement[bool]:
    """Appointed by ``day`` and not left by it (rules.is_active_on)."""
    return and_(
        Volunteer.appointed_on <= day, or_(Volunteer.left_on.is_(None), Volunteer.left_on > day)
    )


def active_during(period: Period) -> ColumnElement[bool]:
    """Active on some day of the period (rules.was_active_during)."""
    return and_(
        Volunteer.appointed_on <= period.end,
        or_(Volunteer.left_on.is_(None), Volunteer.left_on > period.start),
    )


def visits_per_volunteer(current: Period, period_reports):
    """A subquery: each volunteer active during the period with the visits they made in it
    (``visits``), from the period's reports (``visit_breakdowns``), to be grouped there."""
    seats = union_all(
        *(
            select(column.label("volunteer_id")).where(column.is_not(None))
            for column in (period_reports.c.visitor_1_id, period_reports.c.visitor_2_id)
        )
    ).subquery()
    return (
        select(Volunteer.id, func.count(seats.c.volunteer_id).label("visits"))
        .outerjoin(seats, seats.c.volunteer_id == Volunteer.id)
        .where(active_during(current))
        .group_by(Volunteer.id)
        .subquery()
    )


def records_begin() -> date | None:
    """The day of the first visit recorded: the earliest report (sent or imported) or visit on
    a published rota, in one statement. None while there is neither."""
    first_report = select(func.min(VisitReport.counted_on)).scalar_subquery()
    first_planned = (
        select(func.min(PlannedVisit.visit_on))
        .where(PlannedVisit.period.has(RotaPeriod.status == PeriodStatus.PUBLISHED))
        .scalar_subquery()
    )
    found = db.session.execute(select(first_report, first_planned)).one()
    days = [day for day in found if day is not None]
    return min(days) if days else None
