"""Everything held about one person, as plain data (JSON-ready): the subject access export.

Each record is given as its columns (``row``) less secrets that would let the reader act as
the person or reach the rota (password and token hashes, the calendar feed and status tokens,
the second factor's key). What is left out of reports, and why: ``rules.DETAINEE_REPORT_FIELDS``.
The keys are documented in docs/subject-access-json.md.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, inspect, or_, select

from icv.accounts.models import SecondFactor, UserSession
from icv.applications.models import ApplicationEvent, DiversityResponse
from icv.audit.models import AuditEvent
from icv.clock import now_utc
from icv.expenses import queries
from icv.extensions import db
from icv.notifications.models import OutboxMessage, ReminderOptOut
from icv.people.rules import DETAINEE_REPORT_FIELDS
from icv.people.services import Person, drafts_of
from icv.rota.models import PlannedVisit, PlannedVisitor, SwapRequest, VisitOffer
from icv.summary.models import ApiToken
from icv.visits.models import VisitReport

FORMAT = "icv-subject-access/1"

#: Columns never exported: they are secrets (or their hashes), not information about anyone.
SECRETS = frozenset(
    {
        "password_hash",
        "session_version",
        "token",
        "token_hash",
        "calendar_token",
        "status_token",
        "secret",
    }
)

WITHHELD = [
    "Notes about people in custody (detainee notes, and the notes of the rights, welfare and "
    "conditions checks) and the earlier versions of reports that repeat them: they are other "
    "people's personal data.",
    "Passwords, tokens and the second factor's key: only their hashes are held, and they are "
    "secrets rather than information about the person.",
]


def plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def row(obj: Any, leave_out: frozenset[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    """The object's columns, in table order, less secrets and ``leave_out``."""
    names = [c.key for c in inspect(type(obj)).column_attrs]
    return {n: plain(getattr(obj, n)) for n in names if n not in SECRETS and n not in leave_out}


def rows(objects, leave_out: frozenset[str] | tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return [row(obj, leave_out) for obj in objects]


def export_json(person: Person) -> str:
    """The export as the file given to the person: indented, UTF-8 kept as it is."""
    return json.dumps(export(person), indent=2, ensure_ascii=False) + "\n"


def export(person: Person) -> dict[str, Any]:
    """The whole export of ``person`` (found: see ``Person.found``)."""
    return {
        "format": FORMAT,
        "exported_at": plain(now_utc()),
        "email": person.email,
        "account": account_part(person),
        "volunteer": volunteer_part(person),
        "applications": [application_part(a) for a in person.applications],
        "application_drafts": rows(drafts_of(person)),
        "visits": visits_part(person),
        "reports": [report_part(r) for r in reports_of(person)],
        "mail": rows(mail_to(person)),
        "audit": audit_part(person),
        "withheld": WITHHELD,
    }


def account_part(person: Person) -> dict[str, Any] | None:
    user = person.user
    if user is None:
        return None
    where = {"user_id": user.id}
    factor = db.session.get(SecondFactor, user.id)
    return {
        **row(user),
        "roles": sorted(r.value for r in user.held_roles),
        "second_factor": row(factor, ("last_used_step",)) if factor else None,
        "sessions": rows(db.session.scalars(select(UserSession).filter_by(**where))),
        "api_tokens": rows(db.session.scalars(select(ApiToken).filter_by(**where))),
        "reminders_off": list(db.session.scalars(select(ReminderOptOut.kind).filter_by(**where))),
    }


def volunteer_part(person: Person) -> dict[str, Any] | None:
    volunteer = person.volunteer
    if volunteer is None:
        return None
    return {
        **row(volunteer),
        "status_label": volunteer.status_enum.label,
        "panel": [s.name for s in volunteer.suites],
        "cannot_reach": [s.name for s in volunteer.unreachable_suites],
        "kept_away_from": [s.name for s in volunteer.avoided_suites],
        "away": rows(volunteer.away_periods, ("volunteer_id",)),
        "expense_claims": rows(queries.own_claims(volunteer), ("volunteer_id",)),
    }


def application_part(application) -> dict[str, Any]:
    events = db.session.scalars(
        select(ApplicationEvent).filter_by(application_id=application.id).order_by("id")
    )
    equality = db.session.scalars(
        select(DiversityResponse).filter_by(application_id=application.id)
    ).one_or_none()
    return {
        **row(application),
        "referees": rows(application.referees, ("application_id",)),
        "timeline": rows(events, ("application_id",)),
        "equality_answers": row(equality, ("application_id",)) if equality else None,
    }


def visits_part(person: Person) -> dict[str, list[dict[str, Any]]]:
    """Their places on the rota (planned and made), requests to leave one, offers of one."""
    volunteer = person.volunteer
    if volunteer is None:
        return {"planned": [], "requests": [], "offers": []}
    mine = {"volunteer_id": volunteer.id}
    places = db.session.scalars(
        select(PlannedVisitor)
        .filter_by(**mine)
        .join(PlannedVisit, PlannedVisit.id == PlannedVisitor.visit_id)
        .order_by(PlannedVisit.visit_on)
    )
    return {
        "planned": [place_part(p) for p in places],
        "requests": rows(db.session.scalars(select(SwapRequest).filter_by(**mine))),
        "offers": rows(db.session.scalars(select(VisitOffer).filter_by(**mine))),
    }


def place_part(place: PlannedVisitor) -> dict[str, Any]:
    visit = place.visit
    return {
        **row(place, ("volunteer_id",)),
        "visit_on": plain(visit.visit_on),
        "suite": visit.suite.name,
        "band": visit.band,
        "status": visit.status,
        "cancel_reason": visit.cancel_reason,
    }


def reports_of(person: Person) -> list[VisitReport]:
    """Reports of visits they made, or filed, confirmed as partner."""
    who = []
    if person.volunteer is not None:
        vid = person.volunteer.id
        who += [VisitReport.visitor_1_id == vid, VisitReport.visitor_2_id == vid]
    if person.user is not None:
        uid = person.user.id
        who += [VisitReport.submitted_by_id == uid, VisitReport.cosigned_by_id == uid]
    if not who:
        return []
    query = select(VisitReport).where(or_(*who)).order_by(VisitReport.visit_date, VisitReport.id)
    return list(db.session.scalars(query))


def report_part(report: VisitReport) -> dict[str, Any]:
    """The report less what is about people in custody (``DETAINEE_REPORT_FIELDS``, detainee
    notes, versions); the issues raised at the visit, without the force's case file."""
    return {
        **row(report, DETAINEE_REPORT_FIELDS),
        "suite": report.suite.name,
        "issues": rows(report.issues, ("report_id",)),
    }


def mail_to(person: Person) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(func.lower(OutboxMessage.to_address).in_(person.addresses))
    return list(db.session.scalars(query.order_by(OutboxMessage.created_at, OutboxMessage.id)))


def audit_part(person: Person) -> dict[str, list[dict[str, Any]]]:
    """Entries about any of their records, and entries of what they did."""
    about = [
        (AuditEvent.object_type == kind) & (AuditEvent.object_id == str(ident))
        for kind, ident in subjects(person)
    ]
    by_them = []
    if person.user is not None:
        by_them = rows(audit(AuditEvent.actor_id == person.user.id))
    return {"about": rows(audit(or_(*about))) if about else [], "by": by_them}


def subjects(person: Person) -> list[tuple[str, int]]:
    found = [("application", a.id) for a in person.applications]
    if person.user is not None:
        found.append(("user", person.user.id))
    if person.volunteer is not None:
        found.append(("volunteer", person.volunteer.id))
    return found


def audit(where) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(where).order_by(AuditEvent.id)))
