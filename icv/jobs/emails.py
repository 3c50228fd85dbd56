"""One small sender per message the jobs send; each renders ``templates/emails/<name>-*``.

Reminders to a volunteer go through ``remind`` (they can turn them off); mail to the
coordinators goes through ``to_coordinators`` and is never optional.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from icv.accounts.models import User, UserRole
from icv.accounts.roles import Role
from icv.admin.settings import get_settings
from icv.extensions import db
from icv.notifications.preferences import remind
from icv.notifications.services import external_url, queue_email

if TYPE_CHECKING:
    from icv.jobs.digest import DigestPart
    from icv.volunteers.models import Volunteer


def coordinators() -> list[User]:
    """Everyone who coordinates the scheme and can still sign in."""
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.COORDINATOR, User.is_active.is_(True))
            .order_by(User.id)
        )
    )


def to_coordinators(template: str, **context: Any) -> int:
    """Queue ``template`` to every coordinator; with none, to the scheme's contact address
    (so the message is never lost). Returns how many messages were queued."""
    people = coordinators()
    for person in people:
        queue_email(person.email, template, user=person, **context)
    if not people:
        queue_email(get_settings()["contact_email"], template, user=None, **context)
    return max(len(people), 1)


def _about(volunteer: Volunteer, ends_on: date, today: date) -> dict[str, Any]:
    return {
        "volunteer": volunteer,
        "ends_on": ends_on,
        "days_left": (ends_on - today).days,
        "record_link": external_url("volunteers.detail", volunteer_id=volunteer.id),
        "account_link": external_url("accounts.account"),
        "reminders_link": external_url("accounts.reminders"),
    }


def vetting_due(volunteer: Volunteer, today: date) -> bool:
    ends_on = volunteer.vetting_expires_on
    sent = remind(volunteer.user, "vetting", "vetting-due", **_about(volunteer, ends_on, today))
    return sent is not None


def vetting_due_to_coordinators(volunteer: Volunteer, today: date) -> int:
    ends_on = volunteer.vetting_expires_on
    return to_coordinators("vetting-due-coordinator", **_about(volunteer, ends_on, today))


def term_ending(volunteer: Volunteer, today: date) -> bool:
    ends_on = volunteer.term_ends_on
    sent = remind(volunteer.user, "term", "term-ending", **_about(volunteer, ends_on, today))
    return sent is not None


def term_ending_to_coordinators(volunteer: Volunteer, today: date) -> int:
    ends_on = volunteer.term_ends_on
    return to_coordinators("term-ending-coordinator", **_about(volunteer, ends_on, today))


def vetting_lapsed_to_coordinators(volunteer: Volunteer, today: date) -> int:
    ends_on = volunteer.vetting_expires_on
    return to_coordinators("vetting-lapsed-coordinator", **_about(volunteer, ends_on, today))


def weekly_digest(parts: list[DigestPart], today: date) -> int:
    return to_coordinators("weekly-digest", parts=parts, today=today)
