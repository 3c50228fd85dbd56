"""Demo rota: the rest of the visitors' panel, everyone's availability, a published rota from
this week, a draft for next quarter (allocated by week) and a request to swap. Created once;
never changed after."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select

from icv.accounts.models import User
from icv.accounts.passwords import hash_password
from icv.accounts.roles import Role
from icv.clock import now_utc
from icv.extensions import db
from icv.rota import problem_from_db
from icv.rota.engine.solver import solve
from icv.rota.models import PeriodStatus, RotaPeriod, SwapRequest
from icv.rota.rules import monday_of
from icv.rota.services import store
from icv.suites.models import Suite
from icv.volunteers.models import AvoidPair, AwayPeriod, Volunteer
from icv.volunteers.rules import term_end

EVENINGS = [[day, band] for day in range(5) for band in ("evening", "late")]
WEEKENDS = [[day, band] for day in (5, 6) for band in ("early", "day", "afternoon", "evening")]
DAYTIME = [[day, band] for day in range(5) for band in ("early", "day", "afternoon")]

#: (name, email, availability, panel: "both", "L" or "N", appointed days ago)
PANEL = [
    ("Alex Morgan", "alex.morgan@example.org", EVENINGS + WEEKENDS, "both", 1900),
    ("Bea Singh", "bea.singh@example.org", DAYTIME, "L", 900),
    ("Carl Jones", "carl.jones@example.org", EVENINGS, "N", 700),
    ("Dee Patel", "dee.patel@example.org", WEEKENDS + DAYTIME[:6], "both", 1100),
    ("Eli Brown", "eli.brown@example.org", EVENINGS + DAYTIME[6:], "L", 400),
    ("Fay Green", "fay.green@example.org", DAYTIME + WEEKENDS[:4], "N", 1300),
    ("Gus Ward", "gus.ward@example.org", EVENINGS[4:] + WEEKENDS, "both", 300),
]
#: Availability of the volunteers whose accounts are demo logins.
LOGIN_VOLUNTEERS = {
    "volunteer@example.org": EVENINGS + WEEKENDS,
    "volunteer2@example.org": DAYTIME + EVENINGS[:4],
    "volunteer3@example.org": WEEKENDS + EVENINGS,
}
SEED = 2026


def ensure_rota(
    today: date,
    suites: dict[str, Suite],
    password_hash: str | None = None,
    history: Callable[[date], None] | None = None,
    training: Callable[[date], None] | None = None,
) -> None:
    """The demo's panels and rotas. ``history`` adds the published periods before this week
    (the visits area's demo builds them from its reports, which the rota cannot import);
    ``training`` records the panel's training before the rotas are solved (TACT suites)."""
    if db.session.scalar(select(RotaPeriod.id).limit(1)) is not None:
        return
    suites["Leamington Spa"].visits_per_week = 2
    suites["Nuneaton"].visits_per_week = 1
    panel_volunteers(today, suites, password_hash or hash_password("demo-custody-visits"))
    if training is not None:
        training(today)  # the panel's training, so the rotas send a TACT-trained visitor
    if history is not None:
        history(today)
    this_week = monday_of(today)
    current = make_period(this_week, this_week + timedelta(days=41), today, PeriodStatus.PUBLISHED)
    # Next quarter's draft is allocated by week, so the demo shows both ways of allocating.
    make_period(
        current.ends_on + timedelta(days=1),
        current.ends_on + timedelta(days=91),
        today,
        allocation="week",
    )
    ask_to_swap(current)


def panel_volunteers(today: date, suites: dict[str, Suite], password_hash: str) -> None:
    both = [suites["Leamington Spa"], suites["Nuneaton"]]
    for name, email, available, panel, days_ago in PANEL:
        user = User(email=email, name=name, password_hash=password_hash)
        user.set_roles({Role.VOLUNTEER})
        appointed = today - timedelta(days=days_ago)
        db.session.add(
            Volunteer(
                user=user,
                status="active",
                appointed_on=appointed,
                term_ends_on=term_end(appointed, 3 if days_ago < 1000 else 6),
                vetting_level="NPPV2",
                vetting_cleared_on=today - timedelta(days=days_ago % 900),
                vetting_expires_on=today - timedelta(days=days_ago % 900) + timedelta(days=1095),
                probation_visits_before=3,
                weekly_availability=available,
                suites=both if panel == "both" else [s for s in both if s.name[0] == panel],
            )
        )
    db.session.flush()
    for volunteer in db.session.scalars(select(Volunteer).join(Volunteer.user)):
        if volunteer.user.email in LOGIN_VOLUNTEERS:
            volunteer.weekly_availability = LOGIN_VOLUNTEERS[volunteer.user.email]
    by_name = {v.user.name: v for v in db.session.scalars(select(Volunteer))}
    alex, carl = by_name["Alex Morgan"], by_name["Carl Jones"]
    low, high = sorted((alex.id, carl.id))
    db.session.add(AvoidPair(volunteer_id=low, other_id=high, reason="Brothers-in-law"))
    by_name["Fay Green"].away_periods.append(
        AwayPeriod(starts_on=today + timedelta(days=20), ends_on=today + timedelta(days=34))
    )
    db.session.flush()


def make_period(
    starts_on: date,
    ends_on: date,
    today: date,
    status: str = PeriodStatus.DRAFT,
    allocation: str = "day",
) -> RotaPeriod:
    period = RotaPeriod(
        starts_on=starts_on, ends_on=ends_on, seed=SEED, status=status, allocation=allocation
    )
    db.session.add(period)
    booked = problem_from_db.booked_nearby(None, starts_on, ends_on)
    built = problem_from_db.build_problem(
        starts_on, ends_on, SEED, today, booked=booked, allocation=allocation
    )
    store(period, solve(built.problem))
    if status == PeriodStatus.PUBLISHED:
        period.published_at = now_utc()
        problem_from_db.keep_requirements(period)
    db.session.flush()
    return period


def ask_to_swap(period: RotaPeriod) -> None:
    """Sam (a demo login) asks to drop their second visit, so the coordinator has a request."""
    sam = db.session.scalars(
        select(Volunteer).join(Volunteer.user).where(User.email == "volunteer2@example.org")
    ).first()
    visits = [v for v in period.visits if sam and v.visitor_for(sam)]
    if len(visits) >= 2:
        db.session.add(
            SwapRequest(visit=visits[1], volunteer=sam, kind="drop", reason="Family wedding")
        )
