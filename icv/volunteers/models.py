from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.accounts.models import User
from icv.clock import now_utc
from icv.extensions import db
from icv.suites.models import Suite
from icv.types import UTCDateTime

if TYPE_CHECKING:
    from icv.applications.models import Application


class VolunteerStatus(StrEnum):
    PROBATION = "probation"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    RESIGNED = "resigned"
    TERM_ENDED = "term_ended"

    @property
    def label(self) -> str:
        return {
            "probation": "On probation",
            "active": "Active",
            "suspended": "Suspended",
            "resigned": "Resigned",
            "term_ended": "Term ended",
        }[self.value]


#: The custody suites a volunteer visits (their panel).
volunteer_suites = Table(
    "volunteer_suites",
    db.metadata,
    Column("volunteer_id", ForeignKey("volunteers.id", ondelete="CASCADE"), primary_key=True),
    Column("suite_id", ForeignKey("suites.id", ondelete="CASCADE"), primary_key=True),
)


class Volunteer(db.Model):
    """An appointed custody visitor: the scheme's record, beside their sign-in account."""

    __tablename__ = "volunteers"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(12), default=VolunteerStatus.PROBATION)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    appointed_on: Mapped[date] = mapped_column(Date)
    term_ends_on: Mapped[date] = mapped_column(Date)
    #: Accompanied visits needed before probation can end, and made so far.
    probation_visits_required: Mapped[int] = mapped_column(Integer, default=3)
    probation_visits_done: Mapped[int] = mapped_column(Integer, default=0)
    vetting_level: Mapped[str | None] = mapped_column(String(10))
    vetting_cleared_on: Mapped[date | None] = mapped_column(Date)
    vetting_expires_on: Mapped[date | None] = mapped_column(Date)
    training_completed_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(lazy="joined")
    application: Mapped[Application | None] = relationship(back_populates="volunteer")
    suites: Mapped[list[Suite]] = relationship(
        secondary=volunteer_suites, lazy="selectin", order_by=Suite.name
    )

    def __repr__(self) -> str:
        return f"<Volunteer {self.id} {self.status}>"

    @property
    def status_enum(self) -> VolunteerStatus:
        return VolunteerStatus(self.status)
