"""Writes to the limits on a volunteer's rota only the coordinator sets: a monthly maximum,
suites to avoid, pairs never put together. (What the volunteer keeps, their pattern and away
dates, is ``icv.rota.availability``.) The caller commits."""

from __future__ import annotations

from sqlalchemy import select

from icv.accounts.models import User
from icv.audit.services import record
from icv.extensions import db
from icv.volunteers.models import AvoidPair, Volunteer
from icv.volunteers.services import VolunteerError, suites_by_id


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
