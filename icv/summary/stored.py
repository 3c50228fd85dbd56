"""The summary's figures kept once worked out, and forgotten whenever a row they count changes.

Working out a year's figures reads every report, issue and volunteer of two periods (9
statements, 7 without a published rota starting in the period: some 200 ms at 150,000
reports on PostgreSQL). The Commissioner's page
reads them far more often than they change, so a period's figures are kept, as of the day
they were worked out (a year still running is counted to that day), in
``summary_stored_figures``.

Whether a change matters is decided by table, not by signal: every transaction that writes a
row of any table but those listed in ``UNCOUNTED_TABLES`` (signing in, mail, jobs, drafts)
raises the changes counted (``summary_changes.generation``) as it commits, and a stored row
is read only while the generation it was worked out at is the current one, so no report
filed, corrected, reviewed or imported, no issue closed, volunteer appointed, claim approved
or setting changed can leave a stale figure behind, and a table added later is counted until
it is listed here. The next view works the figures out again, once, unless the scheduler has
first: a forgotten row still says its period was opened that day (``opened_on``), and the
scheduler works out again the figures of those periods within the minute
(``icv.jobs.summary_figures``).

The generation is read before any figure (with the kept ones, by the page's statement), so
figures worked out while a change commits (by a view, or by the scheduler) are stored with
the generation before it, and are stale as soon as they are stored: marking the rows kept
could not reach a row not committed yet. Kept figures are also worked out again once they are
``KEPT_FOR`` old, for a change made outside icv.

A report sent from the form is the exception: its transaction counts no change. Until the
scheduler's after-send job has run for it (``notices_queued_at`` NULL, ``icv.jobs.
report_notices``), no kept figure is read (``kept_lookup`` asks, by the partial index of the
reports waiting); that job counts the change as it marks the report. A send saves the
statement, and no figure kept before it is read after it.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from itertools import chain
from typing import Any

from sqlalchemy import ScalarSelect, delete, event, func, or_, select, update
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from icv.clock import now_utc
from icv.extensions import db
from icv.summary.figures import summary_figures
from icv.summary.models import StoredFigures, SummaryChanges
from icv.summary.rules import Basis, Period, Records
from icv.visits.models import VisitReport
from icv.visits.sent_mail import AFTER_SEND

#: Tables no figure of the summary reads, written all day long: writing them keeps the
#: stored figures.
UNCOUNTED_TABLES = frozenset(
    {
        "users",  # the time of each sign-in; names are not figures
        "user_sessions",
        "second_factors",
        "recovery_codes",
        "audit_events",
        "outbox",
        "job_runs",
        "scheduler_processes",
        "apscheduler_jobs",
        "scheduled_notices",
        "reminder_opt_outs",
        "visit_report_drafts",
        "application_drafts",
        "api_tokens",
        "annual_summaries",  # the narrative and sign-off: shown beside the figures, not in them
        StoredFigures.__tablename__,
        SummaryChanges.__tablename__,
    }
)
#: How long figures are kept at most, even with nothing counted changed (see above).
KEPT_FOR = timedelta(minutes=10)
#: ``Session.info`` key: a counted row was written in this transaction.
STALE = "summary_figures_stale"
#: The changes counted so far (the counter's one row, added by its migration).
GENERATION = select(SummaryChanges.generation).where(SummaryChanges.id == 1).scalar_subquery()


def generation_now() -> int:
    """The changes counted so far; -1, never current, if the counter's row is missing (then
    nothing is ever read kept: slower, never stale)."""
    found = db.session.scalar(select(GENERATION))
    return -1 if found is None else found


#: A report sent whose after-send job has not run yet: until it has, no kept figure is read.
REPORT_WAITING = select(VisitReport.id).where(VisitReport.notices_queued_at.is_(None)).exists()


def kept_lookup(period: Period, today: date) -> ScalarSelect:
    """The figures stored for ``period`` as of ``today`` and less than ``KEPT_FOR`` old (NULL
    if none, or while a sent report waits for its after-send job), as a scalar subquery:
    the page asks for them with the year's sign-off row."""
    return (
        select(StoredFigures.figures)
        .where(
            StoredFigures.year == period.year,
            StoredFigures.basis == period.basis.value,
            StoredFigures.quarter == (period.quarter or 0),
            StoredFigures.as_of == today,
            StoredFigures.computed_at > now_utc() - KEPT_FOR,
            StoredFigures.generation == GENERATION,
            ~REPORT_WAITING,
        )
        .order_by(StoredFigures.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def keep(
    period: Period, today: date, records: Records, generation: int | None = None
) -> dict[str, Any]:
    """``summary_figures`` of ``period`` as of ``today``, worked out and stored (the caller
    commits) with the ``generation`` read before them (read here first if not given)."""
    if generation is None:
        generation = generation_now()
    # As JSON gives them back, so the first view and every later one show the same.
    figures = json.loads(json.dumps(summary_figures(period, today, records)))
    db.session.add(
        StoredFigures(
            year=period.year,
            basis=period.basis.value,
            quarter=period.quarter or 0,
            as_of=today,
            figures=figures,
            generation=generation,
        )
    )
    return figures


def forget_old(today: date) -> None:
    """Delete the figures no view reads any more: worked out ``KEPT_FOR`` ago or more, or as of
    another day, forgotten or not (the caller has read ``opened_on`` first). The scheduler
    does it (``icv.jobs.summary_figures``), not the page, whose first view would pay a
    statement for it."""
    db.session.execute(
        delete(StoredFigures).where(
            or_(
                StoredFigures.computed_at <= now_utc() - KEPT_FOR,
                StoredFigures.as_of != today,
            )
        )
    )


def opened_on(today: date, at_most: int) -> list[Period]:
    """The periods whose figures were worked out for ``today`` (at a reader's view, or by the
    scheduler), kept or forgotten since: the latest ``at_most`` of them, latest first."""
    latest = func.max(StoredFigures.computed_at)
    rows = db.session.execute(
        select(StoredFigures.year, StoredFigures.basis, StoredFigures.quarter)
        .where(StoredFigures.as_of == today)
        .group_by(StoredFigures.year, StoredFigures.basis, StoredFigures.quarter)
        .order_by(latest.desc(), StoredFigures.year.desc(), StoredFigures.basis)
        .order_by(StoredFigures.quarter)
        .limit(at_most)
    )
    return [Period(year, Basis(basis), quarter or None) for year, basis, quarter in rows]


def forget_all() -> None:
    """Count a change at this transaction's commit, as any write of a counted row does: the
    after-send job, for the reports whose send left it to the job."""
    db.session.info[STALE] = True


def table_of(instance: object) -> str | None:
    table = getattr(instance, "__table__", None)
    return table.name if table is not None else None


def writes_counted_rows(tables: set[str | None]) -> bool:
    return any(name not in UNCOUNTED_TABLES for name in tables)


@event.listens_for(Session, "after_flush")
def note_counted_rows_flushed(session: Session, _context: Any) -> None:
    written = {table_of(o) for o in chain(session.new, session.dirty, session.deleted)}
    if writes_counted_rows(written):
        session.info[STALE] = True


@event.listens_for(Session, "do_orm_execute")
def note_counted_rows_updated(state: ORMExecuteState) -> None:
    """Bulk writes (``update()``, ``insert()``, ``delete()``) do not pass through a flush."""
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        if table is not None and writes_counted_rows({table.name}):
            state.session.info[STALE] = True


@event.listens_for(Session, "before_commit")
def forget_stored_figures(session: Session) -> None:
    session.flush()  # what is still pending may be counted
    # A report sent in this transaction keeps every figure unread until its after-send job.
    if session.info.pop(STALE, False) and not session.info.get(AFTER_SEND):
        # Counted, not deleted: the rows still say which periods were opened today.
        session.execute(
            update(SummaryChanges)
            .where(SummaryChanges.id == 1)
            .values(generation=SummaryChanges.generation + 1)
            .execution_options(synchronize_session=False)
        )


@event.listens_for(Session, "after_transaction_end")
def nothing_written(session: Session, transaction: SessionTransaction) -> None:
    """The transaction is over: nothing counted is pending any more. Not at a savepoint's end:
    a savepoint rolled back (a job's notice that failed, ``icv.jobs.claims``) undoes only its
    own writes, and what the transaction wrote before it must still forget the figures."""
    if transaction.parent is None:
        session.info.pop(STALE, None)
        session.info.pop(AFTER_SEND, None)
