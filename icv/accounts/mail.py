"""Mail to people by their role (the outbox below knows addresses, not accounts)."""

from __future__ import annotations

from typing import Any

from icv.accounts.models import User
from icv.accounts.roles import Role
from icv.extensions import db
from icv.notifications.services import queue_email
from icv.settings import get_settings


def queue_to_coordinators(template: str, **context: Any) -> int:
    """Queue ``template`` to every coordinator (as ``user``); with none, to the scheme's contact
    address, so the message is never lost. Returns how many messages were queued."""
    people = db.session.scalars(User.active_with_role(Role.COORDINATOR)).all()
    for person in people:
        queue_email(person.email, template, user=person, **context)
    if not people:
        queue_email(get_settings()["contact_email"], template, user=None, **context)
    return max(len(people), 1)
