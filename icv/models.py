"""Import every model so the metadata (and Alembic autogenerate) sees all tables."""

from icv.accounts.models import RecoveryCode, SecondFactor, User, UserRole
from icv.applications.models import (
    Application,
    ApplicationDraft,
    ApplicationEvent,
    DiversityResponse,
    Referee,
)
from icv.audit.models import AuditEvent
from icv.expenses.models import ExpenseClaim
from icv.jobs.models import JobRun, ScheduledNotice, SchedulerProcess, apscheduler_jobs
from icv.notifications.models import OutboxMessage, ReminderOptOut
from icv.rota.models import (
    PlannedVisit,
    PlannedVisitor,
    RotaPeriod,
    RotaRequirement,
    SwapRequest,
    VisitOffer,
)
from icv.settings.models import SchemeSetting
from icv.suites.models import Suite, SuiteClosure, suite_liaisons
from icv.summary.models import AnnualSummary, ApiToken
from icv.training.models import (
    AnnualReview,
    Meeting,
    MeetingAttendance,
    Memorandum,
    MemorandumSignature,
    TrainingKind,
    TrainingRecord,
    TrainingSession,
)
from icv.visits.models import (
    Check,
    CheckAnswer,
    CheckSet,
    DetaineeNote,
    IssueEvent,
    ReportDraft,
    ReportVersion,
    VisitIssue,
    VisitReport,
)
from icv.volunteers.models import (
    AvoidPair,
    AwayPeriod,
    Volunteer,
    volunteer_avoided_suites,
    volunteer_suites,
    volunteer_unreachable_suites,
)

__all__ = [
    "AnnualReview",
    "AnnualSummary",
    "ApiToken",
    "Application",
    "ApplicationDraft",
    "ApplicationEvent",
    "AuditEvent",
    "AvoidPair",
    "AwayPeriod",
    "Check",
    "CheckAnswer",
    "CheckSet",
    "DetaineeNote",
    "DiversityResponse",
    "ExpenseClaim",
    "IssueEvent",
    "JobRun",
    "Meeting",
    "MeetingAttendance",
    "Memorandum",
    "MemorandumSignature",
    "OutboxMessage",
    "PlannedVisit",
    "PlannedVisitor",
    "RecoveryCode",
    "Referee",
    "ReminderOptOut",
    "ReportDraft",
    "ReportVersion",
    "RotaPeriod",
    "RotaRequirement",
    "ScheduledNotice",
    "SchedulerProcess",
    "SchemeSetting",
    "SecondFactor",
    "Suite",
    "SuiteClosure",
    "SwapRequest",
    "TrainingKind",
    "TrainingRecord",
    "TrainingSession",
    "User",
    "UserRole",
    "VisitIssue",
    "VisitOffer",
    "VisitReport",
    "Volunteer",
    "apscheduler_jobs",
    "suite_liaisons",
    "volunteer_avoided_suites",
    "volunteer_suites",
    "volunteer_unreachable_suites",
]
