from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.accounts.models import User
from icv.clock import now_utc
from icv.extensions import db
from icv.types import UTCDateTime
from icv.volunteers.models import Volunteer


class RequiredFor(StrEnum):
    """Who must hold a kind of training in date."""

    NOBODY = ""
    EVERY_VISITOR = "every_visitor"
    TACT_VISITS = "tact_visits"

    @property
    def label(self) -> str:
        return {
            "": "Nobody (optional)",
            "every_visitor": "Every custody visitor",
            "tact_visits": "Visitors to people held under the Terrorism Act",
        }[self.value]


class TrainingKind(db.Model):
    """A kind of course: initial, refresher, Terrorism Act, annual regional day, or one the
    administrator adds."""

    __tablename__ = "training_kinds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    #: Months a completion stays in date; None means it never runs out.
    valid_months: Mapped[int | None] = mapped_column(Integer)
    #: A RequiredFor value: who needs this course in date.
    required_for: Mapped[str] = mapped_column(String(20), default="", server_default="")
    #: Initial training is what recruitment records before appointment (one kind, made by the
    #: migration that folded ``volunteers.training_completed_on`` into training records).
    is_initial: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    @property
    def required_for_enum(self) -> RequiredFor:
        return RequiredFor(self.required_for)

    @property
    def is_tact(self) -> bool:
        return self.required_for == RequiredFor.TACT_VISITS

    def __repr__(self) -> str:
        return f"<TrainingKind {self.name}>"


class TrainingSession(db.Model):
    """A course held on a day at a place; who attended are its records."""

    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("training_kinds.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    kind: Mapped[TrainingKind] = relationship(lazy="joined")
    records: Mapped[list[TrainingRecord]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )


class TrainingRecord(db.Model):
    """A volunteer completed a kind of training on a day (at a session, or recorded alone:
    initial training from recruitment, a course taken with another scheme)."""

    __tablename__ = "training_records"
    __table_args__ = (UniqueConstraint("volunteer_id", "kind_id", "completed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    kind_id: Mapped[int] = mapped_column(ForeignKey("training_kinds.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True
    )
    completed_on: Mapped[date] = mapped_column(Date)

    volunteer: Mapped[Volunteer] = relationship()
    kind: Mapped[TrainingKind] = relationship(lazy="joined")
    session: Mapped[TrainingSession | None] = relationship(back_populates="records")


class Attendance(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"

    @property
    def label(self) -> str:
        return {"present": "Attended", "apologies": "Sent apologies"}[self.value]


class Meeting(db.Model):
    """A panel meeting (the scheme's quarterly meetings, with custody inspectors)."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(200), default="")

    attendances: Mapped[list[MeetingAttendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", lazy="selectin"
    )


class MeetingAttendance(db.Model):
    """Whether a volunteer came to a meeting or sent apologies (no row: neither)."""

    __tablename__ = "meeting_attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "volunteer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    #: An Attendance value.
    status: Mapped[str] = mapped_column(String(10))

    meeting: Mapped[Meeting] = relationship(back_populates="attendances")
    volunteer: Mapped[Volunteer] = relationship()

    @property
    def status_label(self) -> str:
        return Attendance(self.status).label


class Memorandum(db.Model):
    """A version of the memorandum of understanding every visitor signs; the newest is the
    one in force, and publishing it asks every current volunteer to sign again."""

    __tablename__ = "memoranda"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(20), unique=True)
    text: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    published_by: Mapped[User | None] = relationship()


class MemorandumSignature(db.Model):
    """A volunteer read and agreed to a version of the memorandum."""

    __tablename__ = "memorandum_signatures"
    __table_args__ = (UniqueConstraint("memorandum_id", "volunteer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    memorandum_id: Mapped[int] = mapped_column(ForeignKey("memoranda.id", ondelete="CASCADE"))
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    memorandum: Mapped[Memorandum] = relationship(lazy="joined")


class AnnualReview(db.Model):
    """A volunteer's annual review with the coordinator: due, and once held, when and by whom."""

    __tablename__ = "annual_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    due_on: Mapped[date] = mapped_column(Date, index=True)
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    notes: Mapped[str] = mapped_column(Text, default="")

    volunteer: Mapped[Volunteer] = relationship()
    done_by: Mapped[User | None] = relationship()
