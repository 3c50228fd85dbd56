from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.clock import now_utc
from icv.expenses.rules import Amounts, Kind, Status, mileage_pence
from icv.extensions import db
from icv.types import UTCDateTime

if TYPE_CHECKING:
    from icv.accounts.models import User
    from icv.visits.models import VisitReport
    from icv.volunteers.models import Volunteer


class ExpenseClaim(db.Model):
    """A volunteer's claim for the out-of-pocket costs of one visit, meeting or training day.

    Amounts are whole pence as typed from the receipts; mileage is paid at ``pence_per_mile``,
    the scheme's rate when the claim was made (a later change of rate leaves it alone).
    """

    __tablename__ = "expense_claims"
    __table_args__ = (Index("ix_expense_claims_status", "status", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    #: visit, meeting or training (rules.Kind).
    kind: Mapped[str] = mapped_column(String(12), default=Kind.VISIT)
    #: The filed report of the visit claimed for (kind "visit").
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("visit_reports.id", ondelete="SET NULL"), index=True
    )
    #: The day of the visit, meeting or training.
    spent_on: Mapped[date] = mapped_column(Date, index=True)
    #: What the meeting or training was ("Panel meeting, Leamington").
    description: Mapped[str | None] = mapped_column(String(200))
    #: The office's reference for the meeting or course, if any (an invitation, a course code).
    reference: Mapped[str | None] = mapped_column(String(60))
    miles: Mapped[int] = mapped_column(Integer, default=0)
    pence_per_mile: Mapped[int] = mapped_column(Integer)
    parking_pence: Mapped[int] = mapped_column(Integer, default=0)
    transport_pence: Mapped[int] = mapped_column(Integer, default=0)
    other_pence: Mapped[int] = mapped_column(Integer, default=0)
    #: What "other" was for; needed when there is an other amount.
    other_description: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), default=Status.SUBMITTED)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    #: The office's question (queried) or reason (rejected), shown to the volunteer.
    office_message: Mapped[str | None] = mapped_column(Text)
    #: The volunteer's answer to the latest query.
    answer: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    volunteer: Mapped[Volunteer] = relationship(lazy="joined")
    report: Mapped[VisitReport | None] = relationship()
    decided_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ExpenseClaim {self.id} {self.status}>"

    @property
    def amounts(self) -> Amounts:
        return Amounts(
            mileage=mileage_pence(self.miles, self.pence_per_mile),
            parking=self.parking_pence,
            transport=self.transport_pence,
            other=self.other_pence,
        )

    @property
    def total_pence(self) -> int:
        return self.amounts.total

    @property
    def status_enum(self) -> Status:
        return Status(self.status)
