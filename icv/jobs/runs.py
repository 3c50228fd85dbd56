"""Run a registered job in an app context, record the run, and read runs back for the admin page.

``run`` is what the scheduler calls (through ``icv.jobs.scheduler.run_job``), and what tests and
``bench/`` call directly with a frozen clock. The run is recorded as running (and committed)
before the job starts, so a process killed mid-job leaves a trace that the next scheduler marks
as died (``mark_died``) and catches up. The job's work and its result commit together, once; a
job that raises is rolled back and its run is recorded with the error. A notice that fails
(``icv.jobs.claims``) is undone alone: the run commits the rest and is recorded as failed with
the notices' errors.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import UTC, datetime

from sqlalchemy import func, select

from icv.clock import now_utc
from icv.extensions import db
from icv.jobs.claims import failures_held
from icv.jobs.liveness import has_died
from icv.jobs.models import JobRun, RunStatus, SchedulerProcess, apscheduler_jobs
from icv.jobs.registry import job_by_id
from icv.jobs.rules import Outcome, plural

logger = logging.getLogger("icv.jobs")


def run(job_id: str, runner: str | None = None, catch_up_of: datetime | None = None) -> JobRun:
    """Run one job now (in the current app context) and record what it did.

    ``runner`` is the scheduler process running it; ``catch_up_of`` when the missed run it makes
    up for was due.
    """
    job = job_by_id(job_id)
    entry = JobRun(
        job_id=job_id,
        started_at=now_utc(),
        status=RunStatus.RUNNING,
        runner=runner,
        catch_up_of=catch_up_of,
        summary="running",
    )
    db.session.add(entry)
    db.session.commit()
    try:
        with failures_held() as failures:  # notices that failed: the rest of the work stands
            outcome = job.func()
        finish(entry, with_failures(outcome, failures), notices_failed(failures))
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        logger.exception("job %s failed", job_id)
        finish(entry, Outcome(0, "failed"), f"{type(exc).__name__}: {exc}")
        db.session.commit()
    else:
        # A minutely job that found nothing to do is not worth a line in the log.
        logger.log(
            logging.INFO if outcome else logging.DEBUG, "job %s: %s", job_id, outcome.summary
        )
    return entry


def with_failures(outcome: Outcome, failures: list[str]) -> Outcome:
    """ "sent 2 vetting warnings; 1 failure" ("1 failure" alone when nothing else was done)."""
    if not failures:
        return outcome
    failed = plural(len(failures), "failure")
    return Outcome(outcome.count, f"{outcome.summary}; {failed}" if outcome else failed)


def notices_failed(failures: list[str]) -> str | None:
    """The run's error when some notices could not be acted on (``icv.jobs.claims``)."""
    if not failures:
        return None
    return f"NoticesFailed, put back for the next run: {'; '.join(failures)}"


def finish(entry: JobRun, outcome: Outcome, error: str | None = None) -> None:
    """Record the result. A run marked as died meanwhile (its process silent for a while, but
    not dead after all) gets its real result: the truth wins."""
    entry.status = RunStatus.FAILED if error else RunStatus.SUCCEEDED
    entry.finished_at = now_utc()
    entry.did_something = bool(outcome)
    entry.summary = outcome.summary[:200]
    entry.error = error[:4000] if error else None


def mark_died(dead: Collection[str], now: datetime) -> list[JobRun]:
    """Mark the runs of ``dead`` scheduler processes that were still running as died; commits.

    Runs recorded without a process (``run`` called directly) count as their own process,
    started when they did: they are taken to have died once as silent as a dead process.
    """
    running = db.session.scalars(select(JobRun).where(JobRun.status == RunStatus.RUNNING)).all()
    died = []
    for entry in running:
        process = db.session.get(SchedulerProcess, entry.runner) if entry.runner else None
        if entry.runner in dead or (
            process is None and has_died(orphan(entry), now)  # no heartbeat to go by
        ):
            entry.status = RunStatus.DIED
            entry.summary = "did not finish"
            entry.error = died_because(process)
            died.append(entry)
    db.session.commit()
    return died


def orphan(entry: JobRun) -> SchedulerProcess:
    """A stand-in process for a run with no process row: last seen when the run started."""
    return SchedulerProcess(id="", host="", pid=0, last_seen_at=entry.started_at)


def died_because(process: SchedulerProcess | None) -> str:
    where = f" (process {process.pid} on {process.host})" if process else ""
    return (
        f"The scheduler{where} stopped during this run: killed, crashed or its machine "
        "restarted. What the run had not saved was lost; the run is made up."
    )


def last_runs() -> dict[str, JobRun]:
    """job id -> its most recent run."""
    newest = (
        select(JobRun.job_id, func.max(JobRun.id).label("id")).group_by(JobRun.job_id).subquery()
    )
    runs = db.session.scalars(select(JobRun).join(newest, JobRun.id == newest.c.id))
    return {entry.job_id: entry for entry in runs}


def recent_activity(limit: int = 20) -> list[JobRun]:
    """The latest runs that did something, failed, died or made up a missed run."""
    return list(
        db.session.scalars(
            select(JobRun)
            .where(
                JobRun.did_something.is_(True)
                | JobRun.status.in_([RunStatus.FAILED, RunStatus.DIED])
                | JobRun.catch_up_of.is_not(None)
            )
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
