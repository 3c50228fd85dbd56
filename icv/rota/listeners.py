"""How the rota reacts to what happens in other areas (``icv.signals``): a volunteer who can no
longer visit comes off their planned visits; a report filed of a visit completes it; a suite's
closure lists the visits planned there then. The sender's request or job commits; nothing here
does."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from icv.accounts.models import User
from icv.clock import local
from icv.rota import patterns
from icv.rota.models import PlannedVisit
from icv.rota.outcomes import REPORT_FILED, complete, reopen
from icv.rota.queries import planned_between
from icv.rota.services import withdraw_from_rota
from icv.signals import (
    report_corrected,
    report_filed,
    suite_closed,
    vetting_lapsed,
    volunteer_unavailable,
)
from icv.volunteers.models import Volunteer

if TYPE_CHECKING:
    from icv.suites.models import Suite
    from icv.visits.models import VisitReport


@volunteer_unavailable.connect
def take_off_visits(
    _sender: Any,
    *,
    volunteer: Volunteer,
    actor: User | None,
    start: date,
    end: date | None,
    reason: str,
    **_: Any,
) -> list[PlannedVisit]:
    return withdraw_from_rota(actor, volunteer, start, reason, end or date.max)


@vetting_lapsed.connect
def take_off_visits_from_lapse(
    _sender: Any, *, volunteer: Volunteer, actor: User | None, now: datetime, **_: Any
) -> list[PlannedVisit]:
    # Domain rule 19: no visits without vetting, from the day it lapses (or is found lapsed).
    return withdraw_from_rota(actor, volunteer, local(now).date(), "police vetting lapsed")


@report_filed.connect
def complete_reported_visit(
    _sender: Any,
    *,
    report: VisitReport,
    actor: User | None,
    audited_later: bool = False,
    **_: Any,
) -> None:
    visit = report.planned_visit
    if visit is not None:
        complete(actor, visit, REPORT_FILED, audited=not audited_later)
        patterns.record_done(visit, report.counted_on, report.band)
        patterns.nudge_if_pattern(visit)


@report_corrected.connect
def follow_corrected_report(
    _sender: Any,
    *,
    report: VisitReport,
    released: PlannedVisit | None,
    taken_by: VisitReport | None,
    actor: User | None,
    **_: Any,
) -> None:
    """The visit the report is no longer of is completed by the other report that took it, or
    planned again; the one it is of now, if any, is completed."""
    if released is not None and taken_by is not None:
        complete(actor, released, "another report of it, after its first report was corrected")
        patterns.record_done(released, taken_by.counted_on, taken_by.band)
    elif released is not None:
        reopen(actor, released, "its report was corrected to another visit")
        patterns.forget_done(released)
    if report.planned_visit is not None:
        complete(actor, report.planned_visit, "its report was corrected to this visit")
        patterns.record_done(report.planned_visit, report.counted_on, report.band)


@suite_closed.connect
def visits_in_a_closure(
    _sender: Any, *, suite: Suite, starts_on: date, ends_on: date, **_: Any
) -> list[PlannedVisit]:
    """The visits still planned at a suite while it is closed: the coordinator moves or
    cancels them on the rota (the suite's page lists them)."""
    return planned_between(starts_on, ends_on, suite_id=suite.id)
