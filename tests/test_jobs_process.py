"""`icv scheduler` as a real process on SQLite: it runs a missed job at start, finishes the job it
is running when told to stop, and exits 0; `icv serve --with-scheduler` starts it beside the web
app and one Ctrl-C stops both."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from icv import create_app
from icv.extensions import db
from icv.jobs.models import JobRun, apscheduler_jobs
from icv.jobs.registry import JOBS
from icv.jobs.scheduler import serve
from icv.notifications.models import OutboxMessage
from icv.notifications.services import queue_email
from tests.conftest import app_config, dispose

ICV = str(Path(sys.executable).parent / "icv")


@pytest.fixture
def instance(tmp_path):
    """A fresh instance folder with a migrated SQLite database, and an app to look into it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ICV_", "FLASK_"))}
    env["ICV_INSTANCE_PATH"] = str(tmp_path)
    subprocess.run([ICV, "db", "upgrade"], env=env, check=True, capture_output=True)
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


def wait_until(condition, timeout: float = 20, what: str = "it") -> None:
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
        server.settimeout(20)
        yield server


def test_the_scheduler_finishes_its_running_job_on_sigterm_then_exits_0(instance, silent_smtp):
    env, app = instance
    env |= {"ICV_SMTP_PORT": str(silent_smtp.getsockname()[1]), "ICV_SMTP_TIMEOUT": "3"}
    with app.app_context():
        queue_email("val@example.org", "password-reset", user=None, link="http://x")
        db.session.commit()
    miss_a_run(app, "deliver_outbox")
    scheduler = subprocess.Popen(
        [ICV, "scheduler"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        connection, _ = silent_smtp.accept()  # the missed run started at once, and is sending
        scheduler.send_signal(signal.SIGTERM)
        output, _ = scheduler.communicate(timeout=30)
        connection.close()
    finally:
        stop(scheduler)
    assert scheduler.returncode == 0, output
    assert f"icv scheduler: {len(JOBS)} jobs; SIGTERM or Ctrl-C stops it" in output
    assert "SIGTERM: stopping once the running job finishes" in output
    assert output.rstrip().endswith("icv scheduler: stopped")
    # It waited for the send to time out: the job's line comes after the signal's, before the end.
    lines = output.splitlines()
    signalled = next(i for i, line in enumerate(lines) if "SIGTERM: stopping" in line)
    finished = next(i for i, line in enumerate(lines) if "job deliver_outbox: attempted" in line)
    assert signalled < finished < len(lines) - 1
    [run] = job_runs(app)
    assert (run.job_id, run.summary) == (
        "deliver_outbox",
        "attempted 1 message; 1 waiting to retry",
    )
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage)).one()
        assert (message.status, message.attempts) == ("pending", 1)  # not left claimed
        stored = db.session.scalar(select(func.count()).select_from(apscheduler_jobs))
        assert stored == len(JOBS)


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
        wait_until(lambda: len(job_runs(app)) == 1, what="the scheduler's first run")
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        output, _ = server.communicate(timeout=30)
    finally:
        stop(server, group=True)
    assert server.returncode == 0, output
    child = int(re.search(r"icv scheduler is running beside it \(process (\d+)\)", output)[1])
    assert "icv scheduler: stopped" in output
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)
    assert [run.job_id for run in job_runs(app)] == ["prune_job_runs"]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def test_the_scheduler_says_plainly_when_the_database_is_not_migrated(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ICV_", "FLASK_"))}
    env["ICV_INSTANCE_PATH"] = str(tmp_path)
    result = subprocess.run([ICV, "scheduler"], env=env, capture_output=True, text=True, timeout=30)
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
    assert scheduler.job_finished
