"""The reports someone still has to write, for their home page and My visits: drafts not sent
yet, each named by its visit where it says which, and visits on the rota whose day has come
with neither a report nor a draft."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.rota.models import PlannedVisit, VisitStatus
from icv.rota.queries import published_visits_of
from icv.suites.models import Suite
from icv.visits.drafts import drafts_of, named_visit
from icv.visits.models import ReportDraft, VisitReport
from icv.volunteers.models import Volunteer


@dataclass(frozen=True)
class DraftVisit:
    """The visit a draft is of, as far as it says yet."""

    suite: str
    day: date


@dataclass(frozen=True)
class ToWrite:
    #: Unsent drafts, newest first, with their visit (None until the first section names it);
    #: not a blank one, which "Write a visit report" takes up again anyway.
    drafts: list[tuple[ReportDraft, DraftVisit | None]]
    #: The person's visits on the rota, today's or past, still waiting for a report or draft.
    visits: list[PlannedVisit]


def visit_of_draft(draft: ReportDraft, today: date) -> DraftVisit | None:
    """What the draft's answers name (a date the first section refuses names no day), else
    the visit on the rota it was started from."""
    named = named_visit(draft.data, today)
    suite = db.session.get(Suite, named[0]) if named else None
    if named and suite is not None:
        return DraftVisit(suite.name, named[1])
    if draft.planned_visit is not None:
        return DraftVisit(draft.planned_visit.suite.name, draft.planned_visit.visit_on)
    return None


def own_drafts(user: User) -> list[ReportDraft]:
    """The drafts the person writes as a visitor (not those the office files for visitors)."""
    return [draft for draft in drafts_of(user) if not draft.on_behalf]


def drafted(drafts: Iterable[ReportDraft], visits: Iterable[PlannedVisit], today: date) -> set[int]:
    """Ids of the visits that have a draft: started from them, or naming their suite and day."""
    drafts = list(drafts)
    linked = {draft.planned_visit_id for draft in drafts}
    named = {named_visit(draft.data, today) for draft in drafts}
    return {v.id for v in visits if v.id in linked or (v.suite_id, v.visit_on) in named}


def reports_of(visits: Iterable[PlannedVisit]) -> dict[int, int]:
    """The id of the report of each of these visits that has one, by the visit's id."""
    ids = [visit.id for visit in visits]
    rows = db.session.execute(
        select(VisitReport.planned_visit_id, VisitReport.id).where(
            VisitReport.planned_visit_id.in_(ids)
        )
    )
    return dict(rows.all())


def reports_to_write(user: User, today: date) -> ToWrite:
    drafts = own_drafts(user)
    volunteer = db.session.scalars(Volunteer.alone_of_user(user.id)).first()
    due = [
        visit
        for visit in (published_visits_of(volunteer) if volunteer else [])
        if visit.visit_on <= today and visit.status == VisitStatus.PLANNED
    ]
    started = drafted(drafts, due, today)
    return ToWrite(
        drafts=[(d, visit_of_draft(d, today)) for d in drafts if d.data or d.planned_visit_id],
        visits=[visit for visit in reversed(due) if visit.id not in started],
    )
