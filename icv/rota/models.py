"""Rota periods, the visits planned in them, who makes each visit, and requests to swap."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.accounts.models import User
from icv.clock import now_utc
from icv.extensions import db
from icv.rota.engine.problem import WEEK_BAND
from icv.suites.models import Suite
from icv.types import UTCDateTime
from icv.volunteers.models import Volunteer


class PeriodStatus(StrEnum):
    DRAFT = "draft"  # seen and edited by coordinators only
    PUBLISHED = "published"  # each volunteer sees their own visits


class Planning(StrEnum):
    """Where a draft's solve stands; a period with none (None) has its draft."""

    QUEUED = "queued"  # waiting for the scheduler's rota_drafts job
    FAILED = "failed"  # the solve raised; ``planning_error`` says why in the coordinator's words


class VisitStatus(StrEnum):
    PLANNED = "planned"
    COMPLETED = "completed"  # its report was filed
    MISSED = "missed"  # the day passed with no report
    CANCELLED = "cancelled"  # called off, with a reason

    @property
    def label(self) -> str:
        return self.value.capitalize()


class RequestStatus(StrEnum):
    OPEN = "open"
    REPLACED = "replaced"  # another volunteer took the place
    CANCELLED = "cancelled"  # the visit was called off instead
    DECLINED = "declined"  # the coordinator kept the volunteer on it
    WITHDRAWN = "withdrawn"  # the volunteer changed their mind


class RotaPeriod(db.Model):
    """A stretch of whole weeks (usually a quarter) planned in one go."""

    __tablename__ = "rota_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A Monday and a Sunday: the rota works in whole ISO weeks.
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=PeriodStatus.DRAFT)
    #: Drawn at random for each draft, so the next rota cannot be guessed from the last.
    seed: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    generated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The solver's explanations of required visits it could not fill, as codes the pages word
    #: in the reader's language (``icv.rota.reason_text``): [{"suite_id": 1, "week":
    #: "2027-W05", "code": "all_at_limit", "params": {"suite": "Rugby", ...}}].
    unfilled: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: Set while the draft is waiting to be solved in the background, or when its solve failed.
    planning: Mapped[str | None] = mapped_column(String(10))
    #: When the coordinator asked for the draft: the key of the job's claim on it.
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    planning_error: Mapped[str | None] = mapped_column(Text)
    #: The checker's figures and gaps, worked out when the visits last changed and kept, so
    #: viewing the rota costs no solve (``icv.rota.quality_store``); None until worked out.
    quality: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    quality_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Changes to the period that its figures read, so far: figures worked out from visits
    #: read before a change committed meanwhile are not kept (``quality_store.keep``). A
    #: server default only, as ``allocation``.
    figures_changes: Mapped[int] = mapped_column(Integer, server_default="0")
    #: "day" (each visit a day and a band) or "week" (a suite and a week; the pair choose the
    #: day and time): the scheme's ``allocation`` setting when its draft was last asked for.
    #: A server default only, so rows written by older code (or migration tests) get "day".
    allocation: Mapped[str] = mapped_column(String(4), server_default="day")

    visits: Mapped[list[PlannedVisit]] = relationship(
        back_populates="period",
        cascade="all, delete-orphan",
        order_by="(PlannedVisit.visit_on, PlannedVisit.suite_id)",
    )
    #: Each suite's weekly target as it stood when the rota was published (none for a draft).
    requirements: Mapped[list[RotaRequirement]] = relationship(
        cascade="all, delete-orphan", order_by="RotaRequirement.suite_id"
    )
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])

    def __init__(self, **fields: Any) -> None:
        fields.setdefault("allocation", "day")  # readable before the row is flushed
        super().__init__(**fields)

    def __repr__(self) -> str:
        return f"<RotaPeriod {self.starts_on} to {self.ends_on} {self.status}>"

    @property
    def is_published(self) -> bool:
        return self.status == PeriodStatus.PUBLISHED

    @property
    def label(self) -> str:
        return f"{self.starts_on:%-d %b %Y} to {self.ends_on:%-d %b %Y}"

    @property
    def is_planning(self) -> bool:
        return self.planning == Planning.QUEUED

    @property
    def by_week(self) -> bool:
        return self.allocation == "week"


class RotaRequirement(db.Model):
    """What a published rota requires of a suite: its weekly target when the rota was published.

    The visits a period required stay as they were when a suite's target changes later; a
    draft follows the live target (``icv.rota.problem_from_db.period_targets``).
    """

    __tablename__ = "rota_requirements"

    period_id: Mapped[int] = mapped_column(
        ForeignKey("rota_periods.id", ondelete="CASCADE"), primary_key=True
    )
    suite_id: Mapped[int] = mapped_column(ForeignKey("suites.id"), primary_key=True)
    #: Pair visits a week, as ``Suite.visits_per_week`` stood then.
    visits_per_week: Mapped[int] = mapped_column(Integer)


class PlannedVisit(db.Model):
    """One unannounced visit: a suite, a day and a time band, and the pair who make it."""

    __tablename__ = "planned_visits"
    __table_args__ = (Index("ix_planned_visits_day", "visit_on", "suite_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(
        ForeignKey("rota_periods.id", ondelete="CASCADE"), index=True
    )
    suite_id: Mapped[int] = mapped_column(ForeignKey("suites.id"))
    visit_on: Mapped[date] = mapped_column(Date)
    #: A time band id (see icv.suites.rules); the pair choose the exact time within it.
    band: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default=VisitStatus.PLANNED)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    #: When the visit was made, from the report that completed it: the day it counts on and
    #: the band of the arrival (None until then). By week, this is the day the pair chose.
    done_on: Mapped[date | None] = mapped_column(Date)
    done_band: Mapped[str | None] = mapped_column(String(20))

    period: Mapped[RotaPeriod] = relationship(back_populates="visits")
    suite: Mapped[Suite] = relationship(lazy="joined")
    visitors: Mapped[list[PlannedVisitor]] = relationship(
        back_populates="visit",
        cascade="all, delete-orphan",
        order_by="PlannedVisitor.id",
        lazy="selectin",
    )

    def __repr__(self) -> str:
        return f"<PlannedVisit {self.suite_id} {self.visit_on} {self.band} {self.status}>"

    @property
    def by_week(self) -> bool:
        """Allocated by week: ``visit_on`` is the Monday, and the pair choose the day and time."""
        return self.band == WEEK_BAND

    @property
    def last_day(self) -> date:
        """The last day the visit may be made: its day, or the Sunday of its week."""
        return self.visit_on + timedelta(days=6) if self.by_week else self.visit_on

    @property
    def status_enum(self) -> VisitStatus:
        return VisitStatus(self.status)

    @property
    def visitor_ids(self) -> set[int]:
        return {place.volunteer_id for place in self.visitors}

    def visitor_for(self, volunteer: Volunteer) -> PlannedVisitor | None:
        return next((v for v in self.visitors if v.volunteer_id == volunteer.id), None)


class PlannedVisitor(db.Model):
    """A volunteer's place on a planned visit, and whether they have confirmed it."""

    __tablename__ = "planned_visitors"
    __table_args__ = (UniqueConstraint("visit_id", "volunteer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("planned_visits.id", ondelete="CASCADE"))
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Why they go although the visit is outside their usual availability: they agreed to,
    #: and the coordinator recorded it (None: the visit is within their availability).
    availability_override: Mapped[str | None] = mapped_column(Text)

    visit: Mapped[PlannedVisit] = relationship(back_populates="visitors")
    volunteer: Mapped[Volunteer] = relationship(lazy="joined")


class SwapRequest(db.Model):
    """A volunteer asks to swap or drop a visit; the coordinator finds a replacement."""

    __tablename__ = "swap_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(
        ForeignKey("planned_visits.id", ondelete="CASCADE"), index=True
    )
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"))
    #: "swap" (could do another day) or "drop" (cannot do it).
    kind: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default=RequestStatus.OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    replacement_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"))
    #: What the coordinator decided and why (shown to the volunteer who asked).
    outcome_note: Mapped[str | None] = mapped_column(Text)

    visit: Mapped[PlannedVisit] = relationship(lazy="joined")
    volunteer: Mapped[Volunteer] = relationship(foreign_keys=[volunteer_id], lazy="joined")
    replacement: Mapped[Volunteer | None] = relationship(foreign_keys=[replacement_id])
    resolved_by: Mapped[User | None] = relationship()
    offers: Mapped[list[VisitOffer]] = relationship(
        back_populates="request",
        cascade="all, delete-orphan",
        order_by="VisitOffer.id",
        lazy="selectin",
    )


class VisitOffer(db.Model):
    """A visit someone asked to leave, offered to another eligible volunteer."""

    __tablename__ = "visit_offers"
    __table_args__ = (UniqueConstraint("request_id", "volunteer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("swap_requests.id", ondelete="CASCADE"))
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    offered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    #: None until they answer; then "accepted" or "declined".
    response: Mapped[str | None] = mapped_column(String(10))
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    request: Mapped[SwapRequest] = relationship(back_populates="offers")
    volunteer: Mapped[Volunteer] = relationship(lazy="joined")


class PatternNudge(db.Model):
    """A pair told that their suite was visited at the same weekday and band three times
    running (allocation by week): once per pair and suite."""

    __tablename__ = "pattern_nudges"
    __table_args__ = (UniqueConstraint("suite_id", "first_id", "second_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    suite_id: Mapped[int] = mapped_column(ForeignKey("suites.id", ondelete="CASCADE"))
    #: The pair, the lower volunteer id first.
    first_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id", ondelete="CASCADE"))
    #: The planned visit that made it three.
    visit_id: Mapped[int | None] = mapped_column(
        ForeignKey("planned_visits.id", ondelete="SET NULL")
    )
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
