"""One small sender per message the jobs send; each renders ``templates/emails/<name>-*``.

Reminders to a volunteer go through ``remind`` (they can turn them off); mail to the
coordinators goes through ``to_coordinators`` and is never optional.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from icv.notifications.preferences import remind
from icv.notifications.services import external_url, queue_to_coordinators

if TYPE_CHECKING:
    from icv.jobs.digest import DigestPart
    from icv.volunteers.models import Volunteer


def to_coordinators(template: str, **context: Any) -> int:
    return queue_to_coordinators(template, **context)


def _about(volunteer: Volunteer, ends_on: date, today: date) -> dict[str, Any]:
    return {
        "volunteer": volunteer,
        "ends_on": ends_on,
        "days_left": (ends_on - today).days,
        "record_link": external_url("volunteers.detail", volunteer_id=volunteer.id),
        "account_link": external_url("accounts.account"),
        "reminders_link": external_url("accounts.reminders"),
    }


def expiry_reminder(
    volunteer: Volunteer, reminder: str, template: str, ends_on: date, today: date
) -> bool:
    """The volunteer's own warning (``vetting-due``, ``term-ending``), if they want it."""
    sent = remind(volunteer.user, reminder, template, **_about(volunteer, ends_on, today))
    return sent is not None


def expiry_notice(template: str, volunteer: Volunteer, ends_on: date, today: date) -> int:
    """The coordinators' message about a volunteer (``vetting-due-coordinator``,
    ``term-ending-coordinator``, ``vetting-lapsed-coordinator``)."""
    return to_coordinators(template, **_about(volunteer, ends_on, today))


def weekly_digest(parts: list[DigestPart], today: date) -> int:
    return to_coordinators("weekly-digest", parts=parts, today=today)
