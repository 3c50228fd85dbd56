from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, lazyload, mapped_column, relationship

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

#: Panel suites the volunteer has said they cannot get to (their own choice, on their phone).
volunteer_unreachable_suites = Table(
    "volunteer_unreachable_suites",
    db.metadata,
    Column("volunteer_id", ForeignKey("volunteers.id", ondelete="CASCADE"), primary_key=True),
    Column("suite_id", ForeignKey("suites.id", ondelete="CASCADE"), primary_key=True),
)

#: Suites the coordinator keeps the volunteer away from (e.g. a relative works there).
volunteer_avoided_suites = Table(
    "volunteer_avoided_suites",
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
    status: Mapped[str] = mapped_column(String(12), default=VolunteerStatus.PROBATION, index=True)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    appointed_on: Mapped[date] = mapped_column(Date)
    term_ends_on: Mapped[date] = mapped_column(Date)
    #: Accompanied visits needed before probation can end.
    probation_visits_required: Mapped[int] = mapped_column(Integer, default=3)
    #: Accompanied visits made before icv kept their reports (typed by the office): an opening
    #: balance, to which the reports filed in icv add (``probation_visits_done``).
    probation_visits_before: Mapped[int] = mapped_column(Integer, default=0)
    #: Completed visits with a filed report naming them, since their appointment: counted
    #: again by the visits area whenever one of their reports is filed or corrected.
    probation_visits_reported: Mapped[int] = mapped_column(Integer, default=0)
    vetting_level: Mapped[str | None] = mapped_column(String(10))
    vetting_cleared_on: Mapped[date | None] = mapped_column(Date)
    vetting_expires_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    #: Weekly pattern the volunteer can usually visit in: [[weekday 0=Monday, band id], ...].
    weekly_availability: Mapped[list[list]] = mapped_column(JSON, default=list)
    availability_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Most visits a calendar month; None means the scheme's default.
    max_per_month: Mapped[int | None] = mapped_column(Integer)
    #: SHA-256 of the secret in the URL of the volunteer's private calendar feed (the address
    #: is shown once, when made); None when switched off.
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    user: Mapped[User] = relationship(lazy="joined")
    application: Mapped[Application | None] = relationship(back_populates="volunteer")
    suites: Mapped[list[Suite]] = relationship(
        secondary=volunteer_suites, lazy="selectin", order_by=Suite.name
    )
    unreachable_suites: Mapped[list[Suite]] = relationship(
        secondary=volunteer_unreachable_suites, lazy="selectin", order_by=Suite.name
    )
    avoided_suites: Mapped[list[Suite]] = relationship(
        secondary=volunteer_avoided_suites, lazy="selectin", order_by=Suite.name
    )
    away_periods: Mapped[list[AwayPeriod]] = relationship(
        back_populates="volunteer",
        cascade="all, delete-orphan",
        order_by="AwayPeriod.starts_on",
        lazy="selectin",
    )

    def __repr__(self) -> str:
        return f"<Volunteer {self.id} {self.status}>"

    @property
    def probation_visits_done(self) -> int:
        """Accompanied visits made: the opening balance and those reported in icv."""
        return (self.probation_visits_before or 0) + (self.probation_visits_reported or 0)

    @property
    def status_enum(self) -> VolunteerStatus:
        return VolunteerStatus(self.status)

    @staticmethod
    def of_user(user_id: int):  # -> Select
        """The volunteer record of a sign-in account (at most one)."""
        return select(Volunteer).where(Volunteer.user_id == user_id)

    @staticmethod
    def alone_of_user(user_id: int):  # -> Select
        """The record without its account, panels or dates away (one statement, not nine):
        for a page that asks only which visits or reports are theirs."""
        return Volunteer.of_user(user_id).options(lazyload("*"))

    @property
    def rota_suites(self) -> list[Suite]:
        """Suites they may be rostered at: their panel, less what they cannot reach or avoid."""
        excluded = {s.id for s in self.unreachable_suites} | {s.id for s in self.avoided_suites}
        return [s for s in self.suites if s.id not in excluded and s.is_active]


class AwayPeriod(db.Model):
    """Dates a volunteer is away (holiday, illness): never rostered then."""

    __tablename__ = "away_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    #: Inclusive dates.
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    volunteer: Mapped[Volunteer] = relationship(back_populates="away_periods")


class AvoidPair(db.Model):
    """Two volunteers the coordinator never pairs (stored once, lower id first)."""

    __tablename__ = "avoid_pairs"
    __table_args__ = (
        UniqueConstraint("volunteer_id", "other_id"),
        CheckConstraint("volunteer_id < other_id", name="ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id", ondelete="CASCADE"))
    other_id: Mapped[int] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    #: Why, for the coordinator (never shown to either volunteer).
    reason: Mapped[str] = mapped_column(String(200), default="")

    volunteer: Mapped[Volunteer] = relationship(foreign_keys=[volunteer_id])
    other: Mapped[Volunteer] = relationship(foreign_keys=[other_id])
