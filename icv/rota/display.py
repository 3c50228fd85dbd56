"""What the rota's pages (the coordinator's, the volunteer's and the home page) show alike: the
time bands' labels and how many visitors a visit needs."""

from __future__ import annotations

from flask_login import current_user

from icv.extensions import db
from icv.settings import get_settings, time_bands
from icv.volunteers.models import Volunteer


def needed() -> int:
    """Visitors a visit needs (the scheme's setting)."""
    return int(get_settings()["visitors_per_visit"])


def band_labels() -> dict[str, str]:
    return {b.id: f"{b.label} ({b.hours})" for b in time_bands()}


def own_record() -> Volunteer | None:
    """The signed-in volunteer's record (the pages of their own visits and availability)."""
    return db.session.scalars(Volunteer.of_user(current_user.id)).first()
