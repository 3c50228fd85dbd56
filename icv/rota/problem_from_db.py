"""The rota problem (``problem.Problem``) built from live data, and planned visits as its visits.

Suites are keyed ``S<id>`` and volunteers ``v<id>``. What the solver and checker cannot know
from the contract is expressed in it: days before today and a suite's temporary closures are
``closed``; days outside a volunteer's term or vetting are ``away``; their visits in
neighbouring rotas (other periods) are ``booked``; suites holding TACT detainees and the days
each volunteer's TACT training is in date are ``tact_suites`` and ``tact_trained``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, case, false, or_, select
from sqlalchemy.orm import defaultload, joinedload, lazyload, selectinload

from icv.accounts.models import User
from icv.extensions import db
from icv.rota.engine.problem import BandSpec, Problem, SuiteSpec, Visit, VolunteerSpec
from icv.rota.models import (
    PlannedVisit,
    PlannedVisitor,
    RotaPeriod,
    RotaRequirement,
    VisitStatus,
)
from icv.settings import get_settings, time_bands
from icv.suites.models import Suite
from icv.suites.queries import suite_alone
from icv.training.queries import tact_ranges
from icv.volunteers.models import AvoidPair, Volunteer, volunteer_suites
from icv.volunteers.queries import SUITE_LISTS, read_suite_lists
from icv.volunteers.rules import VISITING

DateRange = tuple[date, date]


def suite_key(suite_id: int) -> str:
    return f"S{suite_id}"


def volunteer_key(volunteer_id: int) -> str:
    return f"v{volunteer_id}"


def key_id(key: str) -> int:
    return int(key[1:])


@dataclass
class LiveProblem:
    problem: Problem
    suites: dict[str, Suite]
    volunteers: dict[str, Volunteer]
    #: keys of the volunteers who may be rostered now; ``volunteers`` adds those ``include``d
    rosterable: frozenset[str] = frozenset()


def build_problem(
    starts_on: date,
    ends_on: date,
    seed: int,
    today: date,
    include: Iterable[Volunteer] = (),
    *,
    suites_only: list[Suite] | None = None,
    booked: dict[int, list[date]] | None = None,
    targets: dict[int, int] | None = None,
    allocation: str = "day",
    panel: list[Volunteer] | None = None,
) -> LiveProblem:
    """Who can visit which suite when, from ``today`` on; ``include`` adds volunteers who are
    already on the rota but may no longer be rostered (so a check can name them).
    ``suites_only`` (the active suites, loaded once by the caller) leaves the volunteers out,
    for counting the visits required period after period. ``booked`` (volunteer id -> days of
    their visits in neighbouring rotas, from ``booked_nearby``) become their ``booked`` days,
    which the solver and the checker count for the spacing rule and the monthly limit.
    ``targets`` (suite id -> visits a week, from ``period_targets``) are what a published rota
    requires: those suites with those targets, instead of the active suites' targets now.
    ``allocation`` is the period's ("day" or "week": ``RotaPeriod.allocation``).
    ``panel`` (those of a suite's panel who may visit, from ``check_people``) stands for
    everyone who may visit: for checking who could take a place there, whose rules read only
    the people on the rota's visits and the one taking it."""
    settings = get_settings()
    if suites_only is None:
        chosen = suites_of(targets)
        everyone = visiting_volunteers() if panel is None else panel
        visiting = {volunteer_key(v.id): v for v in everyone}
        volunteers = {**visiting, **{volunteer_key(v.id): v for v in include}}
        # Only pairs of volunteers in the problem: one who has since resigned (or been
        # suspended) is not in it, and a pair naming them would be refused as unknown.
        present = {v.id for v in volunteers.values()}
        avoid = {id_: others & present for id_, others in avoid_pairs().items()}
    else:
        chosen, visiting, volunteers, avoid = suites_only, {}, {}, {}
    suites = {suite_key(s.id): s for s in chosen}
    past = (starts_on, today - timedelta(days=1)) if starts_on < today else None
    problem = Problem(
        start=starts_on,
        end=ends_on,
        bands=tuple(BandSpec(b.id, b.start, b.end) for b in time_bands()),
        suites=tuple(
            suite_spec(key, s, starts_on, ends_on, past, (targets or {}).get(s.id))
            for key, s in suites.items()
        ),
        volunteers=tuple(
            replace(
                volunteer_spec(key, v, starts_on, ends_on, avoid, suites, settings),
                booked=tuple(sorted((booked or {}).get(v.id, []))),
            )
            for key, v in volunteers.items()
        ),
        visitors_per_visit=int(settings["visitors_per_visit"]),
        min_days_between=int(settings["min_days_between"]),
        seed=seed,
        **tact_fields(suites, volunteers),
        allocation=allocation,
    )
    return LiveProblem(problem, suites, volunteers, frozenset(visiting))


def tact_fields(suites: dict[str, Suite], volunteers: dict[str, Volunteer]) -> dict:
    """The TACT suites and when each volunteer's TACT training is in date (training area)."""
    trained = tact_ranges([v.id for v in volunteers.values()]) if volunteers else {}
    return {
        "tact_suites": frozenset(key for key, suite in suites.items() if suite.holds_tact),
        "tact_trained": tuple(
            (volunteer_key(vid), ranges) for vid, ranges in sorted(trained.items())
        ),
    }


def booked_nearby(period_id: int | None, starts_on: date, ends_on: date) -> dict[int, list[date]]:
    """Days of each volunteer's visits in other rotas (not cancelled) that a new draft of this
    period must respect: in the months it shares with them, or close enough to its ends for the
    spacing rule (a quarter ends mid-month, so its neighbours count)."""
    reach = timedelta(days=int(get_settings()["min_days_between"]))
    first = min(starts_on - reach, starts_on.replace(day=1))
    last = max(ends_on + reach, month_end(ends_on))
    query = (
        select(PlannedVisitor.volunteer_id, PlannedVisit.visit_on)
        .join(PlannedVisit)
        .where(
            PlannedVisit.visit_on.between(first, last),
            PlannedVisit.status != VisitStatus.CANCELLED,
            or_(PlannedVisit.visit_on < starts_on, PlannedVisit.visit_on > ends_on),
        )
    )
    if period_id is not None:
        query = query.where(PlannedVisit.period_id != period_id)
    found: dict[int, list[date]] = {}
    for volunteer_id, day in db.session.execute(query):
        found.setdefault(volunteer_id, []).append(day)
    return found


def month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def may_visit() -> ColumnElement[bool]:
    """Whether a volunteer's status lets them visit; never one whose account is a custody
    liaison's (an account made before that was refused: the police never see a rota)."""
    return and_(
        Volunteer.status.in_(sorted(VISITING)), Volunteer.user_id.not_in(User.liaison_ids())
    )


def visiting_volunteers() -> list[Volunteer]:
    """Volunteers who may visit (``may_visit``), with their panels."""
    chosen = select(Volunteer).where(may_visit()).order_by(Volunteer.id)
    return list(db.session.scalars(chosen.options(*panel_ids_only())))


def check_people(
    panel_of: int | None, ids: Iterable[int]
) -> tuple[list[Volunteer] | None, list[Volunteer]]:
    """For checking a change by hand at suite ``panel_of``: those on its panel who may visit
    (by id; None without a suite: everyone who may visit, read by ``build_problem``), and the
    volunteers ``ids`` (in that order), read together in one statement with their accounts'
    names and dates away (joined: a statement of their own would be split by 500 people),
    then their lists of suites in one more (read whole, each volunteer brought six)."""
    wanted = list(dict.fromkeys(ids))
    on_panel = false()
    if panel_of is not None:
        members = select(volunteer_suites.c.volunteer_id).where(
            volunteer_suites.c.suite_id == panel_of
        )
        on_panel = and_(may_visit(), Volunteer.id.in_(members))
    query = (
        select(Volunteer, case((on_panel, True), else_=False).label("on_panel"))
        .where(or_(on_panel, Volunteer.id.in_(wanted)))
        .order_by(Volunteer.id)
        .options(
            *(lazyload(getattr(Volunteer, name)) for name in SUITE_LISTS),
            defaultload(Volunteer.user).lazyload(User.role_rows),
            joinedload(Volunteer.away_periods),
        )
    )
    rows = db.session.execute(query).unique().all()
    read_suite_lists(row.Volunteer for row in rows)
    by_id = {row.Volunteer.id: row.Volunteer for row in rows}
    panel = [row.Volunteer for row in rows if row.on_panel] if panel_of is not None else None
    return panel, [by_id[id_] for id_ in wanted if id_ in by_id]


def visiting_ids(appointed_by: date) -> set[int]:
    """The ids of the volunteers who may visit (``may_visit``) appointed by that day, in one
    narrow statement."""
    chosen = select(Volunteer.id).where(may_visit(), Volunteer.appointed_on <= appointed_by)
    return set(db.session.scalars(chosen))


def panel_ids_only() -> tuple:
    """What a rota reads of a volunteer's panel and the suites they cannot reach or avoid is
    which suites they are (a suite's closures come with the rota's own suites: ``suites_of``),
    and of their account only the name: not each suite's liaisons (with their accounts and
    roles) and closures, nor the account's roles (five statements). Built when asked for, as
    ``queries.as_listed``."""
    return (
        selectinload(Volunteer.suites).options(*suite_alone()),
        selectinload(Volunteer.unreachable_suites).options(*suite_alone()),
        selectinload(Volunteer.avoided_suites).options(*suite_alone()),
        defaultload(Volunteer.user).lazyload(User.role_rows),
    )


def avoid_pairs() -> dict[int, set[int]]:
    pairs: dict[int, set[int]] = {}
    for one, other in db.session.execute(select(AvoidPair.volunteer_id, AvoidPair.other_id)):
        pairs.setdefault(one, set()).add(other)
        pairs.setdefault(other, set()).add(one)
    return pairs


def suites_of(targets: dict[int, int] | None) -> list[Suite]:
    """The suites a rota requires visits to: those of its stored targets, else the active ones."""
    query = select(Suite).order_by(Suite.id).options(lazyload(Suite.liaisons))
    if targets is None:
        return list(db.session.scalars(query.where(Suite.is_active.is_(True))))
    return list(db.session.scalars(query.where(Suite.id.in_(sorted(targets)))))


def period_targets(period: RotaPeriod) -> dict[int, int] | None:
    """suite id -> visits a week a period requires: as they stood when it was published, or
    None (the live targets) for a draft, or a rota published before targets were kept."""
    if not period.is_published or not period.requirements:
        return None
    return {row.suite_id: row.visits_per_week for row in period.requirements}


def build_for(
    period: RotaPeriod,
    today: date,
    include: Iterable[Volunteer] = (),
    booked: dict[int, list[date]] | None = None,
    panel: list[Volunteer] | None = None,
) -> LiveProblem:
    """The problem of an existing rota, requiring what it did when it was published
    (``panel``: see ``build_problem``)."""
    return build_problem(
        period.starts_on,
        period.ends_on,
        period.seed,
        today,
        include,
        booked=booked,
        targets=period_targets(period),
        allocation=period.allocation,
        panel=panel,
    )


def keep_requirements(period: RotaPeriod) -> None:
    """Store each active suite's weekly target as the rota's requirement (when publishing)."""
    period.requirements = [
        RotaRequirement(suite_id=suite.id, visits_per_week=suite.visits_per_week)
        for suite in suites_of(None)
    ]


def suite_spec(
    key: str,
    suite: Suite,
    starts_on: date,
    ends_on: date,
    past: DateRange | None,
    target: int | None = None,
) -> SuiteSpec:
    closed = [
        (max(c.starts_on, starts_on), min(c.ends_on, ends_on))
        for c in suite.closures
        if c.starts_on <= ends_on and c.ends_on >= starts_on
    ]
    if past:
        closed.insert(0, past)
    return SuiteSpec(
        id=key,
        visits_per_week=suite.visits_per_week if target is None else target,
        name=suite.name,
        bands=tuple(suite.bands) if suite.bands else None,
        closed=tuple(closed),
    )


def volunteer_spec(
    key: str,
    volunteer: Volunteer,
    starts_on: date,
    ends_on: date,
    avoid: dict[int, set[int]],
    suites: dict[str, Suite],
    settings: dict,
) -> VolunteerSpec:
    return VolunteerSpec(
        id=key,
        name=volunteer.user.name,
        suites=frozenset(
            suite_key(s.id) for s in volunteer.rota_suites if suite_key(s.id) in suites
        ),
        available=frozenset((int(day), band) for day, band in volunteer.weekly_availability),
        away=tuple(away_ranges(volunteer, starts_on, ends_on)),
        probation=volunteer.status == "probation",
        max_per_month=volunteer.max_per_month or int(settings["max_visits_per_month"]),
        avoid=frozenset(volunteer_key(other) for other in avoid.get(volunteer.id, ())),
    )


def away_ranges(volunteer: Volunteer, starts_on: date, ends_on: date) -> list[DateRange]:
    """Their own away periods, and every day they cannot visit: before appointment, after the
    term, after vetting lapses, or all of it if they are no longer visiting (within the period)."""
    if volunteer.status not in VISITING or volunteer.vetting_expires_on is None:
        return [(starts_on, ends_on)]
    ranges = [(a.starts_on, a.ends_on) for a in volunteer.away_periods]
    ranges.append((starts_on, volunteer.appointed_on - timedelta(days=1)))
    for last_day in (volunteer.term_ends_on, volunteer.vetting_expires_on):
        ranges.append((last_day + timedelta(days=1), ends_on))
    clipped = [(max(a, starts_on), min(b, ends_on)) for a, b in ranges]
    return [(a, b) for a, b in clipped if a <= b]


def as_visit(visit: PlannedVisit) -> Visit:
    return Visit(
        suite=suite_key(visit.suite_id),
        date=visit.visit_on,
        band=visit.band,
        volunteers=tuple(volunteer_key(v.volunteer_id) for v in visit.visitors),
    )


def period_visits(period: RotaPeriod, leave_out: PlannedVisit | None = None) -> list[Visit]:
    """The period's visits that count against the rules (cancelled ones do not)."""
    return [
        as_visit(visit)
        for visit in period.visits
        if visit.status != VisitStatus.CANCELLED and visit is not leave_out
    ]
