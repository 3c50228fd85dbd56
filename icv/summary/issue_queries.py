"""The SQL behind the summary's issue figures: one statement for both periods' issues by
category, the days taken to resolve them and the Panel's issues by suite (see queries.py for
the visits, and the "current" flag both share)."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Integer,
    String,
    and_,
    case,
    cast,
    false,
    func,
    or_,
    select,
    union_all,
)

from icv.extensions import db
from icv.suites.models import Suite
from icv.summary.queries import (
    CURRENT,
    PREVIOUS,
    Bounds,
    both,
    constant,
    current_flag,
    days_of,
    within,
)
from icv.summary.rules import Period
from icv.summary.sql import days_between
from icv.visits.issue_rules import IssueStatus
from icv.visits.models import VisitIssue, VisitReport


def resolved_by_end(current: Bounds) -> ColumnElement[int]:
    """1 for an issue closed by the period's end (or closed with no date), else 0."""
    issue = VisitIssue
    closed = and_(
        issue.status == IssueStatus.CLOSED,
        or_(issue.resolved_on.is_(None), issue.resolved_on <= current.end),
    )
    return case((closed, 1), else_=0)


def counted(kind: str, key: ColumnElement[Any]):
    """(kind, key as text, 1, false, 0, issues) per key, for the UNION of ``issue_tallies``."""
    return select(
        constant(kind), cast(key, String), constant(1), false(), constant(0), func.count()
    ).group_by(key)


def issues_by_suite(current: Bounds):
    """("suite", suite name, 1, false, 0, issues raised in the period there)."""
    # Each issue's suite is looked up by its report's key: joined, PostgreSQL hashed the
    # period's issues and scanned every report of the history (44 of 52 ms at 150k reports).
    suite_of = (
        select(VisitReport.suite_id).where(VisitReport.id == VisitIssue.report_id).scalar_subquery()
    )
    per_suite = (
        select(suite_of.label("suite_id"), func.count().label("n"))
        .where(within(VisitIssue.raised_on, current))
        .group_by(suite_of)
        .subquery()
    )
    # A sum of counts is a numeric on PostgreSQL: whole numbers, as the other rows' counts.
    issues = cast(func.sum(per_suite.c.n), Integer)
    return (
        select(constant("suite"), Suite.name, constant(1), false(), constant(0), issues)
        .join_from(per_suite, Suite, Suite.id == per_suite.c.suite_id)
        .group_by(Suite.name)
    )


def issue_tallies(current: Period, previous: Period) -> list[tuple]:
    """(kind, key, current, serious, resolved, issues) in one statement: ``group`` rows by
    category, serious and resolved by the period's end, for both periods; ``resolve`` rows,
    days to resolve (key) the issues raised in the period and resolved by its end; ``suite``
    rows, the period's issues by suite (key)."""
    rows = db.session.execute(tallies_statement(), days_of(current, previous))
    return [tuple(row) for row in rows]


@cache
def tallies_statement() -> CompoundSelect:
    """``issue_tallies``' statement, of the periods ``CURRENT`` and ``PREVIOUS`` (built once:
    see ``queries.CURRENT``)."""
    current, previous = CURRENT, PREVIOUS
    issue = VisitIssue
    flag = current_flag(issue.raised_on, current)
    resolved = resolved_by_end(current)
    groups = (
        select(constant("group"), issue.category, flag, issue.is_serious, resolved, func.count())
        .where(both(issue.raised_on, current, previous))
        .group_by(flag, issue.category, issue.is_serious, resolved)
    )
    resolving = counted("resolve", days_between(issue.raised_on, issue.resolved_on)).where(
        within(issue.raised_on, current),
        issue.status == IssueStatus.CLOSED,
        issue.resolved_on <= current.end,
    )
    return union_all(groups, resolving, issues_by_suite(current))


def issue_groups(rows: list[tuple]) -> list[tuple[int, str, bool, int, int]]:
    """(current, category, serious, resolved, issues): the ``group`` rows of ``issue_tallies``."""
    return [
        (flag, key, serious, resolved, n)
        for kind, key, flag, serious, resolved, n in rows
        if kind == "group"
    ]


def issue_counts(rows: list[tuple], kind: str) -> dict[str, int]:
    """key -> issues of the ``resolve`` or ``suite`` rows of ``issue_tallies``."""
    return {row[1]: int(row[5]) for row in rows if row[0] == kind}
