"""Expense claims for the growing scheme of ``tests/page_cost.py``: row ``n`` adds a claim of
Val's (the visit of row ``n`` when ``n`` is even, a training day that day when it is odd, so
her odd visits are left to claim on the form) and the partner's claim for the same visit (the
office's queue lists many volunteers)."""

from __future__ import annotations

from icv.expenses import services
from icv.expenses.rules import DEFAULT_PENCE_PER_MILE, Kind
from icv.expenses.services import ClaimValues
from icv.suites.models import Suite
from icv.visits.models import VisitReport
from icv.volunteers.models import Volunteer


def claim_values(n: int, kind: Kind, report: VisitReport) -> ClaimValues:
    visit = kind is Kind.VISIT
    return ClaimValues(
        kind=kind,
        report=report if visit else None,
        spent_on=None if visit else report.visit_date,
        description=None if visit else f"Training {n:03}",
        reference=None,
        miles=10 + n,
        parking=250,
        transport=0,
        other=0,
        other_description=None,
    )


def grow_expenses(
    n: int, mine: Volunteer, partner: Volunteer, suite: Suite, report: VisitReport
) -> None:
    """Row ``n``'s claims (``suite`` is the report's: the claims name it through the report)."""
    assert report.suite_id == suite.id
    own = Kind.VISIT if n % 2 == 0 else Kind.TRAINING
    for volunteer, kind in ((mine, own), (partner, Kind.VISIT)):
        values = claim_values(n, kind, report)
        services.submit_claim(volunteer.user, volunteer, values, DEFAULT_PENCE_PER_MILE)
