"""The scheduler process (``icv scheduler``): APScheduler in the foreground, its jobs stored in
our database (``apscheduler_jobs``), every time in the scheme's timezone.

Started only from the command line, never from ``create_app`` or a web worker: with several
gunicorn workers each would run every job. Run exactly one per deployment. A second one started
by mistake sends nothing twice: the outbox claims each message and every job claims its notices
(``icv.jobs.claims``); at worst a job runs twice and the second run finds nothing to do.

Four threads run work: "default" runs the jobs one at a time, "mail" delivers the outbox (so a
mail server that hangs holds up no other job), "rota" solves the rota drafts asked for (seconds
each), and "internal" keeps the process's heartbeat
(``icv.jobs.liveness``) and makes up missed runs (``icv.jobs.catch_up``) at start and every
few minutes.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask
from sqlalchemy import create_engine, delete, select
from sqlalchemy.pool import NullPool

from icv.clock import SCHEME_TZ, now_utc
from icv.extensions import db
from icv.jobs import liveness, runs
from icv.jobs.catch_up import missed_runs
from icv.jobs.models import apscheduler_jobs
from icv.jobs.registry import INTERVAL_ORIGIN, JOBS, ScheduledJob
from icv.jobs.rules import CATCH_UP_EVERY, HEARTBEAT
from icv.notifications.rules import STOP_GRACE
from icv.notifications.smtp import stop as stop_delivery

logger = logging.getLogger("icv.jobs")

#: The app of this process. APScheduler stores a job as a reference to a module-level function
#: plus its arguments, so the function finds the app here rather than in its arguments.
_app: Flask | None = None
#: The running scheduler, for the catch-up to move a missed job's next run to now.
_scheduler: BaseScheduler | None = None
#: The scheduler's thread pools by name ("default", "mail", "rota", "internal").
_pools: dict[str, JobPool] = {}
#: job id -> when the missed run it is about to make up was due (read by ``run_job``).
_catching_up: dict[str, datetime] = {}


class JobPool(ThreadPoolExecutor):
    """APScheduler's thread pool, which can say whether it holds a job (running or queued)."""

    def holds(self, job_id: str) -> bool:
        with self._lock:
            return self._instances.get(job_id, 0) > 0


def run_job(job_id: str) -> None:
    """What APScheduler calls: run one registered job in a fresh app context."""
    assert _app is not None, "run_job is called by the scheduler built by build_scheduler"
    with _app.app_context():
        runs.run(job_id, liveness.this_process, _catching_up.pop(job_id, None))


def missed_runs_in_store(now: datetime) -> dict[str, datetime]:
    """Stored run times already past: runs missed while no scheduler was running.

    Re-adding a job with ``replace_existing`` would otherwise recompute its next run from now and
    silently drop the run it missed; keeping the stored time lets APScheduler run it once
    (coalesced) if it is within the job's grace time.
    """
    rows = db.session.execute(
        select(apscheduler_jobs.c.id, apscheduler_jobs.c.next_run_time).where(
            apscheduler_jobs.c.next_run_time < now.timestamp()
        )
    )
    return {job_id: datetime.fromtimestamp(stamp, UTC) for job_id, stamp in rows}


def build_scheduler(
    app: Flask, scheduler_class: type[BaseScheduler] = BlockingScheduler
) -> BaseScheduler:
    """The configured scheduler with every registered job; call inside an app context.

    ``icv scheduler`` runs the blocking one; tests run the same configuration in the background.
    Records this process (``liveness.register``), marks the runs a dead scheduler left
    unfinished as died, and sets every missed run to run at once.
    """
    global _app, _scheduler
    _app = app
    stop_delivery.reset()
    liveness.register()
    now = now_utc()
    runs.mark_died(liveness.dead_processes(now), now)
    _catching_up.clear()
    _catching_up.update(missed_runs_in_store(now))
    _catching_up.update(missed_runs(now, nothing_in_hand))
    # A job no longer registered would fail at every run: take it out of the store.
    db.session.execute(
        delete(apscheduler_jobs).where(apscheduler_jobs.c.id.not_in([job.id for job in JOBS]))
    )
    db.session.commit()
    scheduler = _scheduler = new_scheduler(scheduler_class)
    for job in JOBS:
        add_job(scheduler, job, _catching_up.get(job.id))
    add_internal_jobs(scheduler)
    db.session.remove()  # the main thread only waits from here on: it keeps no connection
    return scheduler


def new_scheduler(scheduler_class: type[BaseScheduler]) -> BaseScheduler:
    # One thread each: jobs are short and SQLite allows one writer; mail apart from the jobs.
    _pools.clear()
    quiet = {"initializer": leave_signals_to_the_main_thread}
    names = ("default", "mail", "rota", "internal")
    _pools.update((name, JobPool(max_workers=1, pool_kwargs=quiet)) for name in names)
    return scheduler_class(
        # Its own engine, as the store disposes of it at shutdown; without a pool, because the
        # scheduler loop may look for due jobs once more after that, and a few queries a minute
        # need no pool. The heartbeat and the catch-up are not stored: each start adds them.
        jobstores={
            "default": SQLAlchemyJobStore(engine=create_engine(db.engine.url, poolclass=NullPool)),
            "internal": MemoryJobStore(),
        },
        executors=dict(_pools),
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=SCHEME_TZ,
    )


def add_job(scheduler: BaseScheduler, job: ScheduledJob, missed: datetime | None) -> None:
    """Store ``job`` under its fixed id, replacing the stored copy (a restart adds no second
    one) but keeping a run it missed, so that run still happens within its grace time."""
    scheduler.add_job(
        run_job,
        trigger=job.schedule.trigger,
        args=[job.id],
        id=job.id,
        name=job.title,
        executor=job.executor,
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=int(job.schedule.grace.total_seconds()),
        **({"next_run_time": missed} if missed else {}),
    )


def add_internal_jobs(scheduler: BaseScheduler) -> None:
    # Off the whole minute (where the registered jobs fire), so a catch-up never meets a job
    # starting at its scheduled time.
    for func, every, offset in ((heartbeat, HEARTBEAT, 15), (catch_up, CATCH_UP_EVERY, 150)):
        scheduler.add_job(
            func,
            IntervalTrigger(
                seconds=every.total_seconds(),
                start_date=INTERVAL_ORIGIN + timedelta(seconds=offset),
                timezone=SCHEME_TZ,
            ),
            id=f"icv_{func.__name__}",
            jobstore="internal",
            executor="internal",
            coalesce=True,
            misfire_grace_time=int(every.total_seconds()),  # late (a busy machine) beats never
        )


def nothing_in_hand(_job_id: str) -> bool:
    return False


def in_hand_here(job_id: str) -> bool:
    """This process is running the job, or has it waiting for its thread."""
    return any(pool.holds(job_id) for pool in _pools.values())


def heartbeat() -> None:
    assert _app is not None
    with _app.app_context():
        liveness.beat()


def catch_up() -> None:
    """Mark the runs of dead schedulers as died, and run at once every job that missed a run."""
    assert _app is not None
    assert _scheduler is not None
    with _app.app_context():
        now = now_utc()
        runs.mark_died(liveness.dead_processes(now), now)
        for job_id, due in missed_runs(now, in_hand_here).items():
            logger.info("catching up %s: its run due at %s did not happen or finish", job_id, due)
            _catching_up[job_id] = due
            _scheduler.modify_job(job_id, next_run_time=now)


def leave_signals_to_the_main_thread() -> None:
    """Job threads block SIGTERM and SIGINT, so the kernel delivers them to the main thread.

    Python runs signal handlers in the main thread only; a signal that lands on a job thread
    would wait until the main thread next wakes, which may be the next scheduled run.
    """
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})


def serve(scheduler: BlockingScheduler) -> None:
    """Run until SIGTERM or SIGINT, then let the running job finish and return."""
    stopping = threading.Event()

    def shut_down() -> None:
        while not scheduler.running:  # a signal may come before start() has finished
            time.sleep(0.05)
        scheduler.shutdown(wait=True)

    stopper = threading.Thread(target=shut_down, name="icv-scheduler-stop", daemon=True)

    # Ctrl-C reaches this process twice (from the terminal and from `icv serve`), and a second
    # handler can run inside the first between two bytecodes: a lock's acquire is one step, so
    # only the first signal goes on (an Event's check-then-set let both start the stopper).
    first_signal = threading.Lock()

    def stop(signum: int, _frame: object) -> None:
        if not first_signal.acquire(blocking=False):
            return
        stopping.set()
        logger.info("%s: stopping once the running job finishes", signal.Signals(signum).name)
        stop_delivery.request(STOP_GRACE.total_seconds())  # after the message in hand
        # Not in the handler itself: shutdown takes locks the interrupted loop may hold.
        stopper.start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    scheduler.start()  # blocks until the scheduler is marked stopped
    # The loop above can end as soon as shutdown marks the scheduler stopped, while shutdown
    # is still waiting for the running job: wait for all of it, so nothing runs after return.
    if stopping.is_set():
        stopper.join()


def start_child() -> subprocess.Popen:
    """``icv scheduler`` as a child process, for ``icv serve --with-scheduler``."""
    return subprocess.Popen([sys.executable, "-m", "icv", "scheduler"])


def stop_child(child: subprocess.Popen, timeout: float = 30) -> int:
    """Ask the child to stop (it finishes its running job first); kill it if it hangs."""
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    return child.returncode
