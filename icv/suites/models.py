from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, String, Table, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.accounts.models import User
from icv.clock import now_utc
from icv.extensions import db
from icv.types import UTCDateTime

#: Which custody suites a custody liaison (force custody inspector) answers for.
suite_liaisons = Table(
    "suite_liaisons",
    db.metadata,
    Column("suite_id", ForeignKey("suites.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Suite(db.Model):
    """A designated police custody suite."""

    __tablename__ = "suites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    #: False for a suite that is closed for good; it keeps its history.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    liaisons: Mapped[list[User]] = relationship(secondary=suite_liaisons, lazy="selectin")

    def __repr__(self) -> str:
        return f"<Suite {self.name}>"
