"""`icv scheduler` as a real process on SQLite: it runs a missed job at start; told to stop, it
lets the message in hand go (cut off after a few seconds) and exits 0 within 10 seconds; killed
mid-job or mid-send (`kill -9`), its restart marks the run as died, makes it up, and sends the
message again, marked as possibly sent twice; `icv serve --with-scheduler` starts it beside the
web app and one Ctrl-C stops both."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import func, insert, select

from icv import create_app
from icv.extensions import db
from icv.jobs.liveness import HOST
from icv.jobs.models import JobRun, apscheduler_jobs
from icv.jobs.registry import JOBS
from icv.jobs.scheduler import serve
from icv.notifications.models import OutboxMessage
from icv.notifications.services import queue_email
from icv.notifications.smtp import stop as stop_delivery
from tests.conftest import answers, app_config, dispose

ICV = str(Path(sys.executable).parent / "icv")
ROOT = Path(__file__).resolve().parents[1]
#: Seconds a scheduler process may take to start and get to its work, or to stop: a few on a
#: quiet machine, more than 20 under load like CI's (three lanes and a browser on 2 cores), where
#: waits of 20 seconds failed. Only a test that fails waits this long.
PATIENCE = 60


def clean_environment(instance_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ICV_", "FLASK_"))}
    env["ICV_INSTANCE_PATH"] = str(instance_path)
    return env


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A SQLite database migrated once by the real command, copied for each test."""
    folder = tmp_path_factory.mktemp("migrated")
    subprocess.run(
        [ICV, "db", "upgrade"], env=clean_environment(folder), check=True, capture_output=True
    )
    return folder / "icv.sqlite"


@pytest.fixture
def instance(tmp_path, migrated):
    """A fresh instance folder with a migrated SQLite database, and an app to look into it."""
    env = clean_environment(tmp_path)
    shutil.copyfile(migrated, tmp_path / "icv.sqlite")
    app = create_app(app_config("sqlite:///" + str(tmp_path / "icv.sqlite")))
    yield env, app
    dispose(app)


def miss_a_run(app, job_id: str, seconds_ago: float = 30) -> None:
    """Leave the job store as a scheduler that stopped just before this job's run would."""
    with app.app_context():
        when = dt.datetime.now(dt.UTC).timestamp() - seconds_ago
        db.session.execute(
            insert(apscheduler_jobs).values(id=job_id, next_run_time=when, job_state=b"old")
        )
        db.session.commit()


def job_runs(app) -> list[JobRun]:
    with app.app_context():
        runs = list(db.session.scalars(select(JobRun).order_by(JobRun.id)))
        db.session.expunge_all()
        return runs


#: The jobs due at the top of every minute (the outbox, the rota drafts, the summary's figures).
EVERY_MINUTE = {job.id for job in JOBS if isinstance(job.schedule.trigger, IntervalTrigger)}


def runs_but_every_minute(app, *kept: str) -> list[JobRun]:
    """The runs, less those of the every-minute jobs not ``kept``: a scheduler that lives across
    the top of a real minute runs them too (a loaded machine stretches the seconds between a
    test's start and its signal, and one CI run can cross a minute where a quiet one did not)."""
    return [run for run in job_runs(app) if run.job_id in kept or run.job_id not in EVERY_MINUTE]


def stop(process: subprocess.Popen, group: bool = False) -> None:
    """Kill a process a failed test left running, and reap it, so no later test is blamed for
    its open pipe and the "still running" warning."""
    if process.poll() is None:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait(timeout=10)
    if process.stdout is not None:
        process.stdout.close()


def wait_until(condition, timeout: float = PATIENCE, what: str = "it") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} seconds for {what}")
        time.sleep(0.1)


@pytest.fixture
def silent_smtp():
    """A port that accepts connections and never answers: sending hangs until the timeout."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(PATIENCE)
        yield server


def test_on_sigterm_delivery_stops_after_the_message_in_hand_and_exits_0_within_10_seconds(
    instance, silent_smtp
):
    env, app = instance
    # The mail server never answers, and sends wait for the default timeout of 20 seconds.
    env |= {"ICV_SMTP_PORT": str(silent_smtp.getsockname()[1])}
    with app.app_context():
        queue_email("val@example.org", "password-reset", user=None, link="http://x")
        queue_email("sam@example.org", "password-reset", user=None, link="http://x")
        db.session.commit()
    miss_a_run(app, "deliver_outbox")
    scheduler = subprocess.Popen(
        [ICV, "scheduler"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        connection, _ = silent_smtp.accept()  # the missed run started at once, and is sending
        signalled = time.monotonic()
        scheduler.send_signal(signal.SIGTERM)
        output, _ = scheduler.communicate(timeout=PATIENCE)
        took = time.monotonic() - signalled
        connection.close()
    finally:
        stop(scheduler)
    assert scheduler.returncode == 0, output
    assert took < 10, output
    assert f"icv scheduler: {len(JOBS)} jobs; SIGTERM or Ctrl-C stops it" in output
    assert "SIGTERM: stopping once the running job finishes" in output
    assert output.rstrip().endswith("icv scheduler: stopped")
    # The message in hand was cut off after the grace time: the job's line comes after the
    # signal's, before the end.
    lines = output.splitlines()
    signalled_at = next(i for i, line in enumerate(lines) if "SIGTERM: stopping" in line)
    finished = next(i for i, line in enumerate(lines) if "job deliver_outbox: attempted" in line)
    assert signalled_at < finished < len(lines) - 1
    # (At the top of a minute the outbox job is still busy with its send: no second run.)
    [run] = runs_but_every_minute(app, "deliver_outbox")
    assert (run.job_id, run.status, run.summary) == (
        "deliver_outbox",
        "succeeded",
        "attempted 1 message; 1 waiting to retry",
    )
    with app.app_context():
        first, second = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        # Not left claimed: tried again at the next run. The other was never claimed.
        assert (first.status, first.attempts, first.claimed_by) == ("pending", 1, None)
        assert first.last_error.startswith("Cut short because the scheduler was stopping (")
        assert (second.status, second.attempts) == ("pending", 0)
        stored = db.session.scalar(select(func.count()).select_from(apscheduler_jobs))
        assert stored == len(JOBS)


def statuses(app, job_id: str) -> list[str]:
    return [run.status for run in job_runs(app) if run.job_id == job_id]


def test_a_scheduler_killed_mid_job_leaves_a_died_run_and_its_restart_makes_it_up(instance):
    env, app = instance
    miss_a_run(app, "expiry_warnings")
    hanging = subprocess.Popen(
        [sys.executable, "-m", "tests.hanging_scheduler", "expiry_warnings"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until(lambda: statuses(app, "expiry_warnings") == ["running"], what="the job")
        # APScheduler has already stored the job's next run (tomorrow): before runs were
        # recorded as they started, the restart found nothing missed and the day was skipped.
        hanging.kill()
        hanging.wait(timeout=10)
    finally:
        stop(hanging)
    restarted = subprocess.Popen(
        [ICV, "scheduler"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_until(
            lambda: statuses(app, "expiry_warnings") == ["died", "succeeded"], what="the catch-up"
        )
        restarted.send_signal(signal.SIGTERM)
        output, _ = restarted.communicate(timeout=PATIENCE)
    finally:
        stop(restarted)
    assert restarted.returncode == 0, output
    died, made_up = (run for run in job_runs(app) if run.job_id == "expiry_warnings")
    assert died.summary == "did not finish"
    assert f"(process {hanging.pid} on {HOST}) stopped during this run" in died.error
    assert made_up.catch_up_of is not None
    assert made_up.catch_up_of <= died.started_at  # its own time, or this morning's 07:00
    assert made_up.runner != died.runner


class Holding:
    """A mail server that takes each message, then holds its answer until released."""

    def __init__(self) -> None:
        self.message_ids: list[str] = []
        self.received = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes

        self.message_ids.append(message_from_bytes(envelope.content)["Message-ID"])
        self.received.set()
        while not self.release.is_set():
            await asyncio.sleep(0.05)
        return "250 2.0.0 Ok: queued as 7QX2"


def test_a_scheduler_killed_mid_send_sends_again_and_shows_it_may_have_gone_twice(
    instance, free_port
):
    env, app = instance
    env |= {"ICV_SMTP_PORT": str(free_port)}
    with app.app_context():
        queue_email("val@example.org", "password-reset", user=None, link="http://x")
        db.session.commit()
    miss_a_run(app, "deliver_outbox")
    server = Holding()
    controller = Controller(server, hostname="127.0.0.1", port=free_port)
    controller.start()
    first = subprocess.Popen(
        [ICV, "scheduler"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        # The server has the message; the scheduler dies before it hears the answer.
        assert server.received.wait(PATIENCE)
        first.kill()
        first.wait(timeout=10)
        server.release.set()
        second = subprocess.Popen(
            [ICV, "scheduler"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        try:
            wait_until(lambda: statuses(app, "deliver_outbox")[-1:] == ["succeeded"], what="it")
            second.send_signal(signal.SIGTERM)
            output, _ = second.communicate(timeout=PATIENCE)
        finally:
            stop(second)
    finally:
        stop(first)
        controller.stop()
    assert second.returncode == 0, output
    # A run at the top of a minute between the made-up run and the signal finds nothing to do.
    died, made_up, *later = statuses(app, "deliver_outbox")
    assert (died, made_up) == ("died", "succeeded")
    assert later in ([], ["succeeded"])
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage)).one()
        # At least once: it went twice, as the same message, and the outbox says it may have.
        assert server.message_ids == [message.message_id] * 2
        assert (message.status, message.attempts) == ("sent", 2)
        assert message.smtp_reply == "250 2.0.0 Ok: queued as 7QX2"
        assert message.interrupted_at is not None


def test_serve_with_scheduler_runs_both_and_one_ctrl_c_stops_both(instance, free_port):
    env, app = instance
    miss_a_run(app, "prune_job_runs")
    server = subprocess.Popen(
        [ICV, "serve", "--port", str(free_port), "--with-scheduler"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    )
    try:
        wait_until(
            lambda: answers(f"http://127.0.0.1:{free_port}/healthz?scope=web"), what="the web app"
        )
        wait_until(lambda: runs_but_every_minute(app), what="the scheduler's first run")
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        output, _ = server.communicate(timeout=PATIENCE)
    finally:
        stop(server, group=True)
    assert server.returncode == 0, output
    child = int(re.search(r"icv scheduler is running beside it \(process (\d+)\)", output)[1])
    assert "icv scheduler: stopped" in output
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)
    assert [run.job_id for run in runs_but_every_minute(app)] == ["prune_job_runs"]


def test_the_scheduler_says_plainly_when_the_database_is_not_migrated(tmp_path):
    env = clean_environment(tmp_path)
    result = subprocess.run(
        [ICV, "scheduler"], env=env, capture_output=True, text=True, timeout=PATIENCE
    )
    assert result.returncode == 1
    assert result.stderr == (
        "Error: the database is not ready (OperationalError); run `icv db upgrade` first\n"
    )


class SlowToStop:
    """A scheduler whose loop ends as soon as shutdown marks it stopped, while shutdown still
    waits for a running job, as APScheduler's BlockingScheduler can."""

    def __init__(self) -> None:
        self.running = False
        self.marked_stopped = threading.Event()
        self.job_finished = False

    def start(self) -> None:
        self.running = True
        threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGTERM)).start()
        self.marked_stopped.wait(10)

    def shutdown(self, wait: bool) -> None:
        assert wait
        self.marked_stopped.set()
        time.sleep(0.5)  # the running job finishing its send
        self.job_finished = True


def test_serve_returns_only_after_the_running_job_has_finished():
    before = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    scheduler = SlowToStop()
    try:
        serve(scheduler)
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
        # The SIGTERM asked this process's delivery to stop: later tests deliver again.
        stop_delivery.reset()
    assert scheduler.job_finished
