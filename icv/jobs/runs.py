"""Run a registered job in an app context, record the run, and read runs back for the admin page.

``run`` is what the scheduler calls (through ``icv.jobs.scheduler.run_job``), and what tests and
``bench/`` call directly with a frozen clock. The job's work and its ``job_runs`` row commit
together, once; a job that raises is rolled back and its run is recorded with the error.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import func, select

from icv.clock import now_utc
from icv.extensions import db
from icv.jobs.models import JobRun, apscheduler_jobs
from icv.jobs.registry import job_by_id
from icv.jobs.rules import Outcome

logger = logging.getLogger("icv.jobs")


def run(job_id: str) -> JobRun:
    """Run one job now (in the current app context) and record what it did."""
    job = job_by_id(job_id)
    started = now_utc()
    try:
        outcome = job.func()
        entry = record(job_id, started, outcome)
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        logger.exception("job %s failed", job_id)
        entry = record(job_id, started, Outcome(0, "failed"), f"{type(exc).__name__}: {exc}")
        db.session.commit()
    else:
        # A minutely job that found nothing to do is not worth a line in the log.
        logger.log(
            logging.INFO if outcome else logging.DEBUG, "job %s: %s", job_id, outcome.summary
        )
    return entry


def record(job_id: str, started: datetime, outcome: Outcome, error: str | None = None) -> JobRun:
    entry = JobRun(
        job_id=job_id,
        started_at=started,
        finished_at=now_utc(),
        did_something=bool(outcome),
        summary=outcome.summary[:200],
        error=error[:4000] if error else None,
    )
    db.session.add(entry)
    return entry


def last_runs() -> dict[str, JobRun]:
    """job id -> its most recent run."""
    newest = (
        select(JobRun.job_id, func.max(JobRun.id).label("id")).group_by(JobRun.job_id).subquery()
    )
    runs = db.session.scalars(select(JobRun).join(newest, JobRun.id == newest.c.id))
    return {entry.job_id: entry for entry in runs}


def recent_activity(limit: int = 20) -> list[JobRun]:
    """The latest runs that did something or failed."""
    return list(
        db.session.scalars(
            select(JobRun)
            .where(JobRun.did_something.is_(True) | JobRun.error.is_not(None))
            .order_by(JobRun.id.desc())
            .limit(limit)
        )
    )


def next_runs() -> dict[str, datetime]:
    """job id -> its next run, as the scheduler stored it (read without starting one)."""
    rows = db.session.execute(
        select(apscheduler_jobs.c.id, apscheduler_jobs.c.next_run_time).where(
            apscheduler_jobs.c.next_run_time.is_not(None)
        )
    )
    return {job_id: datetime.fromtimestamp(stamp, UTC) for job_id, stamp in rows}
