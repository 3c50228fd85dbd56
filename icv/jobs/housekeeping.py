"""Daily: tidy the scheduler's own records."""

from __future__ import annotations

from sqlalchemy import and_, delete, func, select

from icv.clock import now_utc
from icv.extensions import db
from icv.jobs.models import JobRun, RunStatus, SchedulerProcess
from icv.jobs.rules import KEEP_RUNS, Outcome, did, prune_before


def prune_runs() -> Outcome:
    """The housekeeping job: forget idle runs after a day and the rest after 90 days, but never
    a job's latest successful run (the catch-up compares the schedule with it); forget
    scheduler processes not seen for 90 days."""
    now = now_utc()
    latest_successes = (
        select(func.max(JobRun.id))
        .where(JobRun.status == RunStatus.SUCCEEDED)
        .group_by(JobRun.job_id)
    )
    idle = and_(
        JobRun.status == RunStatus.SUCCEEDED,
        JobRun.did_something.is_(False),
        JobRun.catch_up_of.is_(None),
    )
    deleted = 0
    for kept_long, when in ((False, idle), (True, ~idle)):
        deleted += db.session.execute(
            delete(JobRun).where(
                when,
                JobRun.started_at < prune_before(now, kept_long),
                JobRun.id.not_in(latest_successes),
            )
        ).rowcount
    db.session.execute(
        delete(SchedulerProcess).where(SchedulerProcess.last_seen_at < now - KEEP_RUNS)
    )
    return did(deleted, "deleted", "old run")
