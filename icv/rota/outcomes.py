"""What became of a planned visit after its day: completed by a report, planned again when
that report was corrected to another visit, or missed when no report came in time. Each writes
the audit row; the request or job commits."""

from __future__ import annotations

from datetime import date

from icv.accounts.models import User
from icv.audit.services import record
from icv.rota.models import PlannedVisit, VisitStatus
from icv.rota.services import RotaError, set_status


def complete(actor: User | None, visit: PlannedVisit, what: str) -> None:
    """A report of the visit was filed: the planned visit is completed (even if it had been
    counted as missed, since the report came late)."""
    set_status(visit, VisitStatus.COMPLETED)
    record(actor, "rota.visit_completed", visit, f"{visit.suite.name} visit completed: {what}")


def reopen(actor: User | None, visit: PlannedVisit, what: str) -> None:
    """The report that completed the visit turned out to be of another (it was corrected):
    the visit is planned again, and counts as missed if no report comes in time."""
    set_status(visit, VisitStatus.PLANNED)
    record(
        actor,
        "rota.visit_reopened",
        visit,
        f"{visit.suite.name} visit on {visit.visit_on:%-d %b %Y} planned again: {what}",
    )


def mark_missed(visit: PlannedVisit, deadline: date) -> None:
    """No report came by the scheme's ``deadline`` (its last day): the visit counts as missed.
    Done by the scheduler, so the audit row has no actor."""
    if visit.status != VisitStatus.PLANNED:
        raise RotaError("Only a planned visit can be marked missed")
    set_status(visit, VisitStatus.MISSED)
    record(
        None,
        "rota.visit_missed",
        visit,
        f"{visit.suite.name} visit on {visit.visit_on:%-d %b %Y} missed: "
        f"no report by {deadline:%-d %b %Y}",
    )
