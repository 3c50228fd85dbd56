from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.clock import now_utc
from icv.extensions import db
from icv.types import UTCDateTime

if TYPE_CHECKING:  # the audit log sits below accounts: it names the user by string
    from icv.accounts.models import User


class AuditEvent(db.Model):
    """One change to personal data, vetting, a report, a role or a setting."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, index=True)
    #: Who acted; empty for the system (a scheduled job) or a member of the public.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Dotted verb, e.g. ``account.invited``, ``account.deactivated``.
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(40))
    #: One line a person can read in the log.
    summary: Mapped[str] = mapped_column(String(300))
    #: What changed, as field -> value or field -> [old, new]; never passwords or tokens.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship("User", lazy="joined")
