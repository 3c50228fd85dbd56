"""The demo's expense claims: one in each state, from the demo volunteers' own reports and a
panel meeting and a training day. Made once: running the demo again leaves them as they are."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import exists, select

from icv.accounts.models import User
from icv.expenses import queries, services
from icv.expenses.models import ExpenseClaim
from icv.expenses.rules import DEFAULT_PENCE_PER_MILE
from icv.expenses.services import ClaimValues
from icv.extensions import db
from icv.volunteers.models import Volunteer


def values(kind: str, **changes: object) -> ClaimValues:
    return ClaimValues(
        **{
            "kind": kind,
            "report": None,
            "spent_on": None,
            "description": None,
            "reference": None,
            "miles": 0,
            "parking": 0,
            "transport": 0,
            "other": 0,
            "other_description": None,
            **changes,
        }
    )


def ensure_expense_claims(today: date, coordinator: User) -> None:
    if db.session.scalar(select(exists().where(ExpenseClaim.id.is_not(None)))):
        return
    val, sam = (
        db.session.scalars(
            select(Volunteer).join(User).where(User.email == f"{email}@example.org")
        ).first()
        for email in ("volunteer", "volunteer2")
    )
    if val is None or sam is None:
        return
    val_reports, sam_reports = queries.own_reports(val), queries.own_reports(sam)
    rate = DEFAULT_PENCE_PER_MILE
    # The latest visit waits for the coordinator; the one before is approved.
    for n, report in enumerate(val_reports[:2]):
        claim = services.submit_claim(
            val.user, val, values("visit", report=report, miles=18, parking=250), rate
        )
        if n:
            services.approve(coordinator, claim)
    meeting = values(
        "meeting",
        spent_on=today - timedelta(days=12),
        description="Panel meeting, Leamington",
        miles=24,
        parking=600,
    )
    services.query(
        coordinator,
        services.submit_claim(sam.user, sam, meeting, rate),
        "Parking of £6.00 looks high for a two-hour meeting: was it for the whole day?",
    )
    training = values(
        "training",
        spent_on=today - timedelta(days=40),
        description="Refresher training, Warwick",
        reference="TR-2026-11",
        transport=1240,
    )
    services.approve(coordinator, services.submit_claim(sam.user, sam, training, rate))
    if sam_reports:
        twice = values("visit", report=sam_reports[0], miles=30)
        services.reject(
            coordinator,
            services.submit_claim(sam.user, sam, twice, rate),
            "This visit was claimed on another form already.",
        )
