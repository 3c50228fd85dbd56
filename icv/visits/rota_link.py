"""A report and the visit on the rota it is of. Filing the report completes that visit; a
correction of the report's suite, day, arrival or visitors moves the link to the visit that
fits now, and hands back the one that no longer does. The caller commits.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select

from icv.accounts.models import User
from icv.extensions import db
from icv.rota.models import PlannedVisit
from icv.rota.queries import fits, visit_of_report
from icv.rota.services import complete, reopen
from icv.visits.models import VisitReport
from icv.visits.values import ReportValues


def link_to_rota(
    actor: User | None,
    report: VisitReport,
    values: ReportValues,
    started_from: PlannedVisit | None,
    what: str = "its report was filed",
) -> None:
    """Complete the visit on the rota the report is of (the one it was started from, or one
    at that suite and day that one of its visitors was on), unless another report has it."""
    visitors = {i for i in (values.visitor_1_id, values.visitor_2_id) if i}
    planned = visit_of_report(
        values.suite_id, values.visit_date, values.arrived_at, visitors, started_from
    )
    taken = planned is not None and db.session.scalar(
        select(VisitReport.id).where(VisitReport.planned_visit_id == planned.id)
    )
    if planned is not None and not taken:
        report.planned_visit = planned
        complete(actor, planned, what)


def relink_to_rota(actor: User | None, report: VisitReport, values: ReportValues) -> None:
    """After a correction: keep the planned visit if it still fits the report, else hand it
    back and link the one that fits now, if any."""
    old = report.planned_visit
    if old is not None and fits(old, values.suite_id, values.visit_date, values.arrived_at):
        return
    if old is not None:
        report.planned_visit = None
        db.session.flush()  # a visit has one report: free it before another report takes it
        hand_back(actor, old, report)
    link_to_rota(actor, report, values, None, "its report was corrected to this visit")


def hand_back(actor: User | None, visit: PlannedVisit, corrected: VisitReport) -> None:
    """The corrected report is not of ``visit`` after all: another report of it completes it,
    or it is planned again."""
    other = another_report_of(visit, corrected)
    if other is not None:
        other.planned_visit = visit
        complete(actor, visit, "another report of it, after its first report was corrected")
    else:
        reopen(actor, visit, "its report was corrected to another visit")


def another_report_of(visit: PlannedVisit, besides: VisitReport) -> VisitReport | None:
    """A report, not linked to the rota, that fits the visit and names one of its visitors."""
    visitors = sorted(pv.volunteer_id for pv in visit.visitors)
    reports = db.session.scalars(
        select(VisitReport)
        .where(
            VisitReport.suite_id == visit.suite_id,
            VisitReport.visit_date.in_([visit.visit_on, visit.visit_on + timedelta(days=1)]),
            VisitReport.planned_visit_id.is_(None),
            VisitReport.id != besides.id,
            or_(VisitReport.visitor_1_id.in_(visitors), VisitReport.visitor_2_id.in_(visitors)),
        )
        .order_by(VisitReport.visit_date, VisitReport.id)
    )
    return next((r for r in reports if fits(visit, r.suite_id, r.visit_date, r.arrived_at)), None)
