"""What became of a planned visit after its day: completed by a report, planned again when
that report was corrected to another visit, or missed when no report came in time. Each writes
the audit row (but a report sent from the form has its visit's written by its after-send job);
the request or job commits."""

from __future__ import annotations

from datetime import date

from icv.accounts.models import User
from icv.audit.services import record
from icv.rota.models import PlannedVisit, VisitStatus
from icv.rota.services import RotaError, set_status

#: Why a visit was completed when a report of it was sent (``completed_summary``).
REPORT_FILED = "its report was filed"


def complete(actor: User | None, visit: PlannedVisit, what: str, audited: bool = True) -> None:
    """A report of the visit was filed: the planned visit is completed (even if it had been
    counted as missed, since the report came late). Not ``audited`` when its audit row is
    written later, by the report's after-send job (``icv.visits.sent_audit``)."""
    set_status(visit, VisitStatus.COMPLETED)
    if audited:
        record(actor, "rota.visit_completed", visit, completed_summary(visit.suite.name, what))


def completed_summary(suite_name: str, what: str) -> str:
    """The audit row's summary of a visit completed, e.g. "Leamington Spa visit completed:
    its report was filed"."""
    return f"{suite_name} visit completed: {what}"


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
