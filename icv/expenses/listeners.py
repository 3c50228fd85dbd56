"""How expenses answer other areas (``icv.signals``): the coordinator's page of a volunteer
shows what the scheme has paid them this year and what waits for a decision."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import url_for
from sqlalchemy import case, func, select

from icv.expenses.models import ExpenseClaim
from icv.expenses.rules import Status, pounds
from icv.extensions import db
from icv.signals import RecordSection, volunteer_record_shown
from icv.volunteers.models import Volunteer

#: Claims the office has still to act on: waiting, or queried and not yet answered.
OPEN = (Status.SUBMITTED, Status.QUERIED)


@volunteer_record_shown.connect
def expenses_section(
    _sender: Any, *, volunteer: Volunteer, today: date, **_: Any
) -> list[RecordSection]:
    total = (
        ExpenseClaim.miles * ExpenseClaim.pence_per_mile
        + ExpenseClaim.parking_pence
        + ExpenseClaim.transport_pence
        + ExpenseClaim.other_pence
    )
    approved = ExpenseClaim.status == Status.APPROVED
    this_year = ExpenseClaim.spent_on >= date(today.year, 1, 1)
    paid, claims, waiting = db.session.execute(
        select(
            func.coalesce(func.sum(case((approved & this_year, total), else_=0)), 0),
            func.count().filter(approved & this_year),
            func.count().filter(ExpenseClaim.status.in_(OPEN)),
        ).where(ExpenseClaim.volunteer_id == volunteer.id)
    ).one()
    rows = [
        (f"Approved in {today.year}", f"{pounds(paid)} ({claims} {plural(claims)})"),
        ("Not yet decided", f"{waiting} {plural(waiting)}"),
    ]
    links = [("Expense claims", url_for("expenses.queue"))]
    return [RecordSection("Expenses", rows, links, order=40)]


def plural(count: int) -> str:
    return "claim" if count == 1 else "claims"
