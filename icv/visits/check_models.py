"""The structured checks of a visit report (issue 16): each version of the checks, its checks,
and a report's answers."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.clock import now_utc
from icv.extensions import db
from icv.types import UTCDateTime

if TYPE_CHECKING:
    from icv.accounts.models import User
    from icv.visits.models import VisitReport


class CheckSet(db.Model):
    """One version of the structured checks. Adding or retiring a check makes a new version;
    a report keeps the version it was filed under."""

    __tablename__ = "check_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: What changed from the version before ("Shipped with icv" for the first).
    change: Mapped[str] = mapped_column(String(300))

    checks: Mapped[list[Check]] = relationship(
        back_populates="check_set", cascade="all, delete-orphan", order_by="Check.position"
    )
    created_by: Mapped[User | None] = relationship()


class Check(db.Model):
    """A check of a version: a retired one stays in later versions, not active, so the list
    shows what was retired and when."""

    __tablename__ = "checks"
    __table_args__ = (UniqueConstraint("check_set_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    check_set_id: Mapped[int] = mapped_column(ForeignKey("check_sets.id", ondelete="CASCADE"))
    #: Stable across versions: answers and the summary are keyed by it.
    key: Mapped[str] = mapped_column(String(40))
    #: check_rules.THEMES
    theme: Mapped[str] = mapped_column(String(20))
    #: check_rules.Kind
    kind: Mapped[str] = mapped_column(String(10))
    label: Mapped[str] = mapped_column(String(200))
    hint: Mapped[str] = mapped_column(String(300), default="")
    label_cy: Mapped[str] = mapped_column(String(200), default="")
    hint_cy: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    check_set: Mapped[CheckSet] = relationship(back_populates="checks")


class CheckAnswer(db.Model):
    """A report's answer to one check: a count, or yes or no. Not checked is no row.

    A child table rather than a JSON column: the summary counts answers per check with a
    plain GROUP BY that both SQLite and PostgreSQL run the same way."""

    __tablename__ = "visit_check_answers"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("visit_reports.id", ondelete="CASCADE"), primary_key=True
    )
    check_key: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
    #: "yes" or "no" for a yes/no check.
    answer: Mapped[str | None] = mapped_column(String(3))
    #: People spoken with, for a count check.
    count: Mapped[int | None] = mapped_column(Integer)

    report: Mapped[VisitReport] = relationship(back_populates="check_answers")
