"""Probation visits are counted from filed reports: whenever a report is filed or corrected,
each volunteer it names (or named before a correction: ``services.correct_report``) has their
completed visits since appointment counted again, and kept on
their record (``Volunteer.probation_visits_reported``; the office's opening balance of visits
before icv is ``probation_visits_before``). Counting again, rather than adding one, keeps the
count right after a correction to the visitors or the outcome. The caller commits.

A report sent from the form is counted by its after-send job, within the minute
(``icv.jobs.report_notices``), not by the send: a statement fewer in the sender's request.
Meanwhile the count is short by that report, never over: the office cannot complete a
probation early on it (``volunteers.services.complete_probation`` refuses too few), the
rota solver reads the status, not the count, and the progress shown is a minute late."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Update, bindparam, func, or_, select, update
from sqlalchemy.orm.util import identity_key

from icv.extensions import db
from icv.signals import report_filed
from icv.visits.models import VisitReport
from icv.visits.rules import Outcome
from icv.visits.sent_mail import AFTER_SEND
from icv.volunteers.models import Volunteer


def reported_visits(volunteer_id):
    """Completed visits with a report naming the volunteer, from their appointment on: a
    scalar subquery, correlated with ``volunteers`` when given its id column."""
    return (
        select(func.count())
        .select_from(VisitReport)
        .where(
            or_(VisitReport.visitor_1_id == volunteer_id, VisitReport.visitor_2_id == volunteer_id),
            VisitReport.outcome == Outcome.COMPLETED,
            VisitReport.counted_on >= Volunteer.appointed_on,
        )
        .scalar_subquery()
    )


@cache
def recount_statement() -> Update:
    """``recount``'s statement, built once, at first use: every report of a completed visit
    runs it (building it cost more CPU than running it)."""
    return (
        update(Volunteer)
        .where(Volunteer.id.in_(bindparam("ids", expanding=True)))
        .values(probation_visits_reported=reported_visits(Volunteer.id))
        .execution_options(synchronize_session=False)
    )


def recount(volunteer_ids: set[int | None]) -> None:
    """Count again the reported visits of each of these volunteers (None ids are skipped), in
    one UPDATE: sending a report costs the same whoever the visitors are (issue 15)."""
    ids = sorted(i for i in volunteer_ids if i)
    if not ids:
        return
    db.session.flush()  # the report as filed or corrected counts
    db.session.execute(recount_statement(), {"ids": ids})
    for volunteer_id in ids:  # a record already loaded reads the new count when next used
        if (
            loaded := db.session.identity_map.get(identity_key(Volunteer, volunteer_id))
        ) is not None:
            db.session.expire(loaded, ["probation_visits_reported"])


@report_filed.connect
def count_filed(_sender: Any, *, report: VisitReport, **_: Any) -> None:
    if not db.session.info.get(AFTER_SEND):  # else its after-send job counts it (see above)
        count_report(report)


def count_report(report: VisitReport) -> None:
    """Count again the visits of a new report's visitors."""
    # Only a completed visit counts: a new report of any other outcome changes no count.
    visitors = {report.visitor_1_id, report.visitor_2_id} - {None}
    if visitors and report.outcome == Outcome.COMPLETED:
        recount(visitors)
