"""Import every model so the metadata (and Alembic autogenerate) sees all tables."""

from icv.accounts.models import User, UserRole
from icv.admin.models import SchemeSetting
from icv.applications.models import (
    Application,
    ApplicationDraft,
    ApplicationEvent,
    DiversityResponse,
    Referee,
)
from icv.audit.models import AuditEvent
from icv.jobs.models import JobRun, ScheduledNotice, apscheduler_jobs
from icv.notifications.models import OutboxMessage, ReminderOptOut
from icv.suites.models import Suite, suite_liaisons
from icv.volunteers.models import Volunteer, volunteer_suites

__all__ = [
    "Application",
    "ApplicationDraft",
    "ApplicationEvent",
    "AuditEvent",
    "DiversityResponse",
    "JobRun",
    "OutboxMessage",
    "Referee",
    "ReminderOptOut",
    "ScheduledNotice",
    "SchemeSetting",
    "Suite",
    "User",
    "UserRole",
    "Volunteer",
    "apscheduler_jobs",
    "suite_liaisons",
    "volunteer_suites",
]
