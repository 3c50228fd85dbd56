"""A real ``icv scheduler`` killed (``kill -9``) mid-jobs and mid-send, then restarted: are jobs
missed, is mail lost or sent twice, and does the outbox say so?

    .venv/bin/python bench/scheduler_kill.py [--trials 10] [--messages 30]

SQLite in a temporary folder (migrated once, copied for each trial). Each trial of **jobs**
leaves every daily and weekly job's run missed a moment ago (as a scheduler down over their
time would), starts the scheduler with each of those jobs slowed by ``--job-seconds`` (so a kill
lands inside a job, as it would in a heavy morning), kills it at a random moment while the jobs
run, reads which jobs APScheduler's own store would have skipped (no success, their next run
moved on to tomorrow), restarts it and waits until each job has succeeded. Each trial of
**mail** queues ``--messages`` messages for a local SMTP server that takes each message and then
waits ``--answer-seconds`` before answering (a slow relay), kills the scheduler at a random
moment while it sends, restarts it and waits until every message is sent: it counts the messages
the server got twice, those never got, and how many of the doubles the outbox marks as "may have
gone twice".
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path

import time_machine
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, func, insert, select
from sqlalchemy.pool import NullPool

from icv import create_app
from icv.clock import SCHEME_TZ
from icv.extensions import db
from icv.jobs import registry
from icv.jobs.models import JobRun, RunStatus, apscheduler_jobs
from icv.notifications.models import OutboxMessage, OutboxStatus
from icv.notifications.services import queue_email

ICV = str(Path(sys.executable).parent / "icv")
DELIVERY = "deliver_outbox"


def environment(folder: Path, smtp_port: int = 1) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ICV_", "FLASK_"))}
    return env | {"ICV_INSTANCE_PATH": str(folder), "ICV_SMTP_PORT": str(smtp_port)}


def start(
    folder: Path, env: dict[str, str], job_seconds: float, shift: float = 0
) -> subprocess.Popen:
    """``icv scheduler``, with every job but delivery slowed by ``job_seconds``, its clock
    ``shift`` seconds ahead of the real one (and running)."""
    command = [sys.executable, __file__, "--child", str(job_seconds), "--shift", str(shift)]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder
    )


def child(job_seconds: float, shift: float) -> None:
    """The real ``icv scheduler`` whose jobs (not delivery) take ``job_seconds`` longer, on a
    clock ``shift`` seconds ahead."""

    def slowed(func):
        def run():
            time.sleep(job_seconds)
            return func()

        return run

    # Before anything imports JOBS by name (the scheduler module, the catch-up).
    registry.JOBS = tuple(
        job if job.id == DELIVERY else dataclasses.replace(job, func=slowed(job.func))
        for job in registry.JOBS
    )
    from icv.cli import main as icv

    sys.argv = ["icv", "scheduler"]
    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=shift), tick=True):
        icv()


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"waited {timeout} s for {what}")
        time.sleep(0.05)


class Database:
    """Reads a trial's SQLite database from outside the scheduler."""

    def __init__(self, path: Path) -> None:
        self.engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)

    def scalar(self, query):
        with self.engine.connect() as connection:
            return connection.execute(query).scalar()

    def rows(self, query):
        with self.engine.connect() as connection:
            return list(connection.execute(query))

    def miss(self, job_ids: list[str], now: datetime) -> None:
        """Leave the store as a scheduler that stopped just before these jobs' runs."""
        when = now.timestamp() - 30
        rows = [{"id": job_id, "next_run_time": when, "job_state": b"old"} for job_id in job_ids]
        with self.engine.begin() as connection:
            connection.execute(insert(apscheduler_jobs), rows)

    def ran_yesterday(self, job_ids: list[str], now: datetime) -> None:
        """A success of each job a day ago (a job that never ran waits for its time)."""
        yesterday = now - timedelta(days=1)
        rows = [
            {"job_id": job_id, "started_at": yesterday, "finished_at": yesterday}
            | {"status": RunStatus.SUCCEEDED, "summary": "nothing to do", "did_something": False}
            for job_id in job_ids
        ]
        with self.engine.begin() as connection:
            connection.execute(insert(JobRun), rows)

    def runs(self, status: str, since: datetime | None = None) -> list[str]:
        query = select(JobRun.job_id).where(JobRun.status == status)
        if since is not None:
            query = query.where(JobRun.started_at >= since)
        return [job_id for (job_id,) in self.rows(query)]


@dataclasses.dataclass
class JobsTrial:
    done_before_kill: int
    skipped_without_catch_up: int
    died: int
    made_up: int
    missed: int
    restart_seconds: float


#: When the trials of jobs happen (on a shifted clock): a Monday five minutes after 09:00 in London,
#: when every daily job and the weekly digest have fired within their grace time, and more than
#: ``rules.SETTLE`` ago (a restart within a minute of a fire time leaves that run to the periodic
#: catch-up, up to 5 minutes later).
MORNING = datetime(2026, 11, 30, 9, 5, tzinfo=SCHEME_TZ)


def jobs_trial(folder: Path, migrated: Path, job_seconds: float) -> JobsTrial:
    """The scheduler down through the morning, started at ``MORNING``, killed mid-jobs."""
    shift = (MORNING - datetime.now(UTC)).total_seconds()
    shutil.copyfile(migrated, folder / "icv.sqlite")
    data = Database(folder / "icv.sqlite")
    daily = [job.id for job in registry.JOBS if job.id != DELIVERY]
    data.ran_yesterday(daily, MORNING)
    today = MORNING - timedelta(minutes=1)
    data.miss(daily, MORNING)
    env = environment(folder)
    first = start(folder, env, job_seconds, shift)
    wait_until(lambda: data.runs(RunStatus.RUNNING), 30, "the first job")
    time.sleep(random.uniform(0, job_seconds * len(daily)))
    first.kill()
    first.wait()
    succeeded = set(data.runs(RunStatus.SUCCEEDED, today))
    # What APScheduler alone would do at the restart: a job handed over before the kill has its
    # next run stored as tomorrow, so without our record it would not run today.
    now = datetime.now(UTC).timestamp() + shift
    stored_later = {
        job_id
        for job_id, at in data.rows(select(apscheduler_jobs.c.id, apscheduler_jobs.c.next_run_time))
        if at is not None and at > now
    }
    skipped = len(stored_later & set(daily) - succeeded)
    restarted_at = time.monotonic()
    second = start(folder, env, job_seconds, shift)
    try:
        all_done = lambda: set(daily) <= set(data.runs(RunStatus.SUCCEEDED, today))  # noqa: E731
        wait_until(all_done, 60, "every job to succeed")
        took = time.monotonic() - restarted_at
    finally:
        stop(second)
    made_up = data.scalar(select(func.count()).where(JobRun.catch_up_of.is_not(None)))
    return JobsTrial(
        done_before_kill=len(succeeded & set(daily)),
        skipped_without_catch_up=skipped,
        died=len(data.runs(RunStatus.DIED)),
        made_up=made_up,
        missed=len(set(daily) - set(data.runs(RunStatus.SUCCEEDED, today))),
        restart_seconds=took,
    )


class SlowRelay:
    """Takes each message, then waits before answering; records each Message-ID it got."""

    def __init__(self, answer_seconds: float) -> None:
        self.answer_seconds = answer_seconds
        self.received: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.append(message_from_bytes(envelope.content)["Message-ID"])
        await asyncio.sleep(self.answer_seconds)
        return "250 2.0.0 Ok: queued"


@dataclasses.dataclass
class MailTrial:
    messages: int
    sent_before_kill: int
    duplicated: int
    lost: int
    flagged: int
    duplicated_not_flagged: int


def queue(folder: Path, count: int) -> None:
    url = f"sqlite:///{folder / 'icv.sqlite'}"
    app = create_app({"ICV_ENV": "testing", "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        for number in range(count):
            link = f"http://icv.bench/{number}"
            queue_email(f"v{number}@example.org", "password-reset", user=None, link=link)
        db.session.commit()
        db.engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mail_trial(folder: Path, migrated: Path, count: int, answer_seconds: float) -> MailTrial:
    shutil.copyfile(migrated, folder / "icv.sqlite")
    data = Database(folder / "icv.sqlite")
    queue(folder, count)
    data.miss([DELIVERY], datetime.now(UTC))
    relay = SlowRelay(answer_seconds)
    port = free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    env = environment(folder, port)
    try:
        first = start(folder, env, 0)
        wait_until(lambda: relay.received, 30, "the first message")
        time.sleep(random.uniform(0, answer_seconds * count))
        first.kill()
        first.wait()
        sent = OutboxMessage.status == OutboxStatus.SENT
        sent_before = data.scalar(select(func.count()).where(sent))
        second = start(folder, env, 0)
        try:
            all_sent = lambda: data.scalar(select(func.count()).where(sent)) == count  # noqa: E731
            wait_until(all_sent, 120, "every message to be sent")
        finally:
            stop(second)
    finally:
        controller.stop()
    rows = data.rows(select(OutboxMessage.message_id, OutboxMessage.interrupted_at))
    flagged = {message_id for message_id, interrupted in rows if interrupted is not None}
    got = Counter(relay.received)
    doubles = {message_id for message_id, times in got.items() if times > 1}
    return MailTrial(
        messages=count,
        sent_before_kill=sent_before,
        duplicated=len(doubles),
        lost=sum(1 for message_id, _ in rows if message_id not in got),
        flagged=len(flagged),
        duplicated_not_flagged=len(doubles - flagged),
    )


def migrate(folder: Path) -> Path:
    subprocess.run([ICV, "db", "upgrade"], env=environment(folder), check=True, capture_output=True)
    return folder / "icv.sqlite"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--job-seconds", type=float, default=0.5)
    parser.add_argument("--messages", type=int, default=30)
    parser.add_argument("--answer-seconds", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--shift", type=float, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.shift)
        return
    random.seed(args.seed)
    with tempfile.TemporaryDirectory() as root:
        (Path(root) / "migrated").mkdir()
        migrated = migrate(Path(root) / "migrated")
        report_jobs(args, Path(root), migrated)
        report_mail(args, Path(root), migrated)


def report_jobs(args, root: Path, migrated: Path) -> None:
    jobs = len(registry.JOBS) - 1
    print(f"killed mid-jobs: {args.trials} trials, {jobs} jobs missed, each {args.job_seconds} s")
    totals = Counter()
    for number in range(args.trials):
        folder = root / f"jobs{number}"
        folder.mkdir()
        trial = jobs_trial(folder, migrated, args.job_seconds)
        totals.update(dataclasses.asdict(trial))
        print(
            f"  trial {number + 1}: {trial.done_before_kill} done before the kill; without the"
            f" catch-up {trial.skipped_without_catch_up} skipped; {trial.died} run marked died;"
            f" {trial.made_up} made up; missed after the restart {trial.missed};"
            f" all done {trial.restart_seconds:.1f} s after it"
        )
    print(
        f"  in all: {totals['skipped_without_catch_up']} job runs APScheduler alone would have"
        f" skipped, {totals['died']} marked died, {totals['missed']} missed"
    )


def report_mail(args, root: Path, migrated: Path) -> None:
    print(
        f"killed mid-send: {args.trials} trials, {args.messages} messages each, the relay"
        f" answering {args.answer_seconds} s after taking a message"
    )
    totals = Counter()
    for number in range(args.trials):
        folder = root / f"mail{number}"
        folder.mkdir()
        trial = mail_trial(folder, migrated, args.messages, args.answer_seconds)
        totals.update(dataclasses.asdict(trial))
        print(
            f"  trial {number + 1}: {trial.sent_before_kill} sent before the kill;"
            f" sent twice {trial.duplicated}; lost {trial.lost}; marked may have gone twice"
            f" {trial.flagged}; sent twice and not marked {trial.duplicated_not_flagged}"
        )
    print(
        f"  in all: {totals['messages']} messages, {totals['duplicated']} sent twice,"
        f" {totals['lost']} lost, {totals['flagged']} marked,"
        f" {totals['duplicated_not_flagged']} sent twice unmarked"
    )


if __name__ == "__main__":
    main()
