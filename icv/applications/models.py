from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.accounts.models import User
from icv.applications.messages import finding_text
from icv.applications.stages import Stage
from icv.clock import now_utc
from icv.extensions import db
from icv.types import UTCDateTime

if TYPE_CHECKING:
    from icv.volunteers.models import Volunteer


class Application(db.Model):
    """One application to become a custody visitor, from submission to appointment or closure.

    Diversity answers are not here: they live in ``DiversityResponse``, never shown per person.
    """

    __tablename__ = "applications"
    __table_args__ = (Index("ix_applications_stage", "stage", "stage_changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Quoted by the applicant, e.g. ``ICV-7K3M9Q``.
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    #: SHA-256 of the secret in the applicant's status link (the link is only in the mail).
    status_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    #: The date the eligibility rules were applied on (UK local date of submission).
    applied_on: Mapped[date] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(String(20), default=Stage.RECEIVED)
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str | None] = mapped_column(String(400))
    postcode: Mapped[str | None] = mapped_column(String(10))
    work_postcode: Mapped[str | None] = mapped_column(String(10))
    uk_resident_since: Mapped[date | None] = mapped_column(Date)
    #: Months lived abroad within the residence years (0: none); None if never asked.
    months_abroad: Mapped[int | None] = mapped_column(Integer)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    occupation: Mapped[str | None] = mapped_column(String(120))
    current_roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: role key -> ISO date the applicant left it
    past_roles: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    conflicts: Mapped[str | None] = mapped_column(Text)
    has_criminal_record: Mapped[bool] = mapped_column(Boolean, default=False)
    #: e.g. ["weekday_daytime", "weekend"]
    availability: Mapped[list[str]] = mapped_column(JSON, default=list)
    consent_vetting: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_data: Mapped[bool] = mapped_column(Boolean, default=False)
    #: "cy" or "en": the language the applicant applied in, which their mail is written in.
    language: Mapped[str] = mapped_column(String(2), default="en")

    #: pass, fail or refer, and the findings behind it: {rule, outcome, code, params}, or
    #: {rule, outcome, reason} for those stored before codes (see icv.applications.messages).
    eligibility: Mapped[str] = mapped_column(String(10))
    eligibility_findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: Set when the personal data of a closed application was reduced to the minimum.
    minimised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    interview_on: Mapped[date | None] = mapped_column(Date)
    interview_panel: Mapped[str | None] = mapped_column(String(200))
    interview_outcome: Mapped[str | None] = mapped_column(String(10))  # passed / failed
    interview_notes: Mapped[str | None] = mapped_column(Text)

    vetting_submitted_on: Mapped[date | None] = mapped_column(Date)
    #: Only the outcome is kept, never the force's vetting file.
    vetting_outcome: Mapped[str | None] = mapped_column(String(10))  # cleared / refused
    vetting_level: Mapped[str | None] = mapped_column(String(10))  # NPPV1 / NPPV2
    vetting_cleared_on: Mapped[date | None] = mapped_column(Date)
    vetting_expires_on: Mapped[date | None] = mapped_column(Date)

    training_completed_on: Mapped[date | None] = mapped_column(Date)
    closed_reason: Mapped[str | None] = mapped_column(Text)

    referees: Mapped[list[Referee]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="Referee.position",
        lazy="selectin",
    )
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="ApplicationEvent.id",
    )
    #: The volunteer record created when the applicant was appointed.
    volunteer: Mapped[Volunteer | None] = relationship(back_populates="application")

    def __repr__(self) -> str:
        return f"<Application {self.reference} {self.stage}>"

    @property
    def stage_enum(self) -> Stage:
        return Stage(self.stage)

    @property
    def reasons(self) -> list[str]:
        return [finding_text(f) for f in self.eligibility_findings if f["outcome"] != "pass"]

    @property
    def findings_shown(self) -> list[tuple[str, str]]:
        """(outcome, sentence) for every finding, in the order the rules ran."""
        return [(f["outcome"], finding_text(f)) for f in self.eligibility_findings]


class Referee(db.Model):
    """One of the two referees an applicant names, and the state of their reference."""

    __tablename__ = "referees"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    relationship_to_applicant: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    requested_on: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    #: None until the reference has been read.
    satisfactory: Mapped[bool | None] = mapped_column(Boolean)

    application: Mapped[Application] = relationship(back_populates="referees")


class ApplicationEvent(db.Model):
    """A line in an application's timeline: a stage change or a recorded step."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    stage: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)

    application: Mapped[Application] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship(lazy="joined")


class DiversityResponse(db.Model):
    """Optional equality monitoring answers, kept apart from the application.

    Only ever reported as totals with small numbers suppressed. The link to the application is
    kept so totals can be given for appointed volunteers too; no page shows it per person.
    """

    __tablename__ = "diversity_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), unique=True
    )
    submitted_on: Mapped[date] = mapped_column(Date)
    #: Each holds one answer as worded on the form (``EQUALITY_QUESTIONS``), so room to spare.
    age_band: Mapped[str | None] = mapped_column(String(80))
    sex: Mapped[str | None] = mapped_column(String(80))
    ethnic_group: Mapped[str | None] = mapped_column(String(80))
    disability: Mapped[str | None] = mapped_column(String(80))
    religion: Mapped[str | None] = mapped_column(String(80))


class ApplicationDraft(db.Model):
    """Answers to the public form so far, kept server-side so nothing typed is lost."""

    __tablename__ = "application_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
