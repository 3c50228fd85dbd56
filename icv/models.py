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
from icv.notifications.models import OutboxMessage
from icv.suites.models import Suite, suite_liaisons
from icv.visits.models import (
    DetaineeNote,
    IssueEvent,
    ReportDraft,
    ReportVersion,
    VisitIssue,
    VisitReport,
)
from icv.volunteers.models import Volunteer, volunteer_suites

__all__ = [
    "Application",
    "ApplicationDraft",
    "ApplicationEvent",
    "AuditEvent",
    "DetaineeNote",
    "DiversityResponse",
    "IssueEvent",
    "OutboxMessage",
    "Referee",
    "ReportDraft",
    "ReportVersion",
    "SchemeSetting",
    "Suite",
    "User",
    "UserRole",
    "VisitIssue",
    "VisitReport",
    "Volunteer",
    "suite_liaisons",
    "volunteer_suites",
]
