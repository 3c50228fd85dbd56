"""Probation visits are counted from filed reports: whenever a report is filed or corrected,
each volunteer it names (or named before a correction: ``services.correct_report``) has their
completed visits since appointment counted again, and kept on
their record (``Volunteer.probation_visits_reported``; the office's opening balance of visits
before icv is ``probation_visits_before``). Counting again, rather than adding one, keeps the
count right after a correction to the visitors or the outcome. The caller commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select

from icv.extensions import db
from icv.signals import report_filed
from icv.visits.models import VisitReport
from icv.visits.rules import Outcome
from icv.volunteers.models import Volunteer


def reported_visits(volunteer: Volunteer) -> int:
    """Completed visits with a report naming the volunteer, from their appointment on."""
    return db.session.scalar(
        select(func.count())
        .select_from(VisitReport)
        .where(
            or_(VisitReport.visitor_1_id == volunteer.id, VisitReport.visitor_2_id == volunteer.id),
            VisitReport.outcome == Outcome.COMPLETED,
            VisitReport.counted_on >= volunteer.appointed_on,
        )
    )


def recount(volunteer_ids: set[int | None]) -> None:
    """Count again the reported visits of each of these volunteers (None ids are skipped)."""
    db.session.flush()  # the report as filed or corrected counts
    for volunteer_id in sorted(i for i in volunteer_ids if i):
        volunteer = db.session.get(Volunteer, volunteer_id)
        if volunteer is not None:
            volunteer.probation_visits_reported = reported_visits(volunteer)


@report_filed.connect
def count_filed(_sender: Any, *, report: VisitReport, **_: Any) -> None:
    recount({report.visitor_1_id, report.visitor_2_id})
