from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from icv.clock import now_utc
from icv.extensions import db
from icv.types import UTCDateTime


class OutboxStatus(StrEnum):
    PENDING = "pending"  # waiting for its next attempt
    SENDING = "sending"  # claimed by one deliverer
    SENT = "sent"
    FAILED = "failed"  # gave up; stays visible to admins with its last error


class OutboxMessage(db.Model):
    """One email waiting to be sent, sent, or given up on."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        # The outbox page's filter (and count) of messages that may have gone twice.
        Index("ix_outbox_interrupted_at", "interrupted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    #: Which template made it, e.g. ``invitation`` (for filtering and tests).
    kind: Mapped[str] = mapped_column(String(60))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    #: When a deliverer claimed it; a claim older than the stale limit is released.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The scheduler process that claimed it (None for ``icv outbox deliver``): when that process
    #: has died, its claim is released at once rather than after the stale limit.
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))
    #: The Message-ID header, chosen at the first claim and kept for every attempt, so a copy
    #: sent twice (see ``interrupted_at``) is the same message to the mail server and the reader.
    message_id: Mapped[str | None] = mapped_column(String(255))
    #: The mail server's last answer about this message, e.g. "250 2.0.0 Ok: queued as 4Fz1".
    smtp_reply: Mapped[str | None] = mapped_column(String(500))
    #: When an attempt ended without knowing whether the server took the message (its deliverer
    #: died mid-send, or the connection dropped while the server was answering): it was tried
    #: again, so it may have arrived twice (delivery is at least once).
    interrupted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} to {self.to_address} {self.status}>"

    @property
    def body_removed(self) -> bool:
        """True once its recipient and text went at the end of the retention period
        (``icv.retention.services.remove_mail_bodies``): it can no longer be sent."""
        return self.to_address == ""

    @property
    def title(self) -> str:
        return self.subject or "Text removed at the end of the retention period"


class ReminderOptOut(db.Model):
    """A person has turned off one kind of reminder (see ``icv.notifications.preferences``).

    Only the choices to turn a reminder off are stored, so every reminder is on until someone
    turns it off, and a new kind of reminder needs no migration.
    """

    __tablename__ = "reminder_opt_outs"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    #: A key of ``icv.notifications.preferences.REMINDER_KINDS``, e.g. ``vetting``.
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
