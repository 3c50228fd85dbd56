"""The scheme's counts beside the visits and issues, for a summary, in one statement: planned
and missed visits, volunteers (active, appointed, left, vetted), issues resolved during the
period, recruitment, approved expenses, custody throughput and the equality answers.

Each is a small count over a small table, so they are sent together as one ``UNION ALL`` of
rows (kind, key, n, amount): a count alone has the key '' (``Tallies.count``), a count by
something has it as the key (``Tallies.by``). Before, they were 13 statements of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, String, cast, func, select, union_all

from icv.applications.models import Application, DiversityResponse
from icv.applications.totals import equality_counts, equality_from
from icv.expenses.queries import approved_between
from icv.extensions import db
from icv.rota.models import PeriodStatus, PlannedVisit, RotaPeriod, VisitStatus
from icv.summary.queries import (
    AS_AT,
    CURRENT,
    PREVIOUS_AS_AT,
    Bounds,
    active_on,
    constant,
    days_of,
    within,
)
from icv.summary.rules import Period
from icv.summary.sql import days_between
from icv.summary.throughput import booked_in_query
from icv.visits.issue_rules import IssueStatus
from icv.visits.models import VisitIssue
from icv.volunteers.models import Volunteer

#: The two groups of equality answers: those who applied in the period, those serving at its end.
EQUALITY_GROUPS = ("applicants:", "volunteers:")


@dataclass(frozen=True)
class Tallies:
    """kind -> key -> (n, amount), as the statement returned them."""

    rows: dict[str, dict[str, tuple[int, int]]]

    def count(self, kind: str) -> int:
        return self.rows.get(kind, {}).get("", (0, 0))[0]

    def counts(self) -> dict[str, int]:
        """Each count alone (``scheme_counts``) by its kind."""
        return {kind: found[""][0] for kind, found in self.rows.items() if "" in found}

    def by(self, kind: str, amount: bool = False) -> dict[str, int]:
        """key -> n (or -> amount) of one kind."""
        return {key: pair[1 if amount else 0] for key, pair in self.rows.get(kind, {}).items()}

    def equality(self, group: str) -> tuple[int, dict[str, dict[str, int]]]:
        """(responses, question -> answer -> count) of one of ``EQUALITY_GROUPS``."""
        rows = [
            (kind, key or None, n)
            for kind, found in self.rows.items()
            if kind.startswith(group)
            for key, (n, _) in found.items()
        ]
        return equality_from(rows, group)


def counted(kind: str, model: Any, *where: ColumnElement[bool]):
    """(kind, '', rows, 0): how many rows of ``model`` match ``where``."""
    return (
        select(constant(kind), constant(""), func.count(), constant(0))
        .select_from(model)
        .where(*where)
    )


def scheme_counts(current: Bounds) -> list:
    """Planned and missed visits (published rotas, not cancelled), volunteers active at the end
    of both periods (``AS_AT``, ``PREVIOUS_AS_AT``) and vetted at the current one's, appointed
    and left, issues resolved during the period, applications received."""
    as_at = AS_AT
    planned = (
        PlannedVisit.period.has(RotaPeriod.status == PeriodStatus.PUBLISHED),
        PlannedVisit.status != VisitStatus.CANCELLED,
        within(PlannedVisit.visit_on, current),
    )
    return [
        counted("planned", PlannedVisit, *planned),
        counted("missed", PlannedVisit, *planned, PlannedVisit.status == VisitStatus.MISSED),
        counted("active_at_end", Volunteer, active_on(as_at)),
        counted("previous_active_at_end", Volunteer, active_on(PREVIOUS_AS_AT)),
        counted("vetted", Volunteer, active_on(as_at), Volunteer.vetting_expires_on >= as_at),
        counted("appointed", Volunteer, within(Volunteer.appointed_on, current)),
        counted("left", Volunteer, within(Volunteer.left_on, current)),
        counted(
            "resolved_during",
            VisitIssue,
            VisitIssue.status == IssueStatus.CLOSED,
            within(VisitIssue.resolved_on, current),
        ),
        counted("applications", Application, within(Application.applied_on, current)),
    ]


def grouped_counts(current: Bounds) -> list:
    """Days from application to appointment (those appointed in the period from an
    application), approved claims and their pence by kind, people booked in by suite, and
    the equality answers of both groups."""
    days = days_between(Application.applied_on, Volunteer.appointed_on)
    appointing = (
        select(constant("days_to_appoint"), cast(days, String), func.count(), constant(0))
        .select_from(Volunteer)
        .join(Application, Application.id == Volunteer.application_id)
        .where(within(Volunteer.appointed_on, current))
        .group_by(days)
    )
    cost = approved_between(current.start, current.end).subquery()
    booked = booked_in_query(current).subquery()
    applied = select(DiversityResponse.id).where(
        DiversityResponse.submitted_on.between(current.start, current.end)
    )
    serving = (
        select(DiversityResponse.id)
        .join(Volunteer, Volunteer.application_id == DiversityResponse.application_id)
        .where(active_on(AS_AT))
    )
    return [
        appointing,
        select(constant("cost"), cast(cost.c.kind, String), cost.c.claims, cost.c.pence),
        select(constant("booked_in"), booked.c.name, booked.c.booked_in, constant(0)),
        *(
            member.add_columns(constant(0))
            for group, scope in zip(EQUALITY_GROUPS, (applied, serving), strict=True)
            for member in equality_counts(scope, group)
        ),
    ]


def scheme_tallies(current: Period, previous: Period, today: date) -> Tallies:
    rows: dict[str, dict[str, tuple[int, int]]] = {}
    for kind, key, n, amount in db.session.execute(
        tallies_statement(), days_of(current, previous, today)
    ):
        rows.setdefault(kind, {})[key] = (int(n), int(amount))
    return Tallies(rows)


@cache
def tallies_statement() -> CompoundSelect:
    """``scheme_tallies``' statement, of the period ``CURRENT`` (built once: see
    ``queries.CURRENT``)."""
    return union_all(*scheme_counts(CURRENT), *grouped_counts(CURRENT))
