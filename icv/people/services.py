"""Finding a person by email address, and erasing them on request. The caller commits.

A person is whoever the address names: a sign-in account (with its volunteer record, if
appointed) and every application made with it, or only applications (an applicant).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Text, cast, delete, func, or_, select

from icv.accounts import sessions
from icv.accounts.models import RecoveryCode, SecondFactor, User
from icv.accounts.services import normalise_email, revoke_api_tokens
from icv.applications.models import Application, ApplicationDraft
from icv.applications.retention import minimise
from icv.audit.services import record
from icv.clock import now_utc
from icv.expenses.models import ExpenseClaim
from icv.extensions import db
from icv.notifications.models import OutboxMessage
from icv.people import rules
from icv.people.scrub import scrub_everywhere
from icv.rota.models import PlannedVisit, PlannedVisitor, SwapRequest, VisitStatus
from icv.visits.models import ReportDraft, VisitReport
from icv.volunteers.models import AvoidPair, Volunteer


class ErasureRefused(Exception):
    """The person cannot be erased yet; the message says why and what to do first."""


@dataclass
class Person:
    email: str
    user: User | None = None
    volunteer: Volunteer | None = None
    applications: list[Application] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.user is not None or bool(self.applications)

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.name
        return self.applications[0].name if self.applications else self.email

    @property
    def addresses(self) -> set[str]:
        """Every address mail to this person went to (an application's may differ in case)."""
        found = {self.email}
        found.update(a.email.lower() for a in self.applications if a.email)
        return found


def find_person(email: str) -> Person:
    """Everything keyed to ``email``: the account, its volunteer record, and applications made
    with the address or leading to the volunteer record."""
    email = normalise_email(email)
    person = Person(email=email)
    person.user = db.session.scalars(User.by_email(email)).one_or_none()
    if person.user is not None:
        person.volunteer = db.session.scalars(Volunteer.of_user(person.user.id)).one_or_none()
    linked = person.volunteer.application_id if person.volunteer else None
    person.applications = list(
        db.session.scalars(
            select(Application)
            .where(or_(func.lower(Application.email) == email, Application.id == linked))
            .order_by(Application.submitted_at, Application.id)
        )
    )
    return person


def drafts_of(person: Person) -> list[ApplicationDraft]:
    """Public form drafts not sent yet whose answers give one of the person's addresses."""
    addresses = person.addresses
    like = [func.lower(cast(ApplicationDraft.data, Text)).contains(a) for a in addresses]
    candidates = db.session.scalars(select(ApplicationDraft).where(or_(*like)))
    return [d for d in candidates if addresses & answered(d.data)]


def answered(data: dict) -> set[str]:
    """Every answer of a draft (section -> field -> values), lower-case."""
    return {
        value.strip().lower()
        for section in data.values()
        if isinstance(section, dict)
        for values in section.values()
        if isinstance(values, list)
        for value in values
        if isinstance(value, str)
    }


def record_export(actor: User | None, person: Person, form: str) -> None:
    """Audit a subject access export: who asked, whose data, in which form (page, json, cli)."""
    record(
        actor,
        "person.exported",
        "person",
        f"Exported everything held about {person.email} ({form})",
        {"email": person.email, "form": form, **subject_ids(person)},
    )


def subject_ids(person: Person) -> dict[str, object]:
    return {
        "user_id": person.user.id if person.user else None,
        "volunteer_id": person.volunteer.id if person.volunteer else None,
        "application_ids": [a.id for a in person.applications],
    }


def planned_visits(volunteer: Volunteer, today: date) -> int:
    """Visits from ``today`` on still planned with the volunteer on them."""
    return db.session.scalar(
        select(func.count())
        .select_from(PlannedVisitor)
        .join(PlannedVisit, PlannedVisit.id == PlannedVisitor.visit_id)
        .where(
            PlannedVisitor.volunteer_id == volunteer.id,
            PlannedVisit.status == VisitStatus.PLANNED,
            PlannedVisit.visit_on >= today,
        )
    )


def erasure_problem(person: Person, today: date, actor: User | None = None) -> str | None:
    """Why ``actor`` cannot erase ``person`` now, or None."""
    if not person.found:
        return "No account, volunteer or application has this email address."
    if actor is not None and person.user is not None and actor.id == person.user.id:
        return "You cannot erase your own account: ask another administrator."
    if person.volunteer is None:
        return None
    return rules.erasure_problem(person.volunteer.status, planned_visits(person.volunteer, today))


def erase(actor: User | None, person: Person, today: date) -> dict[str, int]:
    """Anonymise the person where the law allows, keeping every count the scheme reports.

    Their visits, reports and issues stay (the annual figures do not change) but name no one;
    applications are minimised as the retention purge does; mail to them goes; audit entries
    stay with their details replaced. Returns what was done, as counts (also audited)."""
    if problem := erasure_problem(person, today, actor):
        raise ErasureRefused(problem)
    details = personal_details(person)
    counts = {
        "applications_minimised": minimise_applications(person),
        "mail_removed": remove_mail(person),
        "drafts_deleted": delete_drafts(person),
        "sessions_ended": end_account(person.user, person.volunteer) if person.user else 0,
    }
    if person.volunteer is not None:
        forget_volunteer(person.volunteer)
    db.session.flush()
    counts["rows_changed"] = scrub_everywhere(details)
    ids = subject_ids(person)
    record(
        actor,
        "person.erased",
        "person",
        f"Erased the personal data of a person (account {ids['user_id'] or 'none'}, "
        f"{len(person.applications)} applications)",
        {**ids, **counts},
    )
    return counts


def personal_details(person: Person) -> list[str]:
    """What must be found nowhere afterwards: names, addresses, phone numbers."""
    names = [person.user.name] if person.user else []
    values: list[str | None] = [person.email]
    if person.user is not None:
        values += [person.user.email, person.user.phone]
    for application in person.applications:
        names.append(application.name)
        values += [application.email, application.phone, application.address]
    return rules.needles([*values, *rules.full_names(names)])


def minimise_applications(person: Person) -> int:
    """The same minimising as the retention purge (``icv.applications.retention``)."""
    for application in person.applications:
        minimise(application)
    return len(person.applications)


def delete_drafts(person: Person) -> int:
    drafts = drafts_of(person)
    for draft in drafts:
        db.session.delete(draft)
    return len(drafts)


def remove_mail(person: Person) -> int:
    addresses = person.addresses
    if person.user is not None:
        addresses.add(person.user.email)
    result = db.session.execute(
        delete(OutboxMessage).where(func.lower(OutboxMessage.to_address).in_(addresses))
    )
    return result.rowcount


def end_account(user: User, volunteer: Volunteer | None) -> int:
    """Deactivated, signed out everywhere, every link, token and second factor ended; the
    reports they started and never sent go too (nobody else may finish them)."""
    user.name = rules.FORMER_VISITOR if volunteer else rules.FORMER_ACCOUNT
    user.email = rules.erased_email(user.id)
    user.phone = None
    user.password_hash = None
    if user.is_active:
        user.is_active = False
        user.deactivated_at = now_utc()
    user.session_version += 1
    ended = sessions.end_all(user)
    revoke_api_tokens(user, "personal data erased")
    for model in (SecondFactor, RecoveryCode, ReportDraft):
        owner = model.owner_id if model is ReportDraft else model.user_id
        db.session.execute(delete(model).where(owner == user.id))
    return ended


def forget_volunteer(volunteer: Volunteer) -> None:
    """Keep the dates and status the counts need; drop what only served planning."""
    volunteer.notes = None
    volunteer.weekly_availability = []
    volunteer.availability_updated_at = None
    volunteer.calendar_token = None
    volunteer.away_periods = []
    db.session.execute(
        delete(AvoidPair).where(
            or_(AvoidPair.volunteer_id == volunteer.id, AvoidPair.other_id == volunteer.id)
        )
    )
    for request in db.session.scalars(
        select(SwapRequest).where(SwapRequest.volunteer_id == volunteer.id)
    ):
        request.reason = ""
    for place in db.session.scalars(
        select(PlannedVisitor).where(PlannedVisitor.volunteer_id == volunteer.id)
    ):
        place.availability_override = None
    # Claims stay for the accounts (amounts, dates, what for); the volunteer's own words go.
    for claim in db.session.scalars(
        select(ExpenseClaim).where(ExpenseClaim.volunteer_id == volunteer.id)
    ):
        claim.answer = None
    name_the_former_visitor(volunteer)


def name_the_former_visitor(volunteer: Volunteer) -> None:
    """A historical report may carry the visitor by name as well as by record."""
    for report in db.session.scalars(
        select(VisitReport).where(
            or_(VisitReport.visitor_1_id == volunteer.id, VisitReport.visitor_2_id == volunteer.id)
        )
    ):
        if report.visitor_1_id == volunteer.id and report.visitor_1_name:
            report.visitor_1_name = rules.FORMER_VISITOR
        if report.visitor_2_id == volunteer.id and report.visitor_2_name:
            report.visitor_2_name = rules.FORMER_VISITOR
