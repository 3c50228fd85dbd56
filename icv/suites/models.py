from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    false,
    true,
)
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
    #: The scheme's target: pair visits a week (most schemes visit each suite weekly).
    visits_per_week: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: Ids of the time bands in which it may be visited; None means every band.
    bands: Mapped[list[str] | None] = mapped_column(JSON)
    #: The custody office's own address (lower case): issues can be mailed there when the
    #: force has no custody liaison account for the suite. The mail needs no account to read.
    email: Mapped[str | None] = mapped_column(String(254))
    #: The escalation ladder's contacts where the office has them (issue_rules.LADDER): the
    #: custody inspector (the force's liaison for the suite) and the chief inspector or
    #: superintendent above them.
    inspector_name: Mapped[str | None] = mapped_column(String(120))
    inspector_email: Mapped[str | None] = mapped_column(String(254))
    senior_name: Mapped[str | None] = mapped_column(String(120))
    senior_email: Mapped[str | None] = mapped_column(String(254))
    #: Holds people detained under the Terrorism Act: every visit needs a visitor whose TACT
    #: training is in date on the day (the rota and the report form see to it).
    #: (A server default only: tests of older migrations insert through this table's columns.)
    holds_tact: Mapped[bool] = mapped_column(Boolean, server_default=false())

    liaisons: Mapped[list[User]] = relationship(secondary=suite_liaisons, lazy="selectin")
    closures: Mapped[list[SuiteClosure]] = relationship(
        back_populates="suite",
        cascade="all, delete-orphan",
        order_by="SuiteClosure.starts_on",
        lazy="selectin",
    )

    def __repr__(self) -> str:
        return f"<Suite {self.name}>"


class SuiteClosure(db.Model):
    """Days a suite is temporarily closed (refurbishment, flood): no visit is planned then."""

    __tablename__ = "suite_closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    suite_id: Mapped[int] = mapped_column(ForeignKey("suites.id", ondelete="CASCADE"), index=True)
    #: Inclusive dates.
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")

    suite: Mapped[Suite] = relationship(back_populates="closures")
