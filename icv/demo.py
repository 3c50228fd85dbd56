"""A Warwickshire-like demonstration scheme. Running it again changes nothing."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from icv.accounts import totp
from icv.accounts.models import SecondFactor, User
from icv.accounts.passwords import hash_password
from icv.accounts.roles import STAFF_ROLES, Role
from icv.applications.demo import ensure_applications
from icv.audit.services import record
from icv.clock import now_utc, today_local
from icv.expenses.demo import ensure_expense_claims
from icv.extensions import db
from icv.rota.demo import ensure_rota
from icv.settings import get_settings, update_settings
from icv.suites.models import Suite
from icv.summary.demo import ensure_signed_off_year, ensure_throughput
from icv.training.demo import ensure_training_records, ensure_year
from icv.visits.demo import ensure_visit_reports
from icv.visits.demo_rota import rota_history
from icv.volunteers.demo import ensure_volunteers

DEMO_PASSWORD = "demo-custody-visits"
#: The authenticator key of the demo's staff accounts. Demo data only: it is public (printed,
#: and in the README), so nothing but ``load_demo`` ever gives an account this key.
DEMO_TOTP_SECRET = "DEMOONLYDEMOONLYDEMOONLYDEMOONLY"

SETTINGS = {
    "scheme_name": "Warwickshire Independent Custody Visiting Scheme",
    "office_name": "Office of the Police and Crime Commissioner for Warwickshire",
    "contact_email": "icv@warwickshire-pcc.example.org",
    "area_name": "Warwickshire",
    # Not a Welsh force, but the demo shows the language switch to anyone trying icv.
    "welsh_offered": True,
    # The county's postcode districts. CV is shared with Coventry (West Midlands Police), so
    # its districts are listed one by one; border districts whose villages are partly in the
    # county (CV3 Binley Woods, CV7 Fillongley and Corley, Tamworth's B78 and B79, Banbury's
    # OX15 and OX17) are asked about; GL56 and B76 hold Warwickshire villages (Little Compton,
    # Curdworth) and are in.
    "area_in": [
        *("CV8", "CV9", "CV10", "CV11", "CV12", "CV21", "CV22", "CV23", "CV31", "CV32"),
        *("CV33", "CV34", "CV35", "CV36", "CV37", "CV47"),
        *("B46", "B49", "B50", "B76", "B80", "B95", "GL56"),
    ],
    "area_out": ["CV1", "CV2", "CV4", "CV5", "CV6"],
    "area_ask": ["CV3", "CV7", "CV13", "B78", "B79", "OX15", "OX17"],
    # The force gets a copy of each reviewed report; the Commissioner's meeting its own mail.
    "force_copy_of_reports": True,
    "commissioner_meeting_email": "holding-to-account@warwickshire-pcc.example.org",
}

#: Each suite's escalation ladder: (inspector, address, chief inspector, address).
LADDER_CONTACTS = {
    "Leamington Spa": ("Inspector Lee Liaison", "lee.liaison@police.example",
                       "Chief Inspector Jo Marsh", "jo.marsh@police.example"),
    "Nuneaton": ("Inspector Ravi Shah", "ravi.shah@police.example",
                 "Superintendent Kim Ode", "kim.ode@police.example"),
}  # fmt: skip

SUITES = [
    ("Leamington Spa", "Leamington Justice Centre, Newbold Terrace, Leamington Spa CV32 4EA"),
    ("Nuneaton", "Nuneaton Justice Centre, Vicarage Street, Nuneaton CV11 4JU"),
]

#: (email, name, roles, phone)
PEOPLE = [
    ("admin@example.org", "Alex Admin", {Role.ADMIN}, None),
    ("coordinator@example.org", "Chris Coordinator", {Role.COORDINATOR}, "01926 000001"),
    ("commissioner@example.org", "Pat Commissioner", {Role.COMMISSIONER}, None),
    ("liaison@example.org", "Inspector Lee Liaison", {Role.LIAISON}, "01926 000002"),
    ("volunteer@example.org", "Val Volunteer", {Role.VOLUNTEER}, "07700 900001"),
    ("volunteer2@example.org", "Sam Second", {Role.VOLUNTEER}, "07700 900002"),
    ("volunteer3@example.org", "Dana Probationer", {Role.VOLUNTEER}, "07700 900003"),
]


def load_demo() -> list[str]:
    """Create what is missing and return the lines to print (URL and logins)."""
    update_settings(None, SETTINGS)
    suites = {name: ensure_suite(name, address) for name, address in SUITES}
    for name, contacts in LADDER_CONTACTS.items():
        suite = suites[name]
        if suite.inspector_name is None:
            suite.inspector_name, suite.inspector_email, suite.senior_name, suite.senior_email = (
                contacts
            )
    for email, name, roles, phone in PEOPLE:
        user = ensure_user(email, name, roles, phone)
        if roles & STAFF_ROLES:
            ensure_demo_second_factor(user)
        if Role.LIAISON in roles and user not in suites["Leamington Spa"].liaisons:
            suites["Leamington Spa"].liaisons.append(user)
    today = today_local()
    settings = get_settings()
    coordinator = db.session.scalars(User.by_email("coordinator@example.org")).one()
    ensure_applications(today, settings, coordinator)
    ensure_volunteers(today, list(suites.values()), settings)
    ensure_training_records(today)
    liaison = db.session.scalars(User.by_email("liaison@example.org")).one()
    ensure_visit_reports(today, list(suites.values()), coordinator, liaison)
    ensure_expense_claims(today, coordinator)
    ensure_rota(today, suites, history=rota_history, training=ensure_training_records)
    ensure_year(today, coordinator)
    commissioner = db.session.scalars(User.by_email("commissioner@example.org")).one()
    ensure_throughput(today, list(suites.values()), coordinator)
    ensure_signed_off_year(today, coordinator, commissioner)
    db.session.commit()
    base_url = current_app.config["ICV_BASE_URL"]  # `make run PORT=8080` sets it to match
    lines = [f"Demo scheme loaded. Sign in at {base_url}/sign-in with:"]
    width = max(len(p[0]) for p in PEOPLE)
    lines += [f"  {email:<{width}}  {', '.join(sorted(roles))}" for email, _, roles, _ in PEOPLE]
    lines.append(f"  password for every demo account: {DEMO_PASSWORD}")
    lines.append(
        f"  staff accounts ask for a code: add key {totp.grouped(DEMO_TOTP_SECRET)} to an "
        "authenticator app, or run `.venv/bin/icv demo code` for the current one"
    )
    return lines


def ensure_demo_second_factor(user: User) -> None:
    """Enrol a demo staff account with the demo key (one set up differently is left alone)."""
    if db.session.get(SecondFactor, user.id) is not None:
        return
    db.session.add(SecondFactor(user_id=user.id, secret=DEMO_TOTP_SECRET, enrolled_at=now_utc()))
    record(None, "account.second_factor_enrolled", user, f"Demo key set up for {user.email}")


def demo_code() -> str | None:
    """The demo key's current code, or None when no account uses the demo key."""
    # Secrets are encrypted with a fresh nonce each time, so they are compared once read.
    factors = db.session.scalars(select(SecondFactor))
    in_use = any(factor.secret == DEMO_TOTP_SECRET for factor in factors)
    return totp.code_at(DEMO_TOTP_SECRET, now_utc()) if in_use else None


def ensure_suite(name: str, address: str) -> Suite:
    suite = db.session.scalars(select(Suite).where(Suite.name == name)).first()
    if suite is None:
        suite = Suite(name=name, address=address)
        db.session.add(suite)
        db.session.flush()
        record(None, "suite.created", suite, f"Demo suite {name} created")
    return suite


def ensure_user(email: str, name: str, roles: set[Role], phone: str | None) -> User:
    user = db.session.scalars(User.by_email(email)).first()
    if user is None:
        user = User(
            email=email,
            name=name,
            phone=phone,
            password_hash=hash_password(DEMO_PASSWORD),
            invited_at=now_utc(),
        )
        user.set_roles(roles)
        db.session.add(user)
        db.session.flush()
        record(None, "account.created", user, f"Demo account {email} created")
    return user
