"""Which reminders a person wants by email. Every reminder is on until they turn it off.

Reminders are the optional mail a volunteer gets about their own things (vetting, term, visits,
reports). Mail to the coordinator is never optional and does not go through here.

To add a kind of reminder: add one entry to ``REMINDER_KINDS``, then
send with ``remind(user, "visit", "visit-reminder", visit=visit)`` instead of ``queue_email``.
The new kind appears on the volunteer's "Email reminders" page at once, switched on for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select

from icv.audit.services import record
from icv.extensions import db
from icv.notifications.models import OutboxMessage, ReminderOptOut
from icv.notifications.services import queue_email
from icv.text import N_

if TYPE_CHECKING:  # the outbox sits below accounts: a person is only read here
    from icv.accounts.models import User


@dataclass(frozen=True)
class ReminderKind:
    label: str
    #: Says when the reminder comes, under its checkbox.
    hint: str


#: kind -> what the volunteer sees (English, marked: the page and the form translate it).
#: Order is the order on the page.
REMINDER_KINDS: dict[str, ReminderKind] = {
    "vetting": ReminderKind(
        N_("Police vetting renewal"),
        N_("Before your police vetting needs renewing, so you can keep visiting."),
    ),
    "term": ReminderKind(
        N_("End of your term"),
        N_("Before your term of appointment ends."),
    ),
    "visit": ReminderKind(
        N_("Your visits"),
        N_("A few days before each visit you are on the rota for."),
    ),
    "unconfirmed": ReminderKind(
        N_("Visits to confirm"),
        N_("When a visit is a week or so away and you have not confirmed it or asked to swap."),
    ),
    "report": ReminderKind(
        N_("Visit reports to write"),
        N_("The day after a visit, if its report has not been written yet."),
    ),
}


def _known(kind: str) -> str:
    if kind not in REMINDER_KINDS:
        raise KeyError(f"unknown reminder kind {kind!r}; add it to REMINDER_KINDS")
    return kind


def turned_off(user: User) -> set[str]:
    return set(
        db.session.scalars(select(ReminderOptOut.kind).where(ReminderOptOut.user_id == user.id))
    )


def wants_reminder(user: User, kind: str) -> bool:
    """True unless ``user`` has turned reminders of ``kind`` off (or cannot sign in any more)."""
    return _known(kind) not in turned_off(user) and user.is_active


def reminders_on(user: User) -> list[str]:
    """The kinds this person gets, in page order."""
    off = turned_off(user)
    return [kind for kind in REMINDER_KINDS if kind not in off]


def remind(user: User, kind: str, template: str, **context: Any) -> OutboxMessage | None:
    """Queue a reminder of ``kind`` to ``user`` if they want it; None if they do not."""
    if not wants_reminder(user, kind):
        return None
    return queue_email(user.email, template, user=user, **context)


def set_reminders(actor: User, user: User, kinds_on: set[str]) -> bool:
    """Store which reminders ``user`` gets; audited. Returns whether anything changed."""
    off = {kind for kind in REMINDER_KINDS if kind not in kinds_on}
    before = turned_off(user)
    if off == before:
        return False
    db.session.execute(
        delete(ReminderOptOut).where(
            ReminderOptOut.user_id == user.id, ReminderOptOut.kind.not_in(off)
        )
    )
    db.session.add_all(ReminderOptOut(user_id=user.id, kind=kind) for kind in off - before)
    db.session.flush()
    on = [REMINDER_KINDS[kind].label for kind in REMINDER_KINDS if kind not in off]
    record(
        actor,
        "account.reminders",
        user,
        f"{user.name} gets reminders: {', '.join(on) or 'none'}",
        {"off": [sorted(before), sorted(off)]},
    )
    return True
