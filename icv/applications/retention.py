"""Deleting the personal data of applications closed without appointment. The caller commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from icv.applications.models import Application
from icv.applications.stages import Stage
from icv.audit.services import record
from icv.clock import months_before, now_utc, start_of_day
from icv.extensions import db


def minimise(application: Application) -> None:
    """Delete the personal data of a closed application, keeping what totals need."""
    application.name = "Deleted"
    application.email = ""
    application.phone = None
    application.date_of_birth = None
    application.address = None
    application.postcode = None
    application.work_postcode = None
    application.uk_resident_since = None
    application.occupation = None
    application.conflicts = None
    application.interview_panel = None
    application.interview_notes = None
    application.closed_reason = None
    application.past_roles = {}
    application.eligibility_findings = [
        {"rule": f["rule"], "outcome": f["outcome"], "reason": ""}
        for f in application.eligibility_findings
    ]
    application.referees = []
    for event in application.events:
        event.note = None
    application.minimised_at = now_utc()


def purge_expired(today: date, retention_months: int) -> int:
    """Minimise applications closed without appointment longer ago than the retention period."""
    cutoff = months_before(today, retention_months)
    closed = (Stage.INELIGIBLE.value, Stage.WITHDRAWN.value, Stage.REJECTED.value)
    due = list(
        db.session.scalars(
            select(Application).where(
                Application.stage.in_(closed),
                Application.minimised_at.is_(None),
                Application.stage_changed_at < start_of_day(cutoff),
            )
        )
    )
    for application in due:
        minimise(application)
        record(
            None,
            "application.minimised",
            application,
            f"Deleted personal data of {application.reference}",
        )
    return len(due)
