"""Sections of the coordinator's weekly digest from the areas that exist so far.

Each is a function of the day that returns the lines to list (an empty list leaves the section
out). Register one in ``icv.jobs.digest.SECTIONS``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from icv.admin.settings import get_settings
from icv.applications.models import Application
from icv.applications.pipeline import days_in_stage, is_overdue
from icv.applications.stages import PIPELINE
from icv.clock import local
from icv.extensions import db
from icv.volunteers.services import needing_attention


def overdue_applications(today: date) -> list[str]:
    """Open applications in a stage for longer than the scheme's target, longest first.

    This is also the "recruitment stages over their target time" list of the issue: it goes
    out in the digest rather than as a second email on the same Monday morning.
    """
    targets = get_settings()["stage_targets"]
    open_stages = [stage.value for stage in PIPELINE if not stage.is_closed]
    applications = db.session.scalars(
        select(Application)
        .where(Application.stage.in_(open_stages))
        .order_by(Application.stage_changed_at, Application.id)
    )
    lines = []
    for application in applications:
        days = days_in_stage(local(application.stage_changed_at).date(), today)
        if is_overdue(application.stage_enum, days, targets):
            lines.append(
                f"{application.name} ({application.reference}): "
                f"{application.stage_enum.label.lower()} for {days} days, "
                f"target {targets[application.stage]}"
            )
    return lines


def volunteers_needing_attention(today: date) -> list[str]:
    """Volunteers who cannot be rostered, or whose vetting or term ends within 90 days."""
    return [f"{name}: {why}" for name, why in needing_attention(today)]
