"""Reading claims for the pages, the finance export and the annual summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from icv.expenses.models import ExpenseClaim
from icv.expenses.rules import CostOfScheme, Status, cost_of_scheme, month_bounds
from icv.extensions import db
from icv.suites.models import Suite
from icv.visits.models import VisitReport
from icv.volunteers.models import Volunteer

#: Claims whose visit the volunteer may not claim again: a rejected claim leaves it free.
STANDING = (Status.SUBMITTED, Status.QUERIED, Status.APPROVED)


def with_report_named(query: Select) -> Select:
    """Claims with the suite of a visit's report (a claim is named after it), loaded in one
    statement for the page after its claims are chosen, not joined to every claim before the
    sort (a report is a wide row). Nothing else the models load eagerly by default (a
    volunteer's panels, a suite's liaisons, an account's roles) is read for a list, so none
    of it is loaded."""
    return query.options(
        lazyload("*"),
        selectinload(ExpenseClaim.report).options(
            lazyload("*"), joinedload(VisitReport.suite).lazyload("*")
        ),
    )


def with_names(query: Select) -> Select:
    """Claims with their volunteers' names, in one statement for the page (or the file)."""
    return query.options(
        selectinload(ExpenseClaim.volunteer).options(
            lazyload("*"), joinedload(Volunteer.user).lazyload("*")
        )
    )


def own_claims(volunteer: Volunteer) -> list[ExpenseClaim]:
    """All the volunteer's claims, newest first (their subject access export)."""
    return list(db.session.scalars(own_claims_newest_first(volunteer)))


def own_claims_newest_first(volunteer: Volunteer) -> Select[tuple[ExpenseClaim]]:
    """The volunteer's claims, newest first, for a page of them."""
    return with_report_named(
        select(ExpenseClaim)
        .where(ExpenseClaim.volunteer_id == volunteer.id)
        .order_by(ExpenseClaim.spent_on.desc(), ExpenseClaim.id.desc())
    )


@dataclass(frozen=True)
class ClaimableVisit:
    """A filed report of the volunteer's that the claim form offers: what it names (suite and
    day) and what a claim takes from it, without the report's other columns."""

    id: int
    visit_date: date
    suite_name: str


def own_reports(volunteer: Volunteer, changing: ExpenseClaim | None = None) -> list[ClaimableVisit]:
    """The filed reports of visits the volunteer made and may still claim, newest first:
    all of them (the rules set no time limit on a claim) except those the volunteer has a
    standing claim for; the visit of the claim ``changing`` stays on offer. Either of the
    pair may claim the same visit."""
    claimed = select(ExpenseClaim.id).where(
        ExpenseClaim.report_id == VisitReport.id,
        ExpenseClaim.volunteer_id == volunteer.id,
        ExpenseClaim.status.in_(STANDING),
    )
    claimable = ~claimed.exists()
    if changing is not None and changing.report_id is not None:
        # Its own visit stays on offer, even if another standing claim names it too (two
        # claims for one visit were possible before a claimed visit left the form).
        claimable = or_(VisitReport.id == changing.report_id, claimable)
    rows = db.session.execute(
        select(VisitReport.id, VisitReport.visit_date, Suite.name)
        .join(Suite, Suite.id == VisitReport.suite_id)
        .where(
            or_(
                VisitReport.visitor_1_id == volunteer.id,
                VisitReport.visitor_2_id == volunteer.id,
            ),
            claimable,
        )
        .order_by(VisitReport.visit_date.desc(), VisitReport.id.desc())
    )
    return [ClaimableVisit(*row) for row in rows]


@dataclass(frozen=True)
class QueueFilter:
    status: str | None = None
    #: "2026-11": claims for expenses in that month.
    month: str | None = None


def queue_query(chosen: QueueFilter) -> Select:
    """Claims for the office: those waiting first, then the most recent."""
    query = with_names(with_report_named(select(ExpenseClaim)))
    if chosen.status:
        query = query.where(ExpenseClaim.status == chosen.status)
    if chosen.month:
        start, end = month_bounds(chosen.month)
        query = query.where(ExpenseClaim.spent_on >= start, ExpenseClaim.spent_on < end)
    waiting_first = (ExpenseClaim.status != Status.SUBMITTED).asc()
    return query.order_by(waiting_first, ExpenseClaim.spent_on.desc(), ExpenseClaim.id.desc())


def approved_in_month(month: str) -> list[ExpenseClaim]:
    """Approved claims for expenses in the month, for finance, by date then volunteer."""
    start, end = month_bounds(month)
    return list(
        db.session.scalars(
            with_names(with_report_named(select(ExpenseClaim)))
            .options(selectinload(ExpenseClaim.decided_by).lazyload("*"))
            .where(
                ExpenseClaim.status == Status.APPROVED,
                ExpenseClaim.spent_on >= start,
                ExpenseClaim.spent_on < end,
            )
            .order_by(ExpenseClaim.spent_on, ExpenseClaim.id)
        )
    )


def approved_between(start: date, end: date) -> Select:
    """(kind, claims, pence) of the approved claims for what was done from ``start`` to
    ``end`` inclusive, by kind: what ``cost_of_scheme`` takes (the annual summary adds it to
    its other counts as a subquery)."""
    c = ExpenseClaim
    total = c.miles * c.pence_per_mile + c.parking_pence + c.transport_pence + c.other_pence
    return (
        select(
            c.kind, func.count().label("claims"), func.coalesce(func.sum(total), 0).label("pence")
        )
        .where(c.status == Status.APPROVED, c.spent_on >= start, c.spent_on <= end)
        .group_by(c.kind)
    )


def cost_in_period(start: date, end: date, visits: int) -> CostOfScheme:
    """Approved expenses for what was done from ``start`` to ``end`` inclusive, summed by the
    database (one statement, however many claims)."""
    rows = db.session.execute(approved_between(start, end))
    return cost_of_scheme(((kind, n, int(pence)) for kind, n, pence in rows), visits)


def claimed_already(volunteer: Volunteer, report_id: int) -> bool:
    """Whether the volunteer has a standing claim for the visit of this report."""
    return (
        db.session.scalar(
            select(ExpenseClaim.id)
            .where(
                ExpenseClaim.report_id == report_id,
                ExpenseClaim.volunteer_id == volunteer.id,
                ExpenseClaim.status.in_(STANDING),
            )
            .limit(1)
        )
        is not None
    )
