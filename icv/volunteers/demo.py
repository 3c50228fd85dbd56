"""Demo volunteer records for the demo volunteer accounts, from their applications."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from icv.accounts.models import User
from icv.applications.models import Application
from icv.extensions import db
from icv.suites.models import Suite
from icv.volunteers.models import Volunteer
from icv.volunteers.rules import term_end


def ensure_volunteers(today: date, suites: list[Suite], settings: dict[str, Any]) -> None:
    """Volunteer records for the demo volunteer accounts (one with vetting due soon)."""
    plans = {
        "volunteer@example.org": ("active", 800, today + timedelta(days=500), suites),
        "volunteer2@example.org": ("active", 1000, today + timedelta(days=45), suites[:1]),
        "volunteer3@example.org": ("probation", 120, today + timedelta(days=900), suites[1:]),
    }
    for email, (status, days_ago, vetting_expires, panel) in plans.items():
        user = db.session.scalars(User.by_email(email)).first()
        if user is None:
            continue
        if db.session.scalars(Volunteer.of_user(user.id)).first():
            continue
        appointed = today - timedelta(days=days_ago)
        application = db.session.scalars(
            select(Application).where(Application.email == email)
        ).first()
        db.session.add(
            Volunteer(
                user=user,
                application=application,
                status=status,
                appointed_on=appointed,
                term_ends_on=term_end(appointed, int(settings["term_years"])),
                probation_visits_required=int(settings["probation_visits"]),
                probation_visits_before=1 if status == "probation" else 3,
                vetting_level="NPPV2",
                vetting_cleared_on=vetting_expires - timedelta(days=3 * 365),
                vetting_expires_on=vetting_expires,
                suites=list(panel),
            )
        )
    db.session.flush()
