"""Writes to applications: submission, recorded steps and stage moves. The caller commits."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from icv.accounts.models import User
from icv.applications.models import (
    Application,
    ApplicationEvent,
    DiversityResponse,
    Referee,
)
from icv.applications.pipeline import Progress, move_problem
from icv.applications.rules import Applicant, Assessment, EligibilityRules, Outcome, assess
from icv.applications.stages import APPLICANT_WORDS, Stage
from icv.audit.services import changes, describe, jsonable, record
from icv.clock import now_utc, start_of_day
from icv.extensions import db
from icv.hashing import new_token
from icv.notifications.models import OutboxMessage
from icv.notifications.services import external_url, queue_email
from icv.settings import get_settings
from icv.signals import applicant_appointed, appointment_ended, probation_completed

#: A second application from the same email address within this time points to the first.
REAPPLY_DAYS = 183
#: Unambiguous characters for references read out over the phone (no 0/O, 1/I/L).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class ApplicationError(Exception):
    """A change was refused; the message is shown to the person who asked."""


@dataclass
class RefereeAnswers:
    name: str
    relationship: str
    email: str | None = None
    phone: str | None = None


@dataclass
class Answers:
    """Everything an applicant told us, checked by the forms."""

    name: str
    email: str
    date_of_birth: date
    address: str
    postcode: str
    phone: str | None = None
    work_postcode: str | None = None
    uk_resident_since: date | None = None
    months_abroad: int | None = None
    languages: list[str] = field(default_factory=list)
    occupation: str = ""
    current_roles: list[str] = field(default_factory=list)
    past_roles: dict[str, date] = field(default_factory=dict)
    conflicts: str | None = None
    has_criminal_record: bool = False
    availability: list[str] = field(default_factory=list)
    referees: list[RefereeAnswers] = field(default_factory=list)
    consent_vetting: bool = False
    consent_data: bool = False

    def applicant(self) -> Applicant:
        return applicant_from(vars(self))


def applicant_from(answers: Mapping[str, Any]) -> Applicant:
    """What the eligibility rules read, from the answers given so far (``Answers`` fields by
    name); a question not answered yet is left out."""
    return Applicant(
        date_of_birth=answers.get("date_of_birth"),
        home_postcode=answers.get("postcode"),
        work_postcode=answers.get("work_postcode"),
        uk_resident_since=answers.get("uk_resident_since"),
        months_abroad=answers.get("months_abroad"),
        languages=tuple(answers.get("languages", ())),
        current_roles=frozenset(answers.get("current_roles", ())),
        past_roles=answers.get("past_roles", {}),
        conflicts=answers.get("conflicts"),
        has_criminal_record=answers.get("has_criminal_record", False),
    )


def eligibility_rules() -> EligibilityRules:
    return EligibilityRules.from_settings(get_settings())


def recent_application(email: str, on: date) -> Application | None:
    """The latest application from this address in the last six months, if any."""
    return db.session.scalars(
        select(Application)
        .where(
            func.lower(Application.email) == email.strip().lower(),
            Application.applied_on > on - timedelta(days=REAPPLY_DAYS),
            Application.minimised_at.is_(None),
        )
        .order_by(Application.applied_on.desc(), Application.id.desc())
    ).first()


def new_reference() -> str:
    while True:
        reference = "ICV-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if db.session.scalar(select(Application.id).where(Application.reference == reference)):
            continue
        return reference


def new_status_link(application: Application) -> str:
    """A new private link to the application's status page; any earlier link stops working
    (only its hash is kept, so a link cannot be sent twice)."""
    token, application.status_token_hash = new_token()
    return external_url("applications.status", token=token)


def submit(answers: Answers, on: date, language: str = "en") -> Application:
    """Assess and store an application from the public form, and mail the applicant (or, when
    the address applied in the last six months, mail it the link to that application), in the
    ``language`` they applied in."""
    earlier = recent_application(answers.email, on)
    assessment = assess(answers.applicant(), eligibility_rules(), on)
    application = application_from(answers, assessment, on)
    application.language = language
    link = new_status_link(application)
    db.session.add(application)
    db.session.flush()
    summary = "Application received" + (
        ": not eligible" if application.stage == Stage.INELIGIBLE else ""
    )
    if assessment.outcome is Outcome.REFER:
        summary += ": referred to the coordinator"
    add_event(application, None, summary)
    record(None, "application.received", application, f"{summary} ({application.reference})")
    if earlier is not None:
        # Accepted like any other (the page must not tell anyone who types an address that it
        # has applied); only that address hears about the first, and the office decides.
        add_event(
            application,
            None,
            f"The same email address applied on {earlier.applied_on:%-d %B %Y} "
            f"({earlier.reference}): the applicant was sent a new link to that application",
        )
        resend_status_link_once_a_day(earlier, on)
        return application
    queue_email(
        application.email,
        "application-received",
        language=application.language,
        application=application,
        reasons=assessment.reasons,
        link=link,
    )
    return application


def application_from(answers: Answers, assessment: Assessment, on: date) -> Application:
    """The application to store: what was assessed and how to reply, and only when eligible the
    address, referees and free text (an ineligible application needs none of them)."""
    ineligible = assessment.outcome is Outcome.FAIL
    application = Application(
        reference=new_reference(),
        applied_on=on,
        stage=Stage.INELIGIBLE if ineligible else Stage.RECEIVED,
        name=answers.name,
        email=answers.email.strip().lower(),
        phone=answers.phone,
        date_of_birth=answers.date_of_birth,
        postcode=answers.postcode,
        work_postcode=answers.work_postcode,
        uk_resident_since=answers.uk_resident_since,
        months_abroad=answers.months_abroad,
        languages=answers.languages,
        occupation=answers.occupation,
        current_roles=answers.current_roles,
        past_roles={role: left.isoformat() for role, left in answers.past_roles.items()},
        has_criminal_record=answers.has_criminal_record,
        consent_vetting=answers.consent_vetting,
        consent_data=answers.consent_data,
        eligibility=assessment.outcome.value,
        eligibility_findings=[f.as_dict() for f in assessment.findings],
    )
    if not ineligible:
        application.address = answers.address
        application.conflicts = answers.conflicts
        application.availability = answers.availability
        application.referees = [
            Referee(
                position=n,
                name=r.name,
                relationship_to_applicant=r.relationship,
                email=r.email,
                phone=r.phone,
            )
            for n, r in enumerate(answers.referees, start=1)
        ]
    return application


def resend_status_link_once_a_day(application: Application, on: date) -> None:
    """Mail the link of an earlier application to its address, at most once a UK day (each
    second application would otherwise be a way to fill someone's inbox)."""
    sent_today = db.session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.kind == "application-link",
            OutboxMessage.to_address == application.email,
            OutboxMessage.created_at >= start_of_day(on),
        )
    )
    if sent_today is None:
        resend_status_link(application)


def resend_status_link(application: Application) -> None:
    """Mail a new link: the first is not kept, so it cannot be sent again (it stops working)."""
    queue_email(
        application.email,
        "application-link",
        language=application.language,
        application=application,
        link=new_status_link(application),
    )


def add_event(
    application: Application, actor: User | None, summary: str, note: str | None = None
) -> ApplicationEvent:
    event = ApplicationEvent(
        application=application,
        actor=actor,
        stage=application.stage,
        summary=summary[:300],
        note=note or None,
    )
    db.session.add(event)
    return event


# -- the coordinator's pipeline ---------------------------------------------------------


def progress(application: Application) -> Progress:
    volunteer = application.volunteer
    return Progress(
        stage=application.stage_enum,
        eligibility=application.eligibility,
        interview_on=application.interview_on,
        interview_panel=application.interview_panel,
        interview_outcome=application.interview_outcome,
        references=tuple((r.received_on is not None, r.satisfactory) for r in application.referees),
        vetting_outcome=application.vetting_outcome,
        vetting_level=application.vetting_level,
        vetting_cleared_on=application.vetting_cleared_on,
        vetting_expires_on=application.vetting_expires_on,
        training_completed_on=application.training_completed_on,
        accompanied_visits=volunteer.probation_visits_done if volunteer else 0,
        probation_visits_required=(
            volunteer.probation_visits_required
            if volunteer
            else int(get_settings()["probation_visits"])
        ),
        minimised=application.minimised_at is not None,
    )


def record_step(
    actor: User, application: Application, step: str, values: dict[str, Any]
) -> dict[str, list[Any]]:
    """Record interview, vetting or training details; returns what changed."""
    if application.stage_enum.is_closed and application.stage != Stage.APPOINTED:
        raise ApplicationError("This application is closed")
    changed = changes(application, values)
    if changed:
        summary = f"{STEP_NAMES[step]} details recorded"
        add_event(application, actor, summary, describe(changed))
        record(actor, f"application.{step}", application, summary, jsonable(changed))
    return changed


STEP_NAMES = {
    "interview": "Interview",
    "references": "Reference",
    "vetting": "Vetting",
    "training": "Training",
}


def record_referee(
    actor: User, application: Application, position: int, values: dict[str, Any]
) -> dict[str, list[Any]]:
    referee = next((r for r in application.referees if r.position == position), None)
    if referee is None:
        referee = Referee(position=position, name="", relationship_to_applicant="")
        application.referees.append(referee)
    changed = changes(referee, values)
    if changed:
        summary = f"Reference {position} ({referee.name}) updated"
        add_event(application, actor, summary, describe(changed))
        record(actor, "application.references", application, summary, jsonable(changed))
    return changed


@dataclass
class Appointment:
    """What the coordinator decides when appointing an applicant on probation."""

    appointed_on: date
    suite_ids: list[int] = field(default_factory=list)


def move(
    actor: User,
    application: Application,
    target: Stage,
    note: str = "",
    appointment: Appointment | None = None,
) -> None:
    """Move an application to another stage, with what that stage brings with it (the
    volunteer record reacts to the signals: created, confirmed, or its appointment ended)."""
    if problem := move_problem(progress(application), target, note):
        raise ApplicationError(problem)
    before = application.stage_enum
    if target is Stage.PROBATION:
        if appointment is None:
            raise ApplicationError("Enter the appointment date")
        applicant_appointed.send(
            application=application, appointment=appointment, actor=actor, now=now_utc()
        )
    elif target is Stage.APPOINTED:
        reason = note or "Probation completed"
        probation_completed.send(application=application, reason=reason, actor=actor, now=now_utc())
        return  # confirming the volunteer moves the application
    elif target in (Stage.WITHDRAWN, Stage.REJECTED) and application.volunteer is not None:
        status = "resigned" if target is Stage.WITHDRAWN else "term_ended"
        appointment_ended.send(
            application=application, status=status, reason=note, actor=actor, now=now_utc()
        )
    set_stage(actor, application, target, note)
    if target in (Stage.WITHDRAWN, Stage.REJECTED):
        application.closed_reason = note.strip()
    record(
        actor,
        "application.moved",
        application,
        f"{application.reference} moved from {before.label} to {target.label}",
        {"stage": [before.value, target.value], "note": note},
    )


def set_stage(actor: User | None, application: Application, target: Stage, note: str = "") -> None:
    application.stage = target
    application.stage_changed_at = now_utc()
    add_event(application, actor, f"Moved to {target.label}", note)
    queue_email(
        application.email,
        "application-update",
        language=application.language,
        application=application,
        words=APPLICANT_WORDS[target],
    )


# -- equality monitoring ------------------------------------------------------------------

EQUALITY_FIELDS = ("age_band", "sex", "ethnic_group", "disability", "religion")


def save_equality_answers(application: Application, answers: dict[str, Any], on: date) -> None:
    """Keep the optional answers apart from the application; answering again replaces them."""
    response = db.session.scalars(
        select(DiversityResponse).where(DiversityResponse.application_id == application.id)
    ).first()
    if response is None:
        response = DiversityResponse(application_id=application.id)
        db.session.add(response)
    response.submitted_on = on
    for name in EQUALITY_FIELDS:
        setattr(response, name, answers.get(name) or None)
