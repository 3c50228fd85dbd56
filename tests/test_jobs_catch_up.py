"""Jobs are never silently skipped: a run is recorded before it starts, a run whose scheduler
died is marked so, and missed runs are made up at start and every few minutes; delivery runs in
its own thread. (``tests/test_jobs_process.py`` kills a real ``icv scheduler``.)"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import threading
import time

import pytest
import time_machine
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import insert, select

from icv.extensions import db
from icv.jobs import liveness, registry, scheduler
from icv.jobs.housekeeping import prune_runs
from icv.jobs.models import JobRun, SchedulerProcess, apscheduler_jobs
from icv.jobs.rules import Outcome
from icv.jobs.runs import mark_died, run
from icv.notifications.services import queue_email
from tests.mail import hang_up, silent_smtp_server

UTC = dt.UTC
#: Wednesday 18 November 2026, 10:00 (GMT): three hours after the 07:00 jobs.
WEDNESDAY = dt.datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
SEVEN = dt.datetime(2026, 11, 18, 7, 0, tzinfo=UTC)


def runs_of(job_id: str | None = None) -> list[JobRun]:
    db.session.remove()  # see what other sessions and threads committed
    query = select(JobRun).order_by(JobRun.id)
    if job_id:
        query = query.where(JobRun.job_id == job_id)
    return list(db.session.scalars(query))


def add_run(job_id: str, started: dt.datetime, status: str, runner: str | None = None) -> None:
    db.session.add(
        JobRun(job_id=job_id, started_at=started, status=status, runner=runner, summary=status)
    )
    db.session.commit()


def add_process(
    pid: int, seen: dt.datetime, host: str = liveness.HOST, stopped: dt.datetime | None = None
) -> str:
    process = SchedulerProcess(
        id=f"p{pid}", host=host, pid=pid, started_at=seen, last_seen_at=seen, stopped_at=stopped
    )
    db.session.add(process)
    db.session.commit()
    return process.id


def dead_pid() -> int:
    """The pid of a process that has exited and been reaped."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_a_run_is_recorded_as_running_before_the_job_starts(app, ctx, monkeypatch):
    seen_while_running = []

    def look() -> Outcome:
        with app.app_context():  # another session: only what was committed
            seen_while_running.extend((r.job_id, r.status, r.runner) for r in runs_of())
        return Outcome(1, "looked")

    job = dataclasses.replace(registry.job_by_id("next_rota"), func=look)
    monkeypatch.setattr(registry, "JOBS", (job,))
    with time_machine.travel(WEDNESDAY, tick=False):
        entry = run("next_rota", runner="p1")
    assert seen_while_running == [("next_rota", "running", "p1")]
    assert (entry.status, entry.summary, entry.finished_at) == ("succeeded", "looked", WEDNESDAY)


def test_a_failed_run_is_recorded_as_failed(ctx, monkeypatch):
    def fail() -> Outcome:
        raise RuntimeError("the database went away")

    job = dataclasses.replace(registry.job_by_id("next_rota"), func=fail)
    monkeypatch.setattr(registry, "JOBS", (job,))
    entry = run("next_rota")
    assert (entry.status, entry.error) == ("failed", "RuntimeError: the database went away")


def test_runs_of_dead_schedulers_are_marked_died_and_the_rest_left_running(ctx):
    now = WEDNESDAY
    gone_quiet = add_process(101, now - dt.timedelta(minutes=2, seconds=1), host="other")
    stopped = add_process(102, now - dt.timedelta(minutes=1), host="other", stopped=now)
    killed_here = add_process(dead_pid(), now - dt.timedelta(seconds=10))
    alive_elsewhere = add_process(104, now - dt.timedelta(minutes=2), host="other")
    alive_here = add_process(os.getppid(), now - dt.timedelta(seconds=10))
    for runner in (gone_quiet, stopped, killed_here, alive_elsewhere, alive_here):
        add_run("next_rota", now - dt.timedelta(minutes=5), "running", runner)
    add_run("report_chasers", now - dt.timedelta(minutes=2, seconds=1), "running")  # no process
    add_run("prune_job_runs", now - dt.timedelta(minutes=2), "running")
    with time_machine.travel(now, tick=False):
        died = mark_died(liveness.dead_processes(now), now)
    assert {r.runner or r.job_id for r in died} == {
        gone_quiet,
        stopped,
        killed_here,
        "report_chasers",
    }
    assert [r.status for r in runs_of()] == ["died"] * 3 + ["running"] * 2 + ["died", "running"]
    killed = next(r for r in runs_of() if r.runner == killed_here)
    assert killed.summary == "did not finish"
    assert killed.error == (
        f"The scheduler (process {killed_here[1:]} on {liveness.HOST}) stopped during this run: "
        "killed, crashed or its machine restarted. What the run had not saved was lost; the "
        "run is made up."
    )


def store_next_run(job_id: str, when: dt.datetime) -> None:
    """The job store as APScheduler leaves it once it has handed the job over."""
    db.session.execute(
        insert(apscheduler_jobs).values(id=job_id, next_run_time=when.timestamp(), job_state=b"x")
    )
    db.session.commit()


def wait_for(condition, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} seconds")
        time.sleep(0.05)


def test_at_start_a_run_a_killed_scheduler_left_unfinished_is_marked_died_and_made_up(app, ctx):
    killed = add_process(dead_pid(), SEVEN)
    add_run("expiry_warnings", SEVEN, "running", killed)
    store_next_run("expiry_warnings", SEVEN + dt.timedelta(days=1))  # handed over, then killed
    add_run("visit_reminders", SEVEN - dt.timedelta(days=1), "succeeded")  # ran yesterday
    with time_machine.travel(WEDNESDAY, tick=True):
        background = scheduler.build_scheduler(app, BackgroundScheduler)
        background.start()
        try:
            wait_for(lambda: [r.status for r in runs_of()][2:] == ["succeeded"] * 2)
            time.sleep(0.3)  # room for a run too many to show itself
        finally:
            background.shutdown(wait=True)
    assert [(r.job_id, r.status, r.catch_up_of) for r in runs_of()] == [
        ("expiry_warnings", "died", None),
        ("visit_reminders", "succeeded", None),
        # Both missed their run this morning (07:00, 07:10), within grace: made up in turn.
        # The jobs that never ran here are new, and wait for their time.
        ("expiry_warnings", "succeeded", SEVEN),
        ("visit_reminders", "succeeded", SEVEN + dt.timedelta(minutes=10)),
    ]
    assert runs_of()[2].runner == liveness.this_process
    assert scheduler_next_runs()["expiry_warnings"] == SEVEN + dt.timedelta(days=1)


def scheduler_next_runs() -> dict[str, dt.datetime]:
    from icv.jobs.runs import next_runs

    db.session.remove()
    return next_runs()


def test_the_check_every_few_minutes_makes_up_a_run_the_scheduler_skipped(app, ctx):
    """APScheduler moved the job's next run on without running it (handed over to a thread that
    never ran it): the check sees no success since 07:20 and runs it at once."""
    twenty_past = SEVEN + dt.timedelta(minutes=20)
    add_run("next_rota", twenty_past - dt.timedelta(days=1), "succeeded")
    with time_machine.travel(twenty_past - dt.timedelta(minutes=1), tick=False) as clock:
        background = scheduler.build_scheduler(app, BackgroundScheduler)
        # The test runs the check itself: the scheduler's own (due at 07:22:30 once the clock
        # moves on) would race it and could make the run up a second time.
        background.remove_job("icv_catch_up")
        background.start()
        try:
            # Nothing missed at start: no run made up (the outbox's interval job may start on
            # its own thread at once; it is no catch-up, and under load it sometimes won the
            # race to this line: a CI run failed on it).
            assert [r for r in runs_of() if r.catch_up_of is not None] == []
            assert len(runs_of("next_rota")) == 1
            background.modify_job("next_rota", next_run_time=twenty_past + dt.timedelta(days=1))
            clock.shift(dt.timedelta(minutes=10))
            scheduler.catch_up()
            wait_for(lambda: [r.status for r in runs_of("next_rota")][1:] == ["succeeded"])
            scheduler.catch_up()  # the next check finds nothing more to do
            time.sleep(0.3)
        finally:
            background.shutdown(wait=True)
    assert [(r.started_at, r.catch_up_of) for r in runs_of("next_rota")] == [
        (twenty_past - dt.timedelta(days=1), None),
        (twenty_past + dt.timedelta(minutes=9), twenty_past),
    ]


def test_a_job_in_hand_in_this_process_is_not_made_up_twice(app, ctx):
    release = threading.Event()
    pool = scheduler.JobPool(max_workers=1)
    background = BackgroundScheduler(executors={"default": pool})
    background.add_job(release.wait, id="slow", args=[10])
    background.start()
    try:
        wait_for(lambda: pool.holds("slow"))
        assert not pool.holds("other")
        release.set()
        wait_for(lambda: not pool.holds("slow"))
    finally:
        background.shutdown(wait=True)


def test_the_latest_successful_run_of_each_job_is_never_pruned(ctx):
    with time_machine.travel(WEDNESDAY, tick=False):
        old = WEDNESDAY - dt.timedelta(days=100)
        add_run("weekly_digest", old, "succeeded")  # the digest's latest success: kept
        add_run("weekly_digest", old + dt.timedelta(days=1), "died")
        add_run("next_rota", old, "succeeded")
        add_run("next_rota", WEDNESDAY - dt.timedelta(days=2), "succeeded")  # idle, latest: kept
        add_process(9, old, host="other", stopped=old)
        assert prune_runs() == Outcome(2, "deleted 2 old runs")
        db.session.commit()
    assert [(r.job_id, r.started_at) for r in runs_of()] == [
        ("weekly_digest", old),
        ("next_rota", WEDNESDAY - dt.timedelta(days=2)),
    ]
    assert db.session.scalars(select(SchedulerProcess)).all() == []


@pytest.fixture
def silent_smtp(app):
    # Its timeout outlasts the test: a send that gave up after 3 seconds ended the hang while
    # a loaded machine was still running the daily job. The test hangs up itself instead.
    with silent_smtp_server(app, timeout=30) as server:
        yield server


def test_a_mail_server_that_hangs_holds_up_no_other_job(app, ctx, silent_smtp):
    store_next_run("deliver_outbox", WEDNESDAY - dt.timedelta(seconds=30))
    with time_machine.travel(WEDNESDAY, tick=True):
        queue_email("val@example.org", "password-reset", user=None, link="http://x")
        db.session.commit()
        background = scheduler.build_scheduler(app, BackgroundScheduler)
        background.start()
        try:
            wait_for(lambda: [r.status for r in runs_of("deliver_outbox")] == ["running"])
            # Delivery now waits for the mail server; in one shared thread the daily job would
            # wait behind it. (Making both due at once left which started first to the
            # executors' race, which a loaded CI machine lost.)
            background.modify_job("expiry_warnings", next_run_time=dt.datetime.now(dt.UTC))
            wait_for(lambda: [r.status for r in runs_of("expiry_warnings")] == ["succeeded"])
            [delivery] = runs_of("deliver_outbox")
            assert delivery.status == "running"
            hang_up(silent_smtp)
        finally:
            background.shutdown(wait=True)
    assert [r.status for r in runs_of("deliver_outbox")] == ["succeeded"]
    jobs = {job.id: job.executor for job in registry.JOBS}
    assert jobs.pop("deliver_outbox") == "mail"
    assert jobs.pop("rota_drafts") == "rota"  # a long solve holds up no other job either
    assert set(jobs.values()) == {"default"}
