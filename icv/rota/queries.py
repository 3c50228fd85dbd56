"""Reading a rota for the pages: visits by suite and week, by volunteer, gaps and quality."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import defaultload, lazyload, selectinload

from icv.accounts.models import User
from icv.extensions import db
from icv.rota import problem_from_db
from icv.rota.engine.checker import quality
from icv.rota.engine.problem import WEEK_BAND, Solution, Unfilled, week_words
from icv.rota.engine.reasons import diagnose
from icv.rota.models import (
    PeriodStatus,
    PlannedVisit,
    PlannedVisitor,
    RotaPeriod,
    VisitStatus,
)
from icv.rota.reason_text import as_stored, reason_text
from icv.rota.rules import iso_week
from icv.suites.models import Suite
from icv.suites.queries import suite_alone
from icv.volunteers.models import Volunteer


@dataclass
class Gap:
    """Required visits not planned at a suite in an ISO week, each with its own reason (the
    distinct ones, in order: several missing visits may share one)."""

    suite: Suite
    week: str
    missing: int
    #: each a code and its parameters (``reason_text.as_stored``)
    reasons: list[dict]

    @property
    def reason_words(self) -> list[str]:
        """Each reason in the reader's language."""
        return [reason_text(reason) for reason in self.reasons]

    @property
    def reason(self) -> str:
        return "; ".join(self.reason_words)

    @property
    def week_words(self) -> str:
        """``the week of 15 February 2027``: how a person reads the week."""
        return week_words(self.week)


def as_listed() -> tuple:
    """A visit as a volunteer's own lists show it (home, My visits, reports to write, the
    feed, a rota's page): its suite and its visitors with their names, without what every
    suite and volunteer otherwise brings (the suite's closures and liaisons, each visitor's
    panel, suites they cannot reach or avoid, dates away, and their account's roles): 2
    statements, not 11. Built when asked for: options name the models' attributes, which
    must not configure the mappers while this module is imported (before every model is)."""
    return (
        defaultload(PlannedVisit.suite).options(*suite_alone()),
        selectinload(PlannedVisit.visitors)
        .defaultload(PlannedVisitor.volunteer)
        .options(
            lazyload(Volunteer.suites),
            lazyload(Volunteer.unreachable_suites),
            lazyload(Volunteer.avoided_suites),
            lazyload(Volunteer.away_periods),
            defaultload(Volunteer.user).lazyload(User.role_rows),
        ),
    )


def published_visits_of(volunteer: Volunteer, since: date | None = None) -> list[PlannedVisit]:
    """Every visit of a published rota the volunteer is on (from ``since``), in date order."""
    query = (
        select(PlannedVisit)
        .options(*as_listed())
        .join(PlannedVisitor)
        .join(RotaPeriod)
        .where(
            PlannedVisitor.volunteer_id == volunteer.id,
            RotaPeriod.status == PeriodStatus.PUBLISHED,
        )
        .order_by(PlannedVisit.visit_on)
    )
    if since is not None:
        query = query.where(PlannedVisit.visit_on >= since)
    return list(db.session.scalars(query))


def planned_between(
    starts_on: date,
    ends_on: date,
    *,
    suite_id: int | None = None,
    volunteer_id: int | None = None,
    published: bool = False,
) -> list[PlannedVisit]:
    """Visits still planned in these dates at a suite or for a volunteer (to move or swap when
    the suite closes or the volunteer is away), or only those of published rotas (to remind
    their visitors)."""
    query = select(PlannedVisit).where(
        PlannedVisit.status == VisitStatus.PLANNED,
        PlannedVisit.visit_on.between(starts_on, ends_on),
    )
    if published:
        query = query.join(RotaPeriod).where(RotaPeriod.status == PeriodStatus.PUBLISHED)
    if suite_id is not None:
        query = query.where(PlannedVisit.suite_id == suite_id)
    if volunteer_id is not None:
        query = query.join(PlannedVisitor).where(PlannedVisitor.volunteer_id == volunteer_id)
    return list(db.session.scalars(query.order_by(PlannedVisit.visit_on)))


def awaiting_report(before: date) -> list[PlannedVisit]:
    """Visits of published rotas still planned on a day before ``before`` (allocated by week:
    a week that ended before it): no report has completed them and they have not been marked
    missed. Oldest first."""
    return list(
        db.session.scalars(
            select(PlannedVisit)
            .join(RotaPeriod)
            .where(
                RotaPeriod.status == PeriodStatus.PUBLISHED,
                PlannedVisit.status == VisitStatus.PLANNED,
                or_(
                    and_(PlannedVisit.band != WEEK_BAND, PlannedVisit.visit_on < before),
                    PlannedVisit.visit_on < before - timedelta(days=6),
                ),
            )
            .order_by(PlannedVisit.visit_on, PlannedVisit.id)
        )
    )


def short_of_visitors(
    visits: Iterable[PlannedVisit], needed: int, today: date
) -> list[PlannedVisit]:
    """Visits still planned, from ``today`` on, with fewer visitors than a visit ``needed``
    (someone came off it): the coordinator adds someone, or moves or cancels it."""
    return [
        visit
        for visit in visits
        if visit.status == VisitStatus.PLANNED
        and visit.visit_on >= today
        and len(visit.visitors) < needed
    ]


def needing_a_visitor(needed: int, today: date) -> list[PlannedVisit]:
    """Every visit of any rota still planned from ``today`` with fewer visitors than needed,
    soonest first (one statement, for the coordinator's home page)."""
    places = (
        select(PlannedVisitor.visit_id, func.count().label("people"))
        .group_by(PlannedVisitor.visit_id)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(PlannedVisit)
            .outerjoin(places, places.c.visit_id == PlannedVisit.id)
            .where(
                PlannedVisit.status == VisitStatus.PLANNED,
                PlannedVisit.visit_on >= today,
                func.coalesce(places.c.people, 0) < needed,
            )
            .order_by(PlannedVisit.visit_on, PlannedVisit.id)
        )
    )


def counted(period: RotaPeriod) -> list[PlannedVisit]:
    return [v for v in period.visits if v.status != VisitStatus.CANCELLED]


def by_suite(period: RotaPeriod) -> dict[Suite, dict[str, list[PlannedVisit]]]:
    """suite -> ISO week -> its visits (cancelled ones included, to be seen)."""
    table: dict[Suite, dict[str, list[PlannedVisit]]] = defaultdict(lambda: defaultdict(list))
    for visit in period.visits:
        table[visit.suite][iso_week(visit.visit_on)].append(visit)
    return {suite: dict(weeks) for suite, weeks in sorted(table.items(), key=lambda i: i[0].name)}


def by_volunteer(period: RotaPeriod) -> list[tuple[Volunteer, list[PlannedVisit]]]:
    mine: dict[int, list[PlannedVisit]] = defaultdict(list)
    people: dict[int, Volunteer] = {}
    for visit in counted(period):
        for place in visit.visitors:
            mine[place.volunteer_id].append(visit)
            people[place.volunteer_id] = place.volunteer
    return sorted(
        ((people[i], visits) for i, visits in mine.items()), key=lambda row: row[0].user.name
    )


def gaps(period: RotaPeriod, built: problem_from_db.LiveProblem) -> list[Gap]:
    """Required visits not planned now, each with the reason that applies to it now (the
    rota as it stands, after any change by hand or to the data since it was made)."""
    found: dict[tuple[str, str], Gap] = {}
    for gap in diagnose(built.problem, problem_from_db.period_visits(period)):
        if gap.suite not in built.suites:
            continue
        key = (gap.suite, gap.week)
        if key not in found:
            found[key] = Gap(built.suites[gap.suite], gap.week, 0, [])
        found[key].missing += 1
        reason = as_stored(gap.code, gap.params)
        if reason not in found[key].reasons:
            found[key].reasons.append(reason)
    return [found[key] for key in sorted(found, key=lambda key: (key[1], found[key].suite.name))]


def gaps_between(starts_on: date, ends_on: date) -> list[tuple[RotaPeriod, Gap]]:
    """Required visits not planned in published rotas, in the ISO weeks that start from
    ``starts_on`` to ``ends_on`` (judged as on each period's first day, like its page)."""
    periods = db.session.scalars(
        select(RotaPeriod)
        .where(
            RotaPeriod.status == PeriodStatus.PUBLISHED,
            RotaPeriod.starts_on <= ends_on,
            RotaPeriod.ends_on >= starts_on,
        )
        .order_by(RotaPeriod.starts_on)
    )
    weeks = {iso_week(starts_on + timedelta(days=n)) for n in range((ends_on - starts_on).days + 1)}
    found = []
    for period in periods:
        booked = problem_from_db.booked_nearby(period.id, period.starts_on, period.ends_on)
        built = problem_from_db.build_for(period, period.starts_on, booked=booked)
        found += [(period, gap) for gap in gaps(period, built) if gap.week in weeks]
    return found


def period_quality(period: RotaPeriod):
    """The checker's quality figures for the whole rota as it stands, and its gaps (judged as
    on its first day, so weeks already past still count)."""
    include = {pv.volunteer for visit in period.visits for pv in visit.visitors}
    booked = problem_from_db.booked_nearby(period.id, period.starts_on, period.ends_on)
    built = problem_from_db.build_for(period, period.starts_on, include, booked)
    found = gaps(period, built)
    solution = Solution(
        visits=problem_from_db.period_visits(period),
        unfilled=[Unfilled(problem_from_db.suite_key(g.suite.id), g.week, "") for g in found],
    )
    return quality(built.problem, solution), found, built
