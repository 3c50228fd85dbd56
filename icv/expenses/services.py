"""Writes for expense claims. Each takes the acting user, writes an audit row and flushes; the
view commits. The volunteer is mailed when the office queries or approves their claim."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from icv.accounts.models import User
from icv.audit.services import record
from icv.clock import now_utc
from icv.expenses.models import ExpenseClaim
from icv.expenses.rules import EDITABLE, Kind, Status, pounds
from icv.extensions import db
from icv.notifications.services import external_url, queue_email
from icv.volunteers.models import Volunteer


class ClaimError(Exception):
    """A change to a claim was refused; the message says why."""


class ClaimedVisit(Protocol):
    """What a claim takes from the report of its visit: a report, or the form's choice
    (``queries.ClaimableVisit``)."""

    @property
    def id(self) -> int: ...

    @property
    def visit_date(self) -> date: ...


@dataclass(frozen=True)
class ClaimValues:
    """A claim as the form gives it: amounts in pence."""

    kind: str
    report: ClaimedVisit | None
    spent_on: date | None
    description: str | None
    reference: str | None
    miles: int
    parking: int
    transport: int
    other: int
    other_description: str | None


def describe(claim: ExpenseClaim) -> str:
    return f"expense claim {claim.id} ({pounds(claim.total_pence)})"


def _fill(claim: ExpenseClaim, values: ClaimValues) -> None:
    claim.kind = values.kind
    if values.kind == Kind.VISIT and values.report is not None:
        claim.report_id = values.report.id
        claim.spent_on = values.report.visit_date
        claim.description = None
    else:
        claim.report_id = None
        claim.spent_on = values.spent_on  # type: ignore[assignment]
        claim.description = values.description
    claim.reference = values.reference or None
    claim.miles = values.miles
    claim.parking_pence = values.parking
    claim.transport_pence = values.transport
    claim.other_pence = values.other
    claim.other_description = values.other_description if values.other else None


def submit_claim(
    actor: User, volunteer: Volunteer, values: ClaimValues, pence_per_mile: int
) -> ExpenseClaim:
    """A new claim, waiting for the office; mileage at today's rate."""
    claim = ExpenseClaim(volunteer=volunteer, pence_per_mile=pence_per_mile)
    _fill(claim, values)
    db.session.add(claim)
    db.session.flush()
    record(actor, "expense.submitted", claim, f"Claimed {describe(claim)}")
    return claim


def change_claim(actor: User, claim: ExpenseClaim, values: ClaimValues, answer: str | None) -> None:
    """The volunteer changes a claim not yet decided; a queried claim goes back to the office
    with their answer."""
    if claim.status_enum not in EDITABLE:
        raise ClaimError("This claim has been decided, so it can no longer be changed.")
    was = claim.status
    _fill(claim, values)
    claim.answer = answer or None
    claim.status = Status.SUBMITTED
    db.session.flush()
    summary = "Answered the query on" if was == Status.QUERIED else "Changed"
    record(actor, "expense.changed", claim, f"{summary} {describe(claim)}", {"answer": answer})


def _decide(actor: User, claim: ExpenseClaim, status: Status, message: str | None) -> None:
    if claim.status_enum is not Status.SUBMITTED:
        raise ClaimError("Only a claim waiting for approval can be decided.")
    if claim.volunteer.user_id == actor.id:
        raise ClaimError("Someone else in the office must decide your own claim.")
    claim.status = status
    claim.office_message = message
    claim.decided_by = actor
    claim.decided_at = now_utc()
    db.session.flush()


def approve(actor: User, claim: ExpenseClaim) -> None:
    _decide(actor, claim, Status.APPROVED, None)
    record(actor, "expense.approved", claim, f"Approved {describe(claim)}")
    _tell_volunteer(claim, "expense-approved")


def query(actor: User, claim: ExpenseClaim, message: str) -> None:
    _decide(actor, claim, Status.QUERIED, message)
    # A query is not a decision: who asked is kept, but the claim is not decided yet.
    claim.decided_at = None
    record(actor, "expense.queried", claim, f"Queried {describe(claim)}", {"message": message})
    _tell_volunteer(claim, "expense-queried")


def reject(actor: User, claim: ExpenseClaim, message: str) -> None:
    _decide(actor, claim, Status.REJECTED, message)
    record(actor, "expense.rejected", claim, f"Rejected {describe(claim)}", {"message": message})


def _tell_volunteer(claim: ExpenseClaim, template: str) -> None:
    user = claim.volunteer.user
    if not user.is_active:
        return
    queue_email(
        user.email,
        template,
        user=user,  # the mail is in the volunteer's language
        name=user.first_name,
        claim=claim,
        total=pounds(claim.total_pence),
        link=external_url("expenses.claim", claim_id=claim.id),
    )
