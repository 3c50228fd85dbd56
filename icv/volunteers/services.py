"""Writes to volunteer records: appointment, status, vetting, panels and term. Caller commits."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select

from icv.accounts import services as accounts
from icv.accounts.models import User
from icv.accounts.roles import Role
from icv.accounts.rules import independence_problem
from icv.applications.services import ApplicationError, set_stage
from icv.applications.stages import Stage
from icv.audit.services import changes, describe, jsonable, record
from icv.clock import now_utc, today_local
from icv.extensions import db
from icv.settings import get_settings
from icv.signals import flat_replies, vetting_lapsed, volunteer_appointed, volunteer_unavailable
from icv.suites.models import Suite
from icv.volunteers.models import Volunteer, VolunteerStatus
from icv.volunteers.rules import (
    VISITING,
    due_soon,
    renewal_problem,
    renewed_term,
    rostering_problem,
    status_change_problem,
    term_end,
)

if TYPE_CHECKING:
    from icv.applications.models import Application
    from icv.applications.services import Appointment
    from icv.rota.models import PlannedVisit


class VolunteerError(ApplicationError):
    """A change to a volunteer record was refused; the message says why."""


def rosterable(today: date) -> Select[tuple[Volunteer]]:
    """Volunteers who may be put on a rota on ``today``: visiting status and vetting in date.

    The same rule as ``rules.rostering_problem``, as a query for the rota.
    """
    return select(Volunteer).where(
        Volunteer.status.in_(sorted(VISITING)),
        Volunteer.vetting_expires_on.is_not(None),
        Volunteer.vetting_expires_on >= today,
    )


def suites_by_id(ids: list[int]) -> list[Suite]:
    if not ids:
        return []
    return list(db.session.scalars(select(Suite).where(Suite.id.in_(ids)).order_by(Suite.name)))


def account_for(actor: User, application: Application) -> User:
    """The applicant's account: an existing one gains the volunteer role, else one is invited.
    Either keeps the language they applied in unless the account has chosen one, so a Welsh
    applicant's invitation and mail after it are in Welsh."""
    user = accounts.find_by_email(application.email)
    if user is None:
        return accounts.invite(
            actor,
            email=application.email,
            name=application.name,
            phone=application.phone,
            roles={Role.VOLUNTEER},
            language=application.language,
        )
    user.language = user.language or application.language
    roles = set(user.held_roles) | {Role.VOLUNTEER}
    if independence_problem(roles):
        # A police officer cannot be a custody visitor (domain rule 2).
        raise VolunteerError(
            f"{user.email} is a custody liaison's account: a custody liaison cannot also be a "
            "volunteer"
        )
    user.set_roles(roles)
    if not user.is_active:
        accounts.reactivate(actor, user)
    if not user.has_password:
        accounts.send_invitation(actor, user)
    return user


def appoint(actor: User, application: Application, appointment: Appointment) -> Volunteer:
    """Create the volunteer on probation, carrying over vetting and training."""
    settings = get_settings()
    user = account_for(actor, application)
    volunteer = db.session.scalars(Volunteer.of_user(user.id)).first()
    if volunteer is not None and volunteer.status in VISITING:
        raise VolunteerError(f"{user.name} is already a volunteer")
    if volunteer is None:
        volunteer = Volunteer(user=user)
        db.session.add(volunteer)
    volunteer.application = application
    volunteer.status = VolunteerStatus.PROBATION
    volunteer.status_changed_at = now_utc()
    volunteer.appointed_on = appointment.appointed_on
    volunteer.term_ends_on = term_end(appointment.appointed_on, int(settings["term_years"]))
    volunteer.probation_visits_required = int(settings["probation_visits"])
    volunteer.probation_visits_before = volunteer.probation_visits_reported = 0
    volunteer.vetting_level = application.vetting_level
    volunteer.vetting_cleared_on = application.vetting_cleared_on
    volunteer.vetting_expires_on = application.vetting_expires_on
    volunteer.left_on = None
    volunteer.suites = suites_by_id(appointment.suite_ids)
    db.session.flush()
    volunteer_appointed.send(
        volunteer=volunteer, application=application, actor=actor, now=now_utc()
    )
    record(
        actor,
        "volunteer.appointed",
        volunteer,
        f"Appointed {user.name} on probation from {appointment.appointed_on:%-d %b %Y}",
        {
            "term_ends_on": volunteer.term_ends_on.isoformat(),
            "suites": [s.name for s in volunteer.suites],
        },
    )
    return volunteer


def complete_probation(actor: User, volunteer: Volunteer | None, reason: str) -> None:
    """End probation: the volunteer becomes active and their application appointed."""
    if volunteer is None:
        raise VolunteerError("This application has no volunteer record")
    if problem := status_change_problem(
        volunteer.status,
        VolunteerStatus.ACTIVE,
        reason,
        probation_done=volunteer.probation_visits_done,
        probation_required=volunteer.probation_visits_required,
    ):
        raise VolunteerError(problem)
    _set_status(actor, volunteer, VolunteerStatus.ACTIVE, reason)
    application = volunteer.application
    if application is not None and application.stage == Stage.PROBATION:
        set_stage(actor, application, Stage.APPOINTED, reason)


def change_status(actor: User, volunteer: Volunteer, status: str, reason: str) -> None:
    if volunteer.status == VolunteerStatus.PROBATION and status == VolunteerStatus.ACTIVE:
        complete_probation(actor, volunteer, reason)
        return
    if problem := status_change_problem(volunteer.status, status, reason):
        raise VolunteerError(problem)
    if status in (VolunteerStatus.RESIGNED, VolunteerStatus.TERM_ENDED):
        end_appointment(actor, volunteer, status, reason)
    else:
        _set_status(actor, volunteer, VolunteerStatus(status), reason)


def end_appointment(actor: User, volunteer: Volunteer, status: str, reason: str) -> None:
    """The volunteer leaves: the record stays; the sign-in goes if visiting was all it was for."""
    _set_status(actor, volunteer, VolunteerStatus(status), reason)
    volunteer.left_on = today_local()
    volunteer.calendar_token_hash = None
    user = volunteer.user
    if user.held_roles == {Role.VOLUNTEER} and user.is_active and user.id != actor.id:
        accounts.deactivate(actor, user)


def _set_status(actor: User, volunteer: Volunteer, status: VolunteerStatus, reason: str) -> None:
    before = volunteer.status_enum
    volunteer.status = status
    volunteer.status_changed_at = now_utc()
    record(
        actor,
        "volunteer.status",
        volunteer,
        f"{volunteer.user.name}: {before.label} → {status.label}. {reason.strip()}",
        {"status": [before.value, status.value], "reason": reason.strip()},
    )
    if status not in VISITING:
        # Suspended or gone: off every visit still planned, partners told (by the rota).
        volunteer_unavailable.send(
            volunteer=volunteer,
            actor=actor,
            now=now_utc(),
            start=today_local(),
            end=None,
            reason=status.label.lower(),
        )


def update_record(
    actor: User, volunteer: Volunteer, values: dict[str, Any], what: str
) -> dict[str, list[Any]]:
    """Change vetting, training, probation visits or notes; audited with what changed."""
    changed = changes(volunteer, values)
    if changed:
        record(
            actor,
            f"volunteer.{what}",
            volunteer,
            f"{volunteer.user.name}: {describe(changed)}"[:300],
            jsonable(changed),
        )
    return changed


def record_vetting(
    actor: User, volunteer: Volunteer, values: dict[str, Any], today: date
) -> tuple[dict[str, list[Any]], list[PlannedVisit]]:
    """Record a vetting renewal (audited). A renewal date already past means the vetting has
    lapsed: the volunteer comes off every visit still planned from today at once, as when
    suspended (partners told; each visit then needs a visitor), and the daily job is told the
    lapse has been acted on. Returns what changed and the visits they came off."""
    changed = update_record(actor, volunteer, values, "vetting")
    expires_on = volunteer.vetting_expires_on
    if expires_on is None or expires_on >= today:
        return changed, []
    # The rota takes them off their visits; the daily job's notice of the lapse is settled.
    replies = vetting_lapsed.send(
        volunteer=volunteer, actor=actor, now=now_utc(), expires_on=expires_on
    )
    return changed, flat_replies(replies)


def set_panels(actor: User, volunteer: Volunteer, suite_ids: list[int]) -> bool:
    before = [s.name for s in volunteer.suites]
    volunteer.suites = suites_by_id(suite_ids)
    after = [s.name for s in volunteer.suites]
    if before != after:
        record(
            actor,
            "volunteer.panels",
            volunteer,
            f"{volunteer.user.name}: panels {', '.join(after) or 'none'}",
            {"suites": [before, after]},
        )
    return before != after


def renew_term(actor: User, volunteer: Volunteer, review_note: str, today: date) -> None:
    """Re-appoint for a further term after a review, which must be recorded."""
    if problem := renewal_problem(volunteer.status, volunteer.term_ends_on, today):
        raise VolunteerError(problem)
    if not review_note.strip():
        raise VolunteerError("Record the outcome of the review")
    starts_on, ends_on = renewed_term(
        volunteer.term_ends_on, today, int(get_settings()["term_years"])
    )
    before = volunteer.term_ends_on
    volunteer.term_ends_on = ends_on
    if volunteer.status == VolunteerStatus.TERM_ENDED:
        volunteer.left_on = None
        _set_status(actor, volunteer, VolunteerStatus.ACTIVE, "Re-appointed")
        account_for_returning(actor, volunteer.user)
    record(
        actor,
        "volunteer.renewed",
        volunteer,
        f"{volunteer.user.name} re-appointed from {starts_on:%-d %b %Y} to {ends_on:%-d %b %Y}",
        {"term_ends_on": [before.isoformat(), ends_on.isoformat()], "review": review_note.strip()},
    )


def account_for_returning(actor: User, user: User) -> None:
    if not user.is_active:
        accounts.reactivate(actor, user)


def needing_attention(today: date) -> list[tuple[str, str]]:
    """(name, why) for current volunteers who cannot be rostered or whose vetting or term
    ends soon."""
    # The four columns the rules read, in one statement (not every volunteer with their panels).
    current = db.session.execute(
        select(User.name, Volunteer.status, Volunteer.vetting_expires_on, Volunteer.term_ends_on)
        .join(User, User.id == Volunteer.user_id)
        .where(Volunteer.status.in_(["probation", "active", "suspended"]))
    )
    found = []
    for name, status, vetting_expires_on, term_ends_on in current:
        if problem := rostering_problem(status, vetting_expires_on, today):
            found.append((name, problem))
        elif due_soon(vetting_expires_on, today):
            found.append((name, f"vetting due {vetting_expires_on:%-d %b %Y}"))
        elif due_soon(term_ends_on, today):
            found.append((name, f"term ends {term_ends_on:%-d %b %Y}"))
    return sorted(found)
