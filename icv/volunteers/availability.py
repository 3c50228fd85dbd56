"""Writes to a volunteer's availability for rotas: their weekly pattern, the suites they can
reach and their away dates (kept by the volunteer), and the limits only the coordinator sets
(monthly maximum, suites to avoid, pairs never put together). The caller commits."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from icv.accounts.models import User
from icv.audit.services import record
from icv.clock import now_utc
from icv.extensions import db
from icv.rota.models import PlannedVisit
from icv.rota.queries import planned_between
from icv.volunteers.models import AvoidPair, AwayPeriod, Volunteer
from icv.volunteers.services import VolunteerError, suites_by_id

#: Away dates are for holidays and spells of illness, not open-ended absences.
LONGEST_AWAY = timedelta(days=366)


def set_pattern(
    actor: User, volunteer: Volunteer, pattern: list[tuple[int, str]], unreachable: list[int]
) -> None:
    """The weekly times they can usually visit, and the panel suites they cannot get to."""
    volunteer.weekly_availability = [[day, band] for day, band in sorted(set(pattern))]
    panel = {s.id for s in volunteer.suites}
    volunteer.unreachable_suites = suites_by_id([i for i in unreachable if i in panel])
    volunteer.availability_updated_at = now_utc()
    record(
        actor,
        "volunteer.availability",
        volunteer,
        f"{volunteer.user.name}: availability {len(pattern)} times a week",
        {"pattern": volunteer.weekly_availability, "unreachable": sorted(unreachable)},
    )


def away_problem(starts_on: date, ends_on: date, today: date) -> str | None:
    if ends_on < starts_on:
        return "The last day away must be on or after the first"
    if ends_on < today:
        return "These dates have passed"
    if ends_on - starts_on > LONGEST_AWAY:
        return "Give away dates of a year or less; for longer, talk to the scheme office"
    return None


def add_away(
    actor: User, volunteer: Volunteer, starts_on: date, ends_on: date, today: date
) -> list[PlannedVisit]:
    """Record dates away; returns their planned visits in those dates, to swap or drop."""
    if problem := away_problem(starts_on, ends_on, today):
        raise VolunteerError(problem)
    volunteer.away_periods.append(AwayPeriod(starts_on=starts_on, ends_on=ends_on))
    record(
        actor,
        "volunteer.away",
        volunteer,
        f"{volunteer.user.name}: away {starts_on:%-d %b %Y} to {ends_on:%-d %b %Y}",
    )
    # Only published visits: a draft rota is not theirs to see yet.
    return planned_between(starts_on, ends_on, volunteer_id=volunteer.id, published=True)


def remove_away(actor: User, volunteer: Volunteer, away: AwayPeriod) -> None:
    if away.volunteer_id != volunteer.id:
        raise VolunteerError("These are not your away dates")
    volunteer.away_periods.remove(away)
    record(
        actor,
        "volunteer.away_removed",
        volunteer,
        f"{volunteer.user.name}: not away {away.starts_on:%-d %b} to {away.ends_on:%-d %b %Y}",
    )


def set_limits(
    actor: User, volunteer: Volunteer, max_per_month: int | None, avoided: list[int]
) -> None:
    """The coordinator's limits: a monthly maximum (None: the scheme's) and suites to avoid."""
    before = (volunteer.max_per_month, [s.name for s in volunteer.avoided_suites])
    volunteer.max_per_month = max_per_month
    volunteer.avoided_suites = suites_by_id(avoided)
    after = (volunteer.max_per_month, [s.name for s in volunteer.avoided_suites])
    if before != after:
        record(
            actor,
            "volunteer.rota_limits",
            volunteer,
            f"{volunteer.user.name}: at most {max_per_month or 'the usual number of'} visits a "
            f"month; avoids {', '.join(after[1]) or 'no suite'}",
        )


def pair_rows(volunteer: Volunteer) -> list[tuple[AvoidPair, Volunteer]]:
    """Each pair this volunteer is never put with, and the other volunteer in it."""
    rows = db.session.scalars(
        select(AvoidPair).where(
            (AvoidPair.volunteer_id == volunteer.id) | (AvoidPair.other_id == volunteer.id)
        )
    )
    return [
        (pair, pair.other if pair.volunteer_id == volunteer.id else pair.volunteer) for pair in rows
    ]


def add_pair(actor: User, volunteer: Volunteer, other: Volunteer, reason: str) -> None:
    if other.id == volunteer.id:
        raise VolunteerError("Choose another volunteer")
    low, high = sorted((volunteer.id, other.id))
    exists = db.session.scalar(
        select(AvoidPair.id).where(AvoidPair.volunteer_id == low, AvoidPair.other_id == high)
    )
    if exists:
        raise VolunteerError(f"{other.user.name} is already never paired with them")
    db.session.add(AvoidPair(volunteer_id=low, other_id=high, reason=reason.strip()))
    record(
        actor,
        "volunteer.avoid_pair",
        volunteer,
        f"{volunteer.user.name} and {other.user.name} are never to be paired",
    )


def remove_pair(actor: User, volunteer: Volunteer, pair: AvoidPair) -> None:
    if volunteer.id not in (pair.volunteer_id, pair.other_id):
        raise VolunteerError("This pair does not include this volunteer")
    db.session.delete(pair)
    record(
        actor,
        "volunteer.avoid_pair_removed",
        volunteer,
        f"{volunteer.user.name}: a pair may be paired again",
    )
