"""A scheme year's summary as published (narrative and signed-off figures), and the personal API
tokens that read summaries from other systems."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.accounts.models import User
from icv.clock import now_utc
from icv.extensions import db
from icv.types import UTCDateTime


class AnnualSummary(db.Model):
    """The coordinator's narrative for a year and, once signed off, its figures as published.

    A row exists from the first narrative or the sign-off; a year without one is a draft whose
    figures are worked out afresh each time.
    """

    __tablename__ = "annual_summaries"
    __table_args__ = (UniqueConstraint("year", "basis"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The year the period starts in (2016 for 2016/17).
    year: Mapped[int] = mapped_column(Integer)
    #: "calendar" or "financial" (icv.summary.rules.Basis).
    basis: Mapped[str] = mapped_column(String(10))
    #: The coordinator's short account of the year, for the Panel.
    narrative: Mapped[str | None] = mapped_column(Text)
    narrative_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    narrative_updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    #: The summary JSON (docs/summary-json.md) exactly as signed off; never changed afterwards.
    published: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_off_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    signed_off_by: Mapped[User | None] = relationship(foreign_keys=[signed_off_by_id])

    def __repr__(self) -> str:
        return f"<AnnualSummary {self.year} {self.basis}>"

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None


class ApiToken(db.Model):
    """A personal token for the summary API. Only its hash is kept: it is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: What it is for, in the owner's words ("Panel papers spreadsheet").
    name: Mapped[str] = mapped_column(String(80))
    #: SHA-256 of the token, hex: tokens are long random strings, so a fast hash is enough.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The token's first characters, so its owner can tell tokens apart.
    hint: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: After this the token is refused (a year after it was made unless its owner chose less).
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.hint}>"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_live(self, at: datetime) -> bool:
        return not self.is_revoked and at < self.expires_at


class CustodyThroughput(db.Model):
    """People booked into custody at a suite in a quarter, as the force gave the figure to the
    coordinator: context for the summary ("visits per 1,000 detained")."""

    __tablename__ = "custody_throughput"
    __table_args__ = (UniqueConstraint("suite_id", "quarter_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    suite_id: Mapped[int] = mapped_column(ForeignKey("suites.id", ondelete="CASCADE"), index=True)
    #: The first day of the calendar quarter (1 January, April, July or October): a financial
    #: year's quarters are calendar quarters too.
    quarter_start: Mapped[date] = mapped_column(Date, index=True)
    booked_in: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class StoredFigures(db.Model):
    """A period's figures as worked out on ``as_of`` (the summary of a year still running counts
    to that day), kept so the page reads one row instead of some 25 aggregate queries over
    every report. Any change to a row the figures count forgets every stored row (it raises
    ``SummaryChanges.generation``, ``icv.summary.stored``): the next view works them out
    again, once, unless the scheduler has first (it keeps every period a reader opened that
    day)."""

    __tablename__ = "summary_stored_figures"
    __table_args__ = (Index("ix_summary_stored_figures_period", "year", "basis", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The period: the year it starts in, "calendar" or "financial", and its quarter (0: the
    #: whole year).
    year: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str] = mapped_column(String(10))
    quarter: Mapped[int] = mapped_column(Integer)
    #: The day the figures were worked out for ("today" then).
    as_of: Mapped[date] = mapped_column(Date)
    #: ``summary_figures`` as it returned them.
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    #: ``SummaryChanges.generation`` when they were worked out, read before any figure: good
    #: while it is still the current one; after, never read again, kept only to say the
    #: period was opened that day (``stored.opened_on``).
    generation: Mapped[int] = mapped_column(Integer, server_default="0")


class SummaryChanges(db.Model):
    """One row: how many transactions have written a row the summary's figures count
    (``icv.summary.stored``). A counter rather than a mark on the kept rows, so that a change
    committed while figures are being worked out makes them stale too."""

    __tablename__ = "summary_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(Integer)
