"""Who goes on a planned visit: the people the rules allow, best first, and adding or changing a
visitor by hand. Someone who agreed to go outside their usual availability may, with the reason
recorded on their place (audited and shown on the visit); every other rule still holds. The
caller commits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from icv.accounts.models import User
from icv.audit.services import record
from icv.extensions import db
from icv.rota import mail, problem_from_db
from icv.rota.edit_rules import EditCheck
from icv.rota.engine.problem import WEEKDAYS, Visit
from icv.rota.models import PlannedVisit, PlannedVisitor, VisitStatus
from icv.rota.rules import edit_problem
from icv.rota.services import RotaError
from icv.settings import band_by_id
from icv.volunteers.models import Volunteer


@dataclass(frozen=True)
class Candidate:
    """Someone who may take a place on a visit, and what ranks them."""

    volunteer: Volunteer
    #: their visits on this rota (not cancelled): fewer first, so the load stays even
    visits: int
    #: of those, visits with the people staying on this one: fewer first, so pairs vary
    together: int
    #: the visit is outside their usual availability (they may go only if they agreed to)
    outside: bool

    @property
    def hint(self) -> str:
        visits = f"{self.visits} visit{'s' if self.visits != 1 else ''} on this rota"
        if self.together:
            return f"{visits}, {self.together} with the same partner"
        return visits


def with_person(visit: PlannedVisit, leaving: Volunteer | None, joining: Volunteer) -> Visit:
    """The visit as it would be with ``joining`` in place of ``leaving`` (or added)."""
    keys = [
        problem_from_db.volunteer_key(
            joining.id if leaving and pv.volunteer_id == leaving.id else pv.volunteer_id
        )
        for pv in visit.visitors
    ]
    if leaving is None:
        keys.append(problem_from_db.volunteer_key(joining.id))
    return Visit(problem_from_db.suite_key(visit.suite_id), visit.visit_on, visit.band, tuple(keys))


def candidates(visit: PlannedVisit, leaving: Volunteer | None, today: date) -> list[Candidate]:
    """Everyone on the suite's panel who may take the place of ``leaving`` (or the empty
    place) without breaking a rule, best first: fewest visits on this rota, then fewest with
    the partner, then by name. After them, those for whom the only rule broken is their usual
    availability (``outside``), ranked the same way."""
    on_visit = visit.visitor_ids
    # The rules' problem has the suite's panel (and everyone on the rota's visits): the pool
    # is read from it, not read again, and not the thousand who may visit elsewhere (every
    # rule reads only the people on the visits and the one taking the place).
    rules = EditCheck(visit.period, today, panel_of=visit.suite_id)
    pool = [
        volunteer
        for key, volunteer in sorted(rules.built.volunteers.items(), key=lambda kv: kv[1].id)
        if key in rules.built.rosterable
        and volunteer.id not in on_visit
        and visit.suite_id in {suite.id for suite in volunteer.rota_suites}
    ]
    load, together = _loads(visit, leaving)
    found = []
    for person in pool:
        changed = with_person(visit, leaving, person)
        key = problem_from_db.volunteer_key(person.id)
        outside = rules.outside(key, changed)
        if not rules.problems(changed, visit, outside_ok=key if outside else None):
            found.append(Candidate(person, load[person.id], together[person.id], outside))
    return sorted(found, key=lambda c: (c.outside, c.visits, c.together, c.volunteer.user.name))


def _loads(visit: PlannedVisit, leaving: Volunteer | None) -> tuple[Counter, Counter]:
    """Per volunteer, their visits on the visit's rota, and those with the people staying."""
    staying = visit.visitor_ids - {leaving.id if leaving else None}
    load: Counter[int] = Counter()
    together: Counter[int] = Counter()
    for other in visit.period.visits:
        if other.status == VisitStatus.CANCELLED:
            continue
        people = other.visitor_ids
        load.update(people)
        if people & staying:
            together.update(people - staying)
    return load, together


def _check_joining(
    visit: PlannedVisit, changed: Visit, joining: Volunteer, today: date, why: str
) -> str | None:
    """Refuse ``changed`` if it breaks a rule, or is outside ``joining``'s usual availability
    without a reason; return the reason to record (None when within their availability)."""
    if problem := edit_problem(visit.status, visit.last_day, today):
        raise RotaError(problem)
    extra = {pv.volunteer for pv in visit.visitors} | {joining}
    rules = EditCheck(visit.period, today, extra, panel_of=visit.suite_id)
    key = problem_from_db.volunteer_key(joining.id)
    outside = rules.outside(key, changed)
    if problems := rules.problems(changed, visit, outside_ok=key if outside else None):
        raise RotaError("; ".join(problems))
    if not outside:
        return None
    if not why.strip():
        raise RotaError(
            f"{joining.user.name} does not usually visit {usual_time(visit)}: if they agreed "
            "to go, say why",
            field="why",
        )
    return why.strip()


def usual_time(visit: PlannedVisit) -> str:
    """``on Saturdays in the early morning``: the weekday and band of a visit, in words."""
    band = band_by_id(visit.band)
    when = band.label.lower() if band else visit.band
    return f"on {WEEKDAYS[visit.visit_on.weekday()]}s in the {when}"


def replace_visitor(
    actor: User | None,
    visit: PlannedVisit,
    leaving: Volunteer,
    joining: Volunteer,
    today: date,
    why: str = "",
) -> None:
    """Put ``joining`` on the visit in place of ``leaving``; ``why`` they go outside their
    usual availability, when they do."""
    place = visit.visitor_for(leaving)
    if place is None:
        raise RotaError(f"{leaving.user.name} is not on this visit")
    if visit.visitor_for(joining) is not None:
        raise RotaError(f"{joining.user.name} is already on this visit")
    override = _check_joining(visit, with_person(visit, leaving, joining), joining, today, why)
    place.volunteer, place.volunteer_id, place.confirmed_at = joining, joining.id, None
    place.availability_override = override
    what = f"{joining.user.name} instead of {leaving.user.name}"
    _audit(actor, "rota.visitor_replaced", visit, what, override)
    if visit.period.is_published:
        mail.visit_changed(visit, [leaving], "removed")
        mail.visit_changed(visit, [pv.volunteer for pv in visit.visitors], "changed")


def fill_place(
    actor: User | None, visit: PlannedVisit, joining: Volunteer, today: date, why: str = ""
) -> None:
    """Add a visitor to a visit that is short of one (someone came off it)."""
    if visit.visitor_for(joining) is not None:
        raise RotaError(f"{joining.user.name} is already on this visit")
    override = _check_joining(visit, with_person(visit, None, joining), joining, today, why)
    visit.visitors.append(PlannedVisitor(volunteer=joining, availability_override=override))
    db.session.flush()
    _audit(actor, "rota.visitor_added", visit, f"{joining.user.name} added", override)
    if visit.period.is_published:
        mail.visit_changed(visit, [joining], "added")
        mail.visit_changed(
            visit, [pv.volunteer for pv in visit.visitors if pv.volunteer is not joining], "changed"
        )


def _audit(
    actor: User | None, action: str, visit: PlannedVisit, what: str, override: str | None
) -> None:
    """The audit row of a visitor added or changed, with the override's reason if any."""
    outside = f", outside their usual availability: {override}" if override else ""
    record(
        actor,
        action,
        visit,
        f"{visit.suite.name} {visit.visit_on:%-d %b %Y}: {what}{outside}",
        {"availability_override": override} if override else None,
    )
