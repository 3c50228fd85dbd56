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
from icv.rota.models import PeriodStatus, PlannedVisit, RotaPeriod, VisitStatus
from icv.suites.models import Suite
from icv.summary.rules import Period
from icv.summary.sql import days_between, month_key, weekday_number
from icv.visits.issue_rules import IssueStatus
from icv.visits.models import VisitIssue, VisitReport
from icv.visits.rules import Outcome
from icv.visits.values import COUNT_COLUMNS, REASON_COLUMNS
from icv.volunteers.models import Volunteer

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


def visit_breakdowns(current: Period, previous: Period) -> list[tuple[str, str | None, int, int]]:
    """(dimension, key, current, visits): outcomes of both periods; completed visits of the
    current one by mode, suite, month, weekday and band; every active suite with 0 too."""
    report = VisitReport
    # The period's completed visits are read once (materialised), then grouped five ways.
    done = (
        select(report.mode, report.suite_id, report.counted_on, report.band)
        .where(report.outcome == Outcome.COMPLETED, within(report.counted_on, current))
        .cte("completed_visits")
        .prefix_with("MATERIALIZED")
    )

    def grouped(name: str, key: ColumnElement[Any]):
        return select(
            constant(name), cast(key, String), constant(1), func.count().label("n")
        ).group_by(key)

    flag = current_flag(report.counted_on, current)
    outcomes = (
        select(constant("outcome"), report.outcome, flag, func.count())
        .where(both(report.counted_on, current, previous))
        .group_by(report.outcome, flag)
    )
    active_suites = select(constant("suite"), Suite.name, constant(1), constant(0)).where(
        Suite.is_active
    )
    query = union_all(
        outcomes,
        grouped("mode", done.c.mode),
        grouped("suite", Suite.name).join_from(done, Suite, Suite.id == done.c.suite_id),
        active_suites,
        grouped("month", month_key(done.c.counted_on)),
        grouped("weekday", weekday_number(done.c.counted_on)),
        grouped("band", done.c.band),
    )
    return [tuple(row) for row in db.session.execute(query)]


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


def visit_totals(current: Period, previous: Period, threshold: int) -> dict[int, dict[str, int]]:
    """current (1 or 0) -> detainee counts of completed visits, TACT visits, delayed visits
    (a wait over ``threshold`` minutes), and the minutes of every attempted visit and of its
    visitors (rules.visit_minutes)."""
    report = VisitReport
    completed = report.outcome == Outcome.COMPLETED
    flag = current_flag(report.counted_on, current)
    length = func.coalesce(report.minutes, 0)

    def total(name: str, value: ColumnElement[Any]):
        return func.coalesce(func.sum(value), 0).label(name)

    columns = [total(name, case((completed, getattr(report, name)), else_=0)) for name in SUMMED]
    columns += [
        total("tact", case((and_(completed, report.tact_visited), 1), else_=0)),
        total("delayed", case((report.delay_minutes > threshold, 1), else_=0)),
        total("visit_minutes", length),
        total("visitor_minutes", length * visitors_on(report)),
    ]
    rows = db.session.execute(
        select(flag.label("current"), *columns)
        .where(both(report.counted_on, current, previous))
        .group_by(flag)
    ).mappings()
    return {row["current"]: dict(row) for row in rows}


def distributions(current: Period) -> dict[str, dict[int, int]]:
    """Waits to be let in (minutes -> visits) and days to resolve issues raised in the period
    and resolved by its end (days -> issues), for the medians."""
    report, issue = VisitReport, VisitIssue
    days = days_between(issue.raised_on, issue.resolved_on)
    waits = (
        select(constant("wait"), report.delay_minutes, func.count())
        .where(within(report.counted_on, current), report.delay_minutes.is_not(None))
        .group_by(report.delay_minutes)
    )
    resolving = (
        select(constant("resolve"), days, func.count())
        .where(
            within(issue.raised_on, current),
            issue.status == IssueStatus.CLOSED,
            issue.resolved_on <= current.end,
        )
        .group_by(days)
    )
    found: dict[str, dict[int, int]] = {"wait": {}, "resolve": {}}
    for kind, value, count in db.session.execute(union_all(waits, resolving)):
        found[kind][int(value)] = count
    return found


def issue_groups(current: Period, previous: Period) -> list[tuple[int, str, bool, int, int]]:
    """(current, category, serious, resolved by the period's end, issues) for both periods."""
    issue = VisitIssue
    flag = current_flag(issue.raised_on, current)
    resolved = case(
        (
            and_(
                issue.status == IssueStatus.CLOSED,
                or_(issue.resolved_on.is_(None), issue.resolved_on <= current.end),
            ),
            1,
        ),
        else_=0,
    )
    query = (
        select(flag, issue.category, issue.is_serious, resolved, func.count())
        .where(both(issue.raised_on, current, previous))
        .group_by(flag, issue.category, issue.is_serious, resolved)
    )
    return [tuple(row) for row in db.session.execute(query)]


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


def scheme_counts(current: Period, previous: Period, today: date) -> dict[str, int]:
    """Planned and missed visits (published rotas, not cancelled), volunteers active at the end
    of both periods, appointed and left, and issues resolved during the period, in one go."""

    def count(model, *where) -> Any:
        return select(func.count()).select_from(model).where(*where).scalar_subquery()

    planned = (
        PlannedVisit.period.has(RotaPeriod.status == PeriodStatus.PUBLISHED),
        PlannedVisit.status != VisitStatus.CANCELLED,
        within(PlannedVisit.visit_on, current),
    )
    query = select(
        count(PlannedVisit, *planned).label("planned"),
        count(PlannedVisit, *planned, PlannedVisit.status == VisitStatus.MISSED).label("missed"),
        count(Volunteer, active_on(current.as_at(today))).label("active_at_end"),
        count(Volunteer, active_on(previous.as_at(today))).label("previous_active_at_end"),
        count(Volunteer, within(Volunteer.appointed_on, current)).label("appointed"),
        count(Volunteer, within(Volunteer.left_on, current)).label("left"),
        count(
            VisitIssue,
            VisitIssue.status == IssueStatus.CLOSED,
            within(VisitIssue.resolved_on, current),
        ).label("resolved_during"),
    )
    return dict(db.session.execute(query).mappings().one())


def visits_per_volunteer(current: Period) -> dict[int, int]:
    """Visits made -> volunteers who made that many, among those active during the period."""
    report = VisitReport
    seats = union_all(
        *(
            select(column.label("volunteer_id")).where(
                within(report.counted_on, current), column.is_not(None)
            )
            for column in (report.visitor_1_id, report.visitor_2_id)
        )
    ).subquery()
    per_volunteer = (
        select(Volunteer.id, func.count(seats.c.volunteer_id).label("visits"))
        .outerjoin(seats, seats.c.volunteer_id == Volunteer.id)
        .where(active_during(current))
        .group_by(Volunteer.id)
        .subquery()
    )
    rows = db.session.execute(
        select(per_volunteer.c.visits, func.count()).group_by(per_volunteer.c.visits)
    )
    return dict(rows.all())


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
