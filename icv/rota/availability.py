"""Writes to a volunteer's availability for rotas, kept by the volunteer: their weekly
pattern, the suites they can reach and their away dates (with the planned visits that fall in
them). The limits only the coordinator sets are ``icv.volunteers.limits``. The caller commits."""

from __future__ import annotations

from datetime import date, timedelta

from icv.accounts.models import User
from icv.audit.services import record
from icv.clock import now_utc
from icv.rota.models import PlannedVisit
from icv.rota.queries import planned_between
from icv.volunteers.models import AwayPeriod, Volunteer
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
