"""What the volunteer's and the office's pages share: finding a claim, reading the form."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort
from flask_login import current_user

from icv.accounts.roles import Role
from icv.expenses import queries
from icv.expenses.forms import ClaimForm
from icv.expenses.models import ExpenseClaim
from icv.expenses.queries import ClaimableVisit
from icv.expenses.rules import Kind, plain_pounds
from icv.expenses.services import ClaimValues
from icv.extensions import db
from icv.i18n import format_date
from icv.volunteers.models import Volunteer

#: Who approves, queries and rejects claims and exports them for finance.
OFFICE = (Role.COORDINATOR, Role.ADMIN)


def own_volunteer() -> Volunteer:
    """The signed-in volunteer's record, or 404 (an account with the role but no record).
    Alone: no page of claims reads their panels or dates away (it costs one statement, not
    nine), and its account is the signed-in one, already loaded."""
    volunteer = db.session.scalars(Volunteer.alone_of_user(current_user.id)).first()
    if volunteer is None:
        abort(404)
    return volunteer


def visible_claim(claim_id: int) -> tuple[ExpenseClaim, bool]:
    """A claim the signed-in user may see, and whether they see it as the office. 404 for
    another volunteer's claim: not even its existence is confirmed."""
    claim = db.session.get(ExpenseClaim, claim_id)
    if claim is None:
        abort(404)
    owner = claim.volunteer.user_id == current_user.id
    if not owner and not current_user.has_role(*OFFICE):
        abort(404)
    return claim, not owner


def report_label(report: ClaimableVisit) -> str:
    return f"{report.suite_name}, {format_date(report.visit_date)}"


def claim_form(
    volunteer: Volunteer,
    today: date,
    form_class: type[ClaimForm] = ClaimForm,
    changing: ExpenseClaim | None = None,
    **kwargs: Any,
) -> tuple[Any, dict[int, ClaimableVisit]]:
    """The claim form offering the volunteer's own filed reports they may still claim (with
    the visit of the claim ``changing``), and those reports by id."""
    reports = {report.id: report for report in queries.own_reports(volunteer, changing)}
    choices = [(i, report_label(r)) for i, r in reports.items()]

    def claimed(report_id: int) -> bool:  # asked only of a visit posted but not offered
        return queries.claimed_already(volunteer, report_id)

    form = form_class(reports=choices, today=today, claimed=claimed, **kwargs)
    return form, reports


def values_from(form: ClaimForm, reports: dict[int, ClaimableVisit]) -> ClaimValues:
    # Only a visit's claim names a report, and then the form has checked it was one offered:
    # whatever else was posted in the box is not read (nor taken for a number).
    visit = form.kind.data == Kind.VISIT and form.report_id.data
    report = reports.get(int(form.report_id.data)) if visit else None
    return ClaimValues(
        kind=form.kind.data,
        report=report,
        spent_on=form.spent_on.data,
        description=form.description.data or None,
        reference=form.reference.data or None,
        miles=form.miles.data or 0,
        parking=form.parking.pence,
        transport=form.transport.pence,
        other=form.other.pence,
        other_description=form.other_description.data or None,
    )


def form_data(claim: ExpenseClaim) -> dict[str, Any]:
    """A claim as the form shows it for a change."""

    def amount(pence: int) -> str:
        return plain_pounds(pence) if pence else ""

    return {
        "kind": claim.kind,
        "report_id": str(claim.report_id) if claim.report_id else "",
        "spent_on": None if claim.report_id else claim.spent_on,
        "description": claim.description,
        "reference": claim.reference,
        "miles": claim.miles or None,
        "parking": amount(claim.parking_pence),
        "transport": amount(claim.transport_pence),
        "other": amount(claim.other_pence),
        "other_description": claim.other_description,
    }
