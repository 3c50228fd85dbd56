"""A report and the visit on the rota it is of. Filing the report links it to that visit (the
rota completes the visit on ``report_filed``); a correction of the report's suite, day,
arrival or visitors moves the link to the visit that fits now, and hands back the one that no
longer does (``report_corrected``: the rota completes or reopens them). The caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select

from icv.accounts.models import User
from icv.clock import now_utc
from icv.extensions import db
from icv.rota.models import PlannedVisit
from icv.rota.report_visit import Seen, attached, fits, the_one, visit_of_report
from icv.signals import report_corrected, report_filed
from icv.visits.models import VisitReport
from icv.visits.values import ReportValues


def say_filed(actor: User | None, report: VisitReport, audited_later: bool = False) -> None:
    """Tell the other areas a report stored now was filed (``report_filed``); with
    ``audited_later`` when its after-send job writes the send's audit rows."""
    report_filed.send(report=report, actor=actor, now=now_utc(), audited_later=audited_later)


@dataclass(frozen=True)
class RotaLook:
    """The visits on the rota a report of ``suite_id`` on ``day``, started from
    ``started_from_id``, may be of (``rota.report_visit.may_be_of_a_report``), read
    beforehand with something else (``choices.Choices.rota_look``)."""

    suite_id: int
    day: date
    started_from_id: int | None
    visits: tuple[Seen, ...]

    def is_for(self, values: ReportValues, started_from_id: int | None) -> bool:
        """Whether this look was for that report (its suite, day and the visit started from)."""
        looked_for = (self.suite_id, self.day, self.started_from_id)
        return looked_for == (values.suite_id, values.visit_date, started_from_id)


def rota_visit_of(
    values: ReportValues, started_from_id: int | None, looked: RotaLook | None = None
) -> PlannedVisit | None:
    """The visit on the rota a report is of: the one it was started from (by its id: read
    with the others, not by itself first), or one at that suite and day that one of its
    visitors was on (another report may have it already). Chosen among the visits a look
    made beforehand for that report found (``looked``), and read no more (``attached``)."""
    visitors = {i for i in (values.visitor_1_id, values.visitor_2_id) if i}
    asked = (values.suite_id, values.visit_date, values.arrived_at, visitors, started_from_id)
    if looked is None or not looked.is_for(values, started_from_id):
        return visit_of_report(*asked)
    found = the_one(looked.visits, *asked)
    return None if found is None else attached(found)


def link_report(report: VisitReport, values: ReportValues) -> None:
    """Link a report to the visit on the rota it is of (``rota_visit_of``), unless another
    report has it: a corrected report (``relink_to_rota``)."""
    if (free := untaken(rota_visit_of(values, None))) is not None:
        report.planned_visit = free


def untaken(planned: PlannedVisit | None) -> PlannedVisit | None:
    """The visit on the rota a new report is of, unless another report has it already."""
    taken = planned is not None and db.session.scalar(
        select(VisitReport.id).where(VisitReport.planned_visit_id == planned.id)
    )
    return None if taken else planned


def relink_to_rota(actor: User | None, report: VisitReport, values: ReportValues) -> None:
    """After a correction: keep the planned visit if it still fits the report, else hand it
    back (to another report of it, if any) and link the one that fits now, if any."""
    old = report.planned_visit
    if old is not None and fits(old, values.suite_id, values.visit_date, values.arrived_at):
        return
    taken_by = None
    if old is not None:
        report.planned_visit = None
        db.session.flush()  # a visit has one report: free it before another report takes it
        taken_by = another_report_of(old, report)
        if taken_by is not None:
            taken_by.planned_visit = old
    link_report(report, values)
    db.session.flush()
    report_corrected.send(
        report=report, released=old, taken_by=taken_by, actor=actor, now=now_utc()
    )


def another_report_of(visit: PlannedVisit, besides: VisitReport) -> VisitReport | None:
    """A report, not linked to the rota, that fits the visit and names one of its visitors."""
    visitors = sorted(visit.visitor_ids)
    reports = db.session.scalars(
        select(VisitReport)
        .where(
            VisitReport.suite_id == visit.suite_id,
            VisitReport.visit_date.between(visit.visit_on, visit.last_day + timedelta(days=1)),
            VisitReport.planned_visit_id.is_(None),
            VisitReport.id != besides.id,
            or_(VisitReport.visitor_1_id.in_(visitors), VisitReport.visitor_2_id.in_(visitors)),
        )
        .order_by(VisitReport.visit_date, VisitReport.id)
    )
    return next((r for r in reports if fits(visit, r.suite_id, r.visit_date, r.arrived_at)), None)
