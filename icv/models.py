"""Import every model so the metadata (and Alembic autogenerate) sees all tables."""

from icv.accounts.models import User, UserRole
from icv.admin.models import SchemeSetting
from icv.audit.models import AuditEvent
from icv.notifications.models import OutboxMessage
from icv.suites.models import Suite, suite_liaisons

__all__ = [
    "AuditEvent",
    "OutboxMessage",
    "SchemeSetting",
    "Suite",
    "User",
    "UserRole",
    "suite_liaisons",
]
