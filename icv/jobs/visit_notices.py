"""What the jobs about planned visits share: how a notice about one visitor of a visit is keyed,
and the checks made again when the notice is taken.

A notice is about the visit (``planned_visits``, its id) and keyed by the volunteer and the
visit's day, ``12/2027-03-28`` (with a threshold where there are several, ``12/2027-03-28/3``).
So a visit moved to another day starts afresh, and a volunteer taken off a visit, or a visit
cancelled or completed, makes a planned notice lapse rather than send.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from icv.extensions import db
from icv.jobs.models import ScheduledNotice
from icv.rota.models import PlannedVisit, PlannedVisitor, VisitStatus
from icv.volunteers.models import Volunteer
from icv.volunteers.rules import rostering_problem


def visitor_key(volunteer_id: int, visit_on: date, *more: int) -> str:
    return "/".join([str(volunteer_id), visit_on.isoformat(), *(str(part) for part in more)])


@dataclass(frozen=True)
class Place:
    """A volunteer's place on a planned visit, as a notice found it when taken."""

    visit: PlannedVisit
    visitor: PlannedVisitor

    @property
    def volunteer(self) -> Volunteer:
        return self.visitor.volunteer


def still_planned(notice: ScheduledNotice) -> PlannedVisit | None:
    """The visit a notice is about, if it is still planned in a published rota on the day the
    notice was keyed for."""
    visit = db.session.get(PlannedVisit, notice.subject_id)
    day = notice.key.split("/")[1] if "/" in notice.key else notice.key
    if (
        visit is None
        or visit.status != VisitStatus.PLANNED
        or not visit.period.is_published
        or visit.visit_on.isoformat() != day
    ):
        return None
    return visit


def current_place(notice: ScheduledNotice) -> Place | None:
    """The visit and the volunteer's place on it, if both still stand."""
    visit = still_planned(notice)
    if visit is None:
        return None
    volunteer_id = int(notice.key.split("/")[0])
    visitor = next((v for v in visit.visitors if v.volunteer_id == volunteer_id), None)
    return Place(visit, visitor) if visitor is not None else None


def can_go(volunteer: Volunteer, visit: PlannedVisit) -> bool:
    """False for a volunteer who may not visit on the day (suspended, left, or vetting lapsed
    by then): they are not reminded; the coordinator finds someone else (the vetting job lists
    such visits when vetting lapses)."""
    status, vetting = volunteer.status, volunteer.vetting_expires_on
    return rostering_problem(status, vetting, visit.visit_on) is None
