from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Unicode,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from icv.clock import now_utc
from icv.extensions import db
from icv.types import UTCDateTime

#: APScheduler's job store, made by our migration so the scheduler never creates a table at
#: start-up (its own ``create(checkfirst=True)`` then finds it). The columns are exactly those of
#: ``apscheduler.jobstores.sqlalchemy.SQLAlchemyJobStore``; a test compares the two, so an
#: APScheduler upgrade that changes them fails loudly. Only the scheduler writes it; the admin page
#: reads ``next_run_time`` (seconds since the epoch, UTC) from here without starting a scheduler.
apscheduler_jobs = Table(
    "apscheduler_jobs",
    db.metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)


class RunStatus(StrEnum):
    RUNNING = "running"  # recorded (and committed) before the job starts
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # the job raised; its work was rolled back
    #: Its scheduler process ended during the run (killed, crashed, machine restarted): the job's
    #: work, committed only with the run's result, was lost, and the run is caught up.
    DIED = "died"


class JobRun(db.Model):
    """One run of a scheduled job, for the admin page: when, what it did, or why it failed.

    The row is written as ``running`` before the job starts, so a run whose process is killed
    leaves a trace; the scheduler later marks it ``died`` and runs the job again
    (``icv.jobs.catch_up``).
    """

    __tablename__ = "job_runs"
    __table_args__ = (Index("ix_job_runs_job", "job_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The job's fixed id in ``icv.jobs.registry.JOBS``, e.g. ``deliver_outbox``.
    job_id: Mapped[str] = mapped_column(String(60))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    #: None while it runs, and for a run that died.
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default=RunStatus.RUNNING)
    #: The scheduler process that ran it (``SchedulerProcess.id``); None when called directly.
    runner: Mapped[str | None] = mapped_column(String(32))
    #: When the run this one makes up for was due: a run missed while no scheduler was
    #: running, or one that died or failed. None for a run at its scheduled time.
    catch_up_of: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: False for a run that found nothing to do; such runs are pruned after a day.
    did_something: Mapped[bool] = mapped_column(Boolean, default=False)
    #: One line for people, e.g. "sent 3 vetting warnings" or "failed".
    summary: Mapped[str] = mapped_column(String(200))
    #: The exception, when the run failed (its work was rolled back), or why it died.
    error: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<JobRun {self.job_id} {self.started_at:%Y-%m-%d %H:%M} {self.summary}>"


class SchedulerProcess(db.Model):
    """One start of ``icv scheduler``, and when it was last seen alive.

    A running scheduler writes ``last_seen_at`` every ``rules.HEARTBEAT``; ``/healthz`` reads it
    (``icv.jobs.liveness.scheduler_last_seen``). A process that stopped, went quiet, or (on
    this host) no longer exists has died: its unfinished runs are marked so and its claim on a
    message being sent is released (``icv.jobs.liveness.dead_processes``).
    """

    __tablename__ = "scheduler_processes"

    #: Random, new at every start (a restarted process may get the same pid, in a container).
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    #: Set when it stopped cleanly (SIGTERM or Ctrl-C).
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<SchedulerProcess {self.pid} on {self.host} seen {self.last_seen_at}>"


class NoticeStatus(StrEnum):
    DUE = "due"  # planned; waiting for a job to take it
    TAKEN = "taken"  # claimed by one job run, and acted on in the same transaction


class ScheduledNotice(db.Model):
    """A piece of scheduled work that must happen once: a reminder, a warning, a digest.

    The unique key (kind, subject, key) makes planning idempotent: two schedulers, a restart or
    a job run twice plan the same notice once. A job takes a notice with a conditional UPDATE
    (due -> taken) and acts only if it won (see ``icv.jobs.claims``).
    """

    __tablename__ = "scheduled_notices"
    __table_args__ = (
        UniqueConstraint(
            "kind", "subject_type", "subject_id", "key", name="uq_scheduled_notices_once"
        ),
        Index("ix_scheduled_notices_due", "kind", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What it is, e.g. ``vetting_warning``, ``weekly_digest``.
    kind: Mapped[str] = mapped_column(String(40))
    #: What it is about: a table name and row id (``volunteers``, 12), or ``scheme``, 0.
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    #: Tells this notice from others of its kind and subject, e.g. ``2027-01-31/30`` (the expiry
    #: date and the 30-day warning) or ``2026-W48`` (the week of a digest).
    key: Mapped[str] = mapped_column(String(40))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default=NoticeStatus.DUE)
    planned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: What the taking run did, e.g. "mailed the volunteer and 1 coordinator".
    outcome: Mapped[str | None] = mapped_column(String(200))

    def __repr__(self) -> str:
        return f"<ScheduledNotice {self.kind} {self.subject_type}:{self.subject_id} {self.key}>"
