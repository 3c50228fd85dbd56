"""Factories with sensible defaults; each returns a flushed model."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

import pyotp

from icv.accounts.models import SecondFactor, User
from icv.accounts.passwords import hash_password
from icv.accounts.roles import STAFF_ROLES, Role
from icv.applications.models import Application, Referee
from icv.clock import now_utc
from icv.extensions import db
from icv.hashing import digest
from icv.rota.models import PlannedVisit, PlannedVisitor, RotaPeriod
from icv.suites.models import Suite
from icv.volunteers.models import Volunteer

PASSWORD = "correct horse battery"
#: The authenticator key of every staff account made here, so tests can make its codes.
TOTP_SECRET = "TESTSTAFFKEYAAAABBBBCCCCDDDDEEEE"

#: persona -> (email, roles). "anonymous" has no account.
PERSONAS: dict[str, tuple[str, set[Role]]] = {
    "volunteer": ("val@example.org", {Role.VOLUNTEER}),
    "volunteer2": ("sam@example.org", {Role.VOLUNTEER}),
    "coordinator": ("chris@example.org", {Role.COORDINATOR}),
    "commissioner": ("pat@example.org", {Role.COMMISSIONER}),
    "liaison": ("lee@example.org", {Role.LIAISON}),
    "admin": ("alex@example.org", {Role.ADMIN}),
}


def make_user(
    email: str = "person@example.org",
    name: str | None = None,
    roles: set[Role] | None = None,
    password: str | None = PASSWORD,
    is_active: bool = True,
    enrolled: bool | None = None,
) -> User:
    """An account; staff are enrolled with TOTP_SECRET unless ``enrolled`` says otherwise."""
    user = User(
        email=email,
        name=name or email.split("@")[0].title() + " Person",
        password_hash=hash_password(password) if password else None,
        is_active=is_active,
    )
    user.set_roles(roles or {Role.VOLUNTEER})
    db.session.add(user)
    db.session.flush()
    if user.has_role(*STAFF_ROLES) if enrolled is None else enrolled:
        enrol(user)
    return user


def enrol(user: User, secret: str = TOTP_SECRET) -> SecondFactor:
    factor = SecondFactor(user_id=user.id, secret=secret, enrolled_at=now_utc())
    db.session.add(factor)
    db.session.flush()
    return factor


def current_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app shows now (time_machine's time when it is frozen)."""
    return pyotp.TOTP(secret).now()


def make_suite(name: str = "Leamington Spa", address: str = "Newbold Terrace") -> Suite:
    suite = Suite(name=name, address=address)
    db.session.add(suite)
    db.session.flush()
    return suite


def make_application(
    name: str = "Jo Applicant",
    email: str = "jo@example.net",
    stage: str = "received",
    eligibility: str = "pass",
    status_token: str | None = None,
    **fields: object,
) -> Application:
    """An application as the public form would store it (eligible, two referees); its status
    link's token is ``status_token`` (only the hash is stored, so a test that opens the
    status page chooses it)."""
    today = date(2026, 11, 1)
    application = Application(
        reference=fields.pop("reference", None) or "ICV-" + secrets.token_hex(3).upper(),
        status_token_hash=digest(status_token or secrets.token_urlsafe(32)),
        applied_on=fields.pop("applied_on", today),
        stage=stage,
        name=name,
        email=email,
        date_of_birth=date(1980, 3, 27),
        address="1 High Street, Warwick",
        postcode="CV34 4NB",
        languages=["English"],
        occupation="Teacher",
        availability=["weekend"],
        consent_vetting=True,
        consent_data=True,
        eligibility=eligibility,
        eligibility_findings=[{"rule": "age", "outcome": "pass", "reason": "You are 18 or over."}],
        referees=[
            Referee(position=1, name="Ann Referee", relationship_to_applicant="Employer"),
            Referee(position=2, name="Bob Referee", relationship_to_applicant="Club chair"),
        ],
        **fields,
    )
    db.session.add(application)
    db.session.flush()
    return application


def make_volunteer(user: User, status: str = "active", **fields: object) -> Volunteer:
    volunteer = Volunteer(
        user=user,
        status=status,
        appointed_on=fields.pop("appointed_on", date(2025, 1, 6)),
        term_ends_on=fields.pop("term_ends_on", date(2028, 1, 5)),
        vetting_level="NPPV2",
        vetting_cleared_on=date(2024, 12, 1),
        vetting_expires_on=fields.pop("vetting_expires_on", date(2027, 12, 1)),
        **fields,
    )
    db.session.add(volunteer)
    db.session.flush()
    return volunteer


def make_period(
    starts_on: date = date(2027, 1, 4),
    weeks: int = 2,
    status: str = "published",
) -> RotaPeriod:
    period = RotaPeriod(
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=7 * weeks - 1),
        status=status,
        seed=7,
    )
    db.session.add(period)
    db.session.flush()
    return period


def make_planned_visit(
    period: RotaPeriod,
    suite: Suite,
    visit_on: date,
    volunteers: list[Volunteer],
    band: str = "evening",
) -> PlannedVisit:
    visit = PlannedVisit(
        suite=suite,
        visit_on=visit_on,
        band=band,
        visitors=[PlannedVisitor(volunteer=v) for v in volunteers],
    )
    period.visits.append(visit)
    db.session.flush()
    return visit


#: Every (weekday, band) pair: a volunteer who can go any time.
ANY_TIME = [
    [day, band] for day in range(7) for band in ("early", "day", "afternoon", "evening", "late")
]


def make_visitor(
    email: str, suites: list[Suite], status: str = "active", **fields: object
) -> Volunteer:
    """A volunteer with an account, on the panel of ``suites``, available any time."""
    user = make_user(email=email, name=fields.pop("name", None))
    volunteer = make_volunteer(user, status=status, **fields)
    volunteer.suites = list(suites)
    volunteer.weekly_availability = fields.get("weekly_availability", ANY_TIME)
    db.session.flush()
    return volunteer


def make_training(
    volunteer: Volunteer, completed_on: date, kind_name: str = "Terrorism Act (TACT) training"
):
    """A training record of one of the default kinds (TACT by default: 36 months in date)."""
    from icv.training.services import add_record, ensure_kinds

    kind = next(k for k in ensure_kinds() if k.name == kind_name)
    record = add_record(volunteer, kind, completed_on)
    db.session.flush()
    return record
