"""Writes to rotas: drafts from the solver, publishing, and changes by hand. The caller commits.

Every change by hand is checked against the hard rules (``checker``): it is refused if it
would break a rule that was not already broken before it, with the rule's own words.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import select

from icv.accounts.models import User
from icv.audit.services import record
from icv.clock import now_utc
from icv.extensions import db
from icv.rota import mail, problem_from_db, quality_store
from icv.rota.edit_rules import EditCheck
from icv.rota.engine.problem import WEEK_BAND, Solution, Visit
from icv.rota.engine.solver import solve
from icv.rota.models import (
    PeriodStatus,
    PlannedVisit,
    PlannedVisitor,
    Planning,
    RequestStatus,
    RotaPeriod,
    SwapRequest,
    VisitStatus,
)
from icv.rota.queries import planned_between
from icv.rota.reason_text import as_stored
from icv.rota.rules import cancel_problem, edit_problem, monday_of, period_problem
from icv.settings import get_settings
from icv.suites.models import Suite
from icv.volunteers.models import Volunteer


class RotaError(Exception):
    """A change to a rota was refused; the message says why, in the coordinator's words, next
    to ``field`` (a field of the form that asked) when the view has it."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def other_periods(exclude: RotaPeriod | None = None) -> list[tuple[date, date]]:
    query = select(RotaPeriod.starts_on, RotaPeriod.ends_on)
    if exclude is not None:
        query = query.where(RotaPeriod.id != exclude.id)
    return [tuple(row) for row in db.session.execute(query)]


def create_draft(actor: User | None, starts_on: date, ends_on: date, today: date) -> RotaPeriod:
    """Plan a new period from live data at once (the command line and the demo; the office
    queues it instead, ``queue_draft``): the solver's draft, for the coordinator to adjust."""
    period = new_period(actor, starts_on, ends_on, today)
    generate(period, today)
    record(actor, "rota.drafted", period, f"Draft rota for {period.label}", summary_of(period))
    return period


def queue_draft(actor: User, starts_on: date, ends_on: date, today: date) -> RotaPeriod:
    """Plan a new period in the background: the period is kept (so no other may overlap it)
    and the scheduler's ``rota_drafts`` job solves it, outside any web request."""
    period = new_period(actor, starts_on, ends_on, today)
    wait_for_solve(period)
    record(actor, "rota.queued", period, f"Draft rota for {period.label} asked for")
    return period


def plan_again(
    actor: User, period: RotaPeriod, starts_on: date, ends_on: date, today: date
) -> None:
    """A period whose solve failed is queued again, with the dates the coordinator gives."""
    if period.planning != Planning.FAILED:
        raise RotaError("This rota is not waiting to be planned again")
    if problem := period_problem(starts_on, ends_on, today, other_periods(exclude=period)):
        raise RotaError(problem, "starts_on")
    period.starts_on, period.ends_on = starts_on, ends_on
    wait_for_solve(period)
    record(actor, "rota.queued", period, f"Draft rota for {period.label} asked for again")


def new_period(actor: User | None, starts_on: date, ends_on: date, today: date) -> RotaPeriod:
    if problem := period_problem(starts_on, ends_on, today, other_periods()):
        raise RotaError(problem, "starts_on")
    period = RotaPeriod(starts_on=starts_on, ends_on=ends_on, created_by=actor, seed=0)
    db.session.add(period)
    return period


def wait_for_solve(period: RotaPeriod) -> None:
    """Queue the period for the ``rota_drafts`` job, with the seed its draft will be made from."""
    draw_seed(period)
    period.planning, period.queued_at, period.planning_error = Planning.QUEUED, now_utc(), None
    db.session.flush()


def draw_seed(period: RotaPeriod) -> None:
    """Drawn at random for each draft, so the next rota cannot be guessed from the last. Each
    draft also takes the scheme's allocation (by day or by week) as it is now."""
    period.seed = secrets.randbelow(2**31)
    period.allocation = get_settings()["allocation"]


def solve_key(period: RotaPeriod) -> str:
    """What one request for a draft is known by (the job's claim): when, and its seed."""
    return f"{period.queued_at.isoformat()}/{period.seed}" if period.queued_at else ""


def regenerate(actor: User, period: RotaPeriod) -> None:
    """A fresh draft with a new seed, made in the background (hand changes to the old draft
    are lost)."""
    if period.is_published:
        raise RotaError("A published rota cannot be generated again; change its visits instead")
    period.visits.clear()
    period.unfilled = []
    wait_for_solve(period)
    record(actor, "rota.regenerated", period, f"Draft rota for {period.label} asked for again")


def generate(period: RotaPeriod, today: date) -> None:
    """Make the draft at once (the command line and the demo)."""
    draw_seed(period)
    store_draft(period, solve_draft(period, today))


def solve_draft(period: RotaPeriod, today: date) -> Solution:
    """A new draft of ``period`` from its seed. Only reads: the background job solves before
    it claims the period, so SQLite's one writer is not held up for the whole solve."""
    booked = problem_from_db.booked_nearby(period.id, period.starts_on, period.ends_on)
    built = problem_from_db.build_problem(
        period.starts_on,
        period.ends_on,
        period.seed,
        today,
        booked=booked,
        allocation=period.allocation,
    )
    return solve(built.problem)


def store_draft(period: RotaPeriod, solution: Solution) -> None:
    """Keep the solver's draft and its quality figures (worked out now, once, not per view)."""
    store(period, solution)
    period.generated_at = now_utc()
    period.planning = period.planning_error = None
    db.session.flush()
    quality_store.keep(period)


def fail_draft(period: RotaPeriod, message: str) -> None:
    """The solve failed: the period waits for the coordinator, with why in their words."""
    period.planning, period.planning_error = Planning.FAILED, message
    record(None, "rota.planning_failed", period, f"Draft rota for {period.label}: {message}")


def store(period: RotaPeriod, solution: Solution) -> None:
    for visit in solution.visits:
        period.visits.append(
            PlannedVisit(
                suite_id=problem_from_db.key_id(visit.suite),
                visit_on=visit.date,
                band=visit.band,
                visitors=[
                    PlannedVisitor(volunteer_id=problem_from_db.key_id(v)) for v in visit.volunteers
                ],
            )
        )
    period.unfilled = [
        {"suite_id": problem_from_db.key_id(gap.suite), "week": gap.week}
        | as_stored(gap.code, gap.params)
        for gap in solution.unfilled
    ]


def summary_of(period: RotaPeriod) -> dict:
    return {"visits": len(period.visits), "unfilled": len(period.unfilled), "seed": period.seed}


def delete_draft(actor: User, period: RotaPeriod) -> None:
    if period.is_published:
        raise RotaError("A published rota cannot be deleted")
    record(actor, "rota.deleted", period, f"Draft rota for {period.label} deleted")
    db.session.delete(period)


def publish(actor: User, period: RotaPeriod) -> int:
    """Publish a draft: each volunteer on it is mailed their own visits. Returns how many."""
    if period.is_published:
        raise RotaError("This rota is already published")
    if not period.visits:
        raise RotaError("This rota has no visits to publish")
    period.status = PeriodStatus.PUBLISHED
    period.published_at = now_utc()
    period.published_by = actor
    problem_from_db.keep_requirements(period)  # history stays history when a target changes later
    told = mail.rota_published(period)
    record(actor, "rota.published", period, f"Rota for {period.label} published to {told}")
    return told


# -- changes by hand ----------------------------------------------------------------------


def check(period: RotaPeriod, changed: Visit, replaced: PlannedVisit | None, today: date) -> None:
    """Refuse ``changed`` (a new or edited visit) if it breaks a rule that was not broken."""
    extra = [db.session.get(Volunteer, problem_from_db.key_id(key)) for key in changed.volunteers]
    rules = EditCheck(period, today, [v for v in extra if v], problem_from_db.key_id(changed.suite))
    if problems := rules.problems(changed, replaced):
        raise RotaError("; ".join(problems))


def start_of(day: date, band: str) -> date:
    """The day a visit is stored on: its own, or (allocated by week) its week's Monday."""
    return monday_of(day) if band == WEEK_BAND else day


def last_day_of(visit_on: date, band: str) -> date:
    """The last day a visit may be made: its day, or (by week) the Sunday of its week."""
    return visit_on + timedelta(days=6) if band == WEEK_BAND else visit_on


def move_visit(actor: User, visit: PlannedVisit, visit_on: date, band: str, today: date) -> None:
    if problem := edit_problem(visit.status, visit.last_day, today):
        raise RotaError(problem)
    visit_on = start_of(visit_on, band)
    if last_day_of(visit_on, band) < today:
        raise RotaError("Choose a day from today on")
    before = (visit.visit_on, visit.band)
    moved = Visit(
        problem_from_db.suite_key(visit.suite_id),
        visit_on,
        band,
        problem_from_db.as_visit(visit).volunteers,
    )
    check(visit.period, moved, visit, today)
    visit.visit_on, visit.band = visit_on, band
    record(
        actor,
        "rota.visit_moved",
        visit,
        f"{visit.suite.name} visit moved from {before[0]:%-d %b} to {visit_on:%-d %b %Y} ({band})",
    )
    if visit.period.is_published:
        mail.visit_changed(visit, [pv.volunteer for pv in visit.visitors], "moved")


def add_visit(
    actor: User,
    period: RotaPeriod,
    suite: Suite,
    visit_on: date,
    band: str,
    volunteers: list[Volunteer],
    today: date,
) -> PlannedVisit:
    """A visit added by hand, e.g. to fill a gap the solver could not."""
    visit_on = start_of(visit_on, band)
    if not period.starts_on <= visit_on <= period.ends_on:
        raise RotaError(
            f"Choose a day between {period.starts_on:%-d %b} and {period.ends_on:%-d %b %Y}"
        )
    if last_day_of(visit_on, band) < today:
        raise RotaError("Choose a day from today on")
    keys = tuple(problem_from_db.volunteer_key(v.id) for v in volunteers)
    check(period, Visit(problem_from_db.suite_key(suite.id), visit_on, band, keys), None, today)
    visit = PlannedVisit(
        suite=suite,
        visit_on=visit_on,
        band=band,
        visitors=[PlannedVisitor(volunteer=v) for v in volunteers],
    )
    period.visits.append(visit)
    db.session.flush()
    record(actor, "rota.visit_added", visit, f"{suite.name} visit added on {visit_on:%-d %b %Y}")
    if period.is_published:
        mail.visit_changed(visit, volunteers, "added")
    return visit


def withdraw_from_rota(
    actor: User | None, volunteer: Volunteer, from_day: date, why: str, until: date = date.max
) -> list[PlannedVisit]:
    """A volunteer who can no longer visit (vetting lapsed, suspended, left) comes off every
    visit still planned from ``from_day`` (to ``until``); their partners are told, and the
    visits, now short of a visitor, are returned for the coordinator to fill (domain rule 19)."""
    visits = planned_between(from_day, until, volunteer_id=volunteer.id)
    for visit in visits:
        visit.visitors.remove(visit.visitor_for(volunteer))
        if visit.period.is_published:
            mail.visit_changed(visit, [pv.volunteer for pv in visit.visitors], "changed")
    for request in open_requests_of(volunteer, visits):
        request.status = RequestStatus.CANCELLED
        request.resolved_at = now_utc()  # decided now, as any other: the list orders by it
        request.outcome_note = "You are no longer on this visit."
    if visits:
        record(
            actor,
            "rota.volunteer_withdrawn",
            volunteer,
            f"{volunteer.user.name} taken off {len(visits)} planned visit(s) from "
            f"{from_day:%-d %b %Y}: {why}",
        )
    return visits


def open_requests_of(volunteer: Volunteer, visits: list[PlannedVisit]) -> list[SwapRequest]:
    if not visits:
        return []
    return list(
        db.session.scalars(
            select(SwapRequest).where(
                SwapRequest.volunteer_id == volunteer.id,
                SwapRequest.status == RequestStatus.OPEN,
                SwapRequest.visit_id.in_([v.id for v in visits]),
            )
        )
    )


def cancel_visit(actor: User, visit: PlannedVisit, reason: str) -> None:
    if problem := cancel_problem(visit.status, reason):
        raise RotaError(problem)
    set_status(visit, VisitStatus.CANCELLED)
    visit.cancel_reason = reason.strip()
    record(
        actor,
        "rota.visit_cancelled",
        visit,
        f"{visit.suite.name} visit on {visit.visit_on:%-d %b %Y} cancelled: {reason.strip()}",
    )
    if visit.period.is_published:
        mail.visit_changed(visit, [pv.volunteer for pv in visit.visitors], "cancelled")


def set_status(visit: PlannedVisit, status: VisitStatus) -> None:
    visit.status = status
    visit.status_changed_at = now_utc()
