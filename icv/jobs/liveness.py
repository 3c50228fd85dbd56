"""Which scheduler processes are alive: each records its start and a heartbeat, and one that
stopped, went quiet, or (on this machine) no longer exists has died.

``scheduler_last_seen`` and ``oldest_unsent_age`` are what ``/healthz`` reports; the rest is
used by the scheduler itself (``icv.jobs.scheduler``, ``icv.jobs.catch_up``).
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from icv.clock import as_utc, now_utc
from icv.extensions import db
from icv.jobs.models import SchedulerProcess
from icv.jobs.rules import process_silent
from icv.notifications.models import OutboxMessage, OutboxStatus

HOST = socket.gethostname()[:255]

#: The id of this process's row when it is a scheduler (set by ``register``), else None.
this_process: str | None = None


def register() -> str:
    """Record the start of this scheduler process; commits. Returns its new id."""
    global this_process
    this_process = uuid.uuid4().hex
    db.session.add(SchedulerProcess(id=this_process, host=HOST, pid=os.getpid()))
    db.session.commit()
    return this_process


def beat() -> None:
    """Record that this scheduler process is alive; commits."""
    db.session.execute(
        update(SchedulerProcess)
        .where(SchedulerProcess.id == this_process)
        .values(last_seen_at=now_utc())
    )
    db.session.commit()


def stopped() -> None:
    """Record that this scheduler process stopped cleanly; commits."""
    now = now_utc()
    db.session.execute(
        update(SchedulerProcess)
        .where(SchedulerProcess.id == this_process)
        .values(last_seen_at=now, stopped_at=now)
    )
    db.session.commit()


def dead_processes(now: datetime) -> set[str]:
    """The ids of scheduler processes that are no longer running."""
    others = select(SchedulerProcess).where(SchedulerProcess.id != this_process)
    processes = db.session.scalars(others)
    return {process.id for process in processes if has_died(process, now)}


def has_died(process: SchedulerProcess, now: datetime) -> bool:
    if process.stopped_at is not None or process_silent(process.last_seen_at, now):
        return True
    # On this machine we need not wait for the silence: a restart after `kill -9` (or an out of
    # memory kill) sees at once that the old process is gone, and runs what it left unfinished.
    return process.host == HOST and (process.pid == os.getpid() or not pid_alive(process.pid))


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, under another user
        return True
    return True


def latest_process() -> SchedulerProcess | None:
    """The scheduler process seen most recently, for the admin page."""
    return db.session.scalars(
        select(SchedulerProcess).order_by(SchedulerProcess.last_seen_at.desc()).limit(1)
    ).first()


def scheduler_last_seen() -> datetime | None:
    """When a scheduler process was last known to be running (None if none ever ran).

    A running scheduler refreshes this every ``rules.HEARTBEAT`` (30 seconds); older than
    ``rules.SILENT_PROCESS`` (2 minutes) means no scheduler is running.
    """
    return db.session.scalar(select(func.max(SchedulerProcess.last_seen_at)))


def oldest_unsent_age(now: datetime) -> timedelta | None:
    """How long the oldest message not yet sent (nor given up on) has waited; None if none."""
    oldest = db.session.scalar(
        select(func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
        )
    )
    return None if oldest is None else now - as_utc(oldest)
