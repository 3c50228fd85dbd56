"""Jobs are never silently skipped: which runs were missed and should be made up now.

APScheduler stores a job's next run time when it hands the job over, so a scheduler killed
mid-job (``kill -9``, out of memory) restarts with nothing missed in its own store. This reads
our record instead (``job_runs``, written as running before each job starts): at start and
every ``rules.CATCH_UP_EVERY``, runs left running by a dead process are marked died, and each
job whose schedule fired within its grace time with no successful run since, or whose latest
run died or failed, is run again (``rules.catch_up_due`` says exactly when).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import exists, func, select

from icv.extensions import db
from icv.jobs.models import JobRun, RunStatus
from icv.jobs.registry import JOBS, ScheduledJob
from icv.jobs.rules import History, catch_up_due, latest_fire_time


def missed_runs(now: datetime, in_hand: Callable[[str], bool]) -> dict[str, datetime]:
    """job id -> when the missed run to make up now was due, for every job that has one.

    ``in_hand(job_id)`` says whether this process is running the job or about to; runs of the
    other live scheduler processes are read from ``job_runs``. Call after ``runs.mark_died``.
    """
    missed = {}
    for job in JOBS:
        due = missed_run(job, now, in_hand(job.id))
        if due is not None:
            missed[job.id] = due
    return missed


def missed_run(job: ScheduledJob, now: datetime, in_hand_here: bool) -> datetime | None:
    grace = job.schedule.grace
    fired_at = latest_fire_time(job.schedule.trigger.get_next_fire_time, now, grace)
    return catch_up_due(fired_at, history(job.id, in_hand_here), now, grace)


def history(job_id: str, in_hand_here: bool) -> History:
    of_job = JobRun.job_id == job_id
    last_success = db.session.scalar(
        select(func.max(JobRun.started_at)).where(of_job, JobRun.status == RunStatus.SUCCEEDED)
    )
    unsuccessful = select(JobRun.started_at).where(
        of_job, JobRun.status.in_([RunStatus.FAILED, RunStatus.DIED])
    )
    if last_success is not None:
        unsuccessful = unsuccessful.where(JobRun.started_at > last_success)
    # Enough to count the attempts since the missed run was due (rules.MAX_ATTEMPTS).
    starts = db.session.scalars(unsuccessful.order_by(JobRun.started_at.desc()).limit(20))
    running_elsewhere = db.session.scalar(
        select(exists().where(of_job, JobRun.status == RunStatus.RUNNING))
    )
    return History(last_success, tuple(starts), in_hand_here or running_elsewhere)
