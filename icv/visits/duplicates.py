"""Finding the report of a visit already sent: by the draft's key, at the same suite, day and
arrival, or naming the same visitors near that day (a partner's report, or one sent twice).
Sending, the report form and the import ask here before they store a report."""

from __future__ import annotations

from datetime import date, time, timedelta
from functools import cache
from typing import NamedTuple

from sqlalchemy import ColumnElement, Select, and_, bindparam, or_, select
from sqlalchemy.orm import lazyload, load_only

from icv.accounts.models import User
from icv.extensions import db
from icv.settings import time_bands
from icv.text import Problem
from icv.visits.models import VisitReport
from icv.visits.times import same_night


def sent_with_key(key: str, sender_id: int) -> int | None:
    """The id of the report this account sent with this draft key, if any (a second tap, a
    retry, the phone's queue sending again): one column, not the report with its suite."""
    return db.session.scalar(
        select(VisitReport.id).where(
            VisitReport.submission_key == key, VisitReport.submitted_by_id == sender_id
        )
    )


def report_at(suite_id: int, visit_date: date, arrived_at) -> VisitReport | None:
    return db.session.scalars(
        select(VisitReport).where(
            VisitReport.suite_id == suite_id,
            VisitReport.visit_date == visit_date,
            VisitReport.arrived_at == arrived_at,
        )
    ).first()


DAY = timedelta(days=1)


#: What ``naming`` and ``why_sent_already`` read of the reports near a new one, and what the
#: page refused for one reads to offer it to confirm (``VisitReport.partner_to_confirm``).
LOOKED_AT = (
    VisitReport.visit_date,
    VisitReport.arrived_at,
    VisitReport.visitor_1_id,
    VisitReport.visitor_2_id,
    VisitReport.submitted_by_id,
    VisitReport.cosigned_at,
    VisitReport.source,
    VisitReport.on_behalf,
)


@cache
def near_a_visit() -> ColumnElement[bool]:
    """Whether a report is near a visit (``reports_near``): of the suite, from the day before
    to the day after, naming one of the visitors or of that day and arrival. An arrival of
    None matches no row (``= NULL``)."""
    return and_(
        VisitReport.suite_id == bindparam("suite_id"),
        VisitReport.visit_date.between(bindparam("first"), bindparam("last")),
        or_(
            VisitReport.visitor_1_id.in_(bindparam("visitors", expanding=True)),
            VisitReport.visitor_2_id.in_(bindparam("visitors", expanding=True)),
            and_(
                VisitReport.visit_date == bindparam("day"),
                VisitReport.arrived_at == bindparam("arrived_at"),
            ),
        ),
    )


@cache
def reports_near_statement() -> Select:
    """``reports_near``'s statement, built once, at first use (every send runs it, and
    building a statement costs more CPU than SQLite takes to run it): the reports near, and
    the report of the visit on the rota asked about (``rota_visit_id``), near or not, each
    with whether it is near. A visit of None matches no row."""
    near = near_a_visit()
    return (
        select(VisitReport, near.label("near"))
        .where(or_(near, VisitReport.planned_visit_id == bindparam("rota_visit_id")))
        .order_by(VisitReport.id)
        # Not the report's suite (joined by default, and its liaisons and closures then
        # read, two statements more): the suite is the one asked for, and a refusal's
        # message does not name it. Only the columns the look, its message and the offer to
        # confirm read, and the visit on the rota it is of: a page that shows such a report
        # reads the rest when it needs them.
        .options(lazyload(VisitReport.suite), load_only(*LOOKED_AT, VisitReport.planned_visit_id))
    )


class Near(NamedTuple):
    """What ``reports_near`` found: the reports near, and whether the visit on the rota
    asked about has a report already."""

    reports: list[VisitReport]
    rota_visit_taken: bool


#: Said to the second visitor who files a visit their partner has already reported.
PARTNER_SENT = Problem(
    "Your visiting partner has already sent the report of this visit: confirm it or add your "
    "comments from Your reports"
)


def report_naming(
    suite_id: int, visit_date: date, arrived_at: time | None, visitor_ids: set[int]
) -> VisitReport | None:
    """A report of a visit to this suite naming one of these visitors on this day, whatever
    arrival time each of the pair remembers, or (once the arrival is known) the day before or
    after when the two are one late visit across midnight (``times.same_night``)."""
    if not visitor_ids:
        return None
    near = reports_near(suite_id, visit_date, visitor_ids)
    return naming(near.reports, visit_date, arrived_at)


def reports_near(
    suite_id: int,
    visit_date: date,
    visitor_ids: set[int],
    arrived_at: time | None = None,
    rota_visit_id: int | None = None,
) -> Near:
    """Reports of this suite from the day before to the day after naming one of these
    visitors, and (given ``arrived_at``) any report of that day and arrival: all a second
    report of a visit is checked against; and whether the visit on the rota ``rota_visit_id``
    has a report already (a send links a report to a visit no other has): in one
    statement."""
    found = db.session.execute(
        reports_near_statement(),
        {
            "suite_id": suite_id,
            "first": visit_date - DAY,
            "last": visit_date + DAY,
            "visitors": sorted(visitor_ids),
            "day": visit_date,
            "arrived_at": arrived_at,
            "rota_visit_id": rota_visit_id,
        },
    ).all()
    taken = rota_visit_id is not None and any(
        report.planned_visit_id == rota_visit_id for report, _ in found
    )
    return Near([report for report, near in found if near], taken)


def naming(
    reports: list[VisitReport],
    visit_date: date,
    arrived_at: time | None,
    visitor_ids: set[int] | None = None,
) -> VisitReport | None:
    """Of ``reports_near``, the first of the same visit (see ``report_naming``); only those
    naming ``visitor_ids`` when given."""
    bands = time_bands()
    this = (visit_date, arrived_at)

    def same_visit(report: VisitReport) -> bool:
        if visitor_ids is not None and not visitor_ids & report.visitor_ids():
            return False
        other = (report.visit_date, report.arrived_at)
        if other[0] == visit_date:
            return True
        return arrived_at is not None and same_night(*sorted([this, other]), bands)

    return next((report for report in reports if same_visit(report)), None)


def duplicate_problem(
    filer: User,
    on_behalf: bool,
    suite_id: int,
    visit_date: date,
    visitor_ids: set[int],
    arrived_at: time | None = None,
) -> str | None:
    """Why a new report of this visit cannot be sent (it has been already), or None. The
    report's first page knows the day only; sending it knows the arrival too."""
    existing = report_naming(suite_id, visit_date, arrived_at, visitor_ids)
    return None if existing is None else why_sent_already(filer, on_behalf, existing)


def why_sent_already(filer: User, on_behalf: bool, existing: VisitReport) -> Problem:
    """What the one filing a second report of a visit is told (in their language where it is
    shown: ``i18n.in_language``)."""
    if on_behalf:
        return Problem(
            "A report of this visit has already been sent: correct that report from Reports "
            "to review instead"
        )
    if existing.submitted_by_id == filer.id:
        return Problem("You have already sent the report of this visit: it is in Your reports")
    return PARTNER_SENT
