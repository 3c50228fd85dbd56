"""How the jobs react to what happens in other areas (``icv.signals``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from icv.accounts.models import User
from icv.jobs.claims import settle, subject
from icv.signals import vetting_lapsed
from icv.volunteers.models import Volunteer


@vetting_lapsed.connect
def settle_lapse_notice(
    _sender: Any,
    *,
    volunteer: Volunteer,
    actor: User | None,
    now: datetime,
    expires_on: date,
    **_: Any,
) -> None:
    """A lapse someone recorded and acted on at once: the daily job must not act on it again.
    (The job itself sends the signal with no actor, while acting on its own notice.)"""
    if actor is None:
        return
    settle(
        "vetting_lapsed",
        subject(volunteer),
        expires_on.isoformat(),
        now,
        f"acted on when {actor.name} recorded it",
    )
