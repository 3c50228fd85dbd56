"""Two schedulers, one database, one simulated day: is every reminder sent exactly once?

    .venv/bin/python bench/scheduler_day.py postgresql+psycopg://icv:pw@127.0.0.1/icv_bench

The database must be migrated (``icv db upgrade``) and hold no accounts; what the bench adds is
deleted at the end. It seeds volunteers whose vetting or term warnings, or vetting lapse, fall
due on the day, and a published rota (ending three weeks after the day, so the next-rota notice
falls due) whose visits, in pairs of those volunteers, are due a reminder, a request to confirm,
a report chaser or the missed marking that day. It then starts N processes (default 2) that each
run every registered job at the instants the real triggers give for that day (Monday, so the
weekly digest too), in lockstep, with the clock frozen at each instant: both "schedulers" run
every job at the same moment, the outbox's delivery after the instant's other jobs. A real SMTP
server on loopback is down from 06:00 to 08:00. At the end it checks that every expected message
reached the SMTP server once, that nothing else did, and that each visit due to be missed was
marked so once, and says what it found.
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from email import message_from_bytes

import time_machine
from aiosmtpd.controller import Controller
from scheduler_seed import seed  # bench/ is on the path when run as a script
from sqlalchemy import func, select

from icv import create_app
from icv.audit.models import AuditEvent
from icv.clock import SCHEME_TZ, local
from icv.extensions import db
from icv.jobs.models import JobRun
from icv.jobs.registry import JOBS
from icv.notifications.models import OutboxMessage
from icv.rota.models import PlannedVisit

OUTAGE = (clock_time(6, 0), clock_time(8, 0))


def config(url: str, smtp_port: int) -> dict:
    return {
        "ICV_ENV": "testing",
        "SECRET_KEY": "bench",
        "SQLALCHEMY_DATABASE_URI": url,
        "ICV_BASE_URL": "http://icv.bench",
        "ICV_SMTP_HOST": "127.0.0.1",
        "ICV_SMTP_PORT": smtp_port,
        "ICV_SMTP_TIMEOUT": 5,
    }


def day_schedule(day: date, hours: tuple[int, int]) -> list[tuple[datetime, list[str]]]:
    """Every instant of the day (between ``hours``) at which a registered job fires, with the
    jobs that do."""
    start = datetime.combine(day, clock_time(), SCHEME_TZ) + timedelta(hours=hours[0])
    end = datetime.combine(day, clock_time(), SCHEME_TZ) + timedelta(hours=hours[1])
    fires: dict[datetime, list[str]] = {}
    for job in JOBS:
        trigger, previous = job.schedule.trigger, None
        while True:
            previous = trigger.get_next_fire_time(previous, previous or start)
            if previous is None or previous >= end:
                break
            fires.setdefault(previous.astimezone(UTC), []).append(job.id)
    return sorted(fires.items())


#: Delivery runs after the instant's other jobs in every process, so a message queued at an
#: instant is first tried at that instant, whichever process queued it. (Within one real
#: scheduler the order of jobs due together is not fixed; the simulation fixes it so its result
#: does not depend on which process happens to be quicker.)
DELIVERY = "deliver_outbox"


def phases(job_ids: list[str]) -> tuple[list[str], list[str]]:
    """The instant's jobs in two phases: every other job, then delivery."""
    return [j for j in job_ids if j != DELIVERY], [j for j in job_ids if j == DELIVERY]


def worker(url, smtp_port, schedule, barrier, results) -> None:
    """One scheduler: at each instant, with the clock frozen there, run the jobs that fire."""
    from icv.jobs.runs import run

    app = create_app(config(url, smtp_port))
    done = []
    for instant, job_ids in schedule:
        for phase in phases(job_ids):
            barrier.wait()
            with time_machine.travel(instant, tick=False), app.app_context():
                for job_id in phase:
                    entry = run(job_id)
                    if entry.did_something or entry.error:
                        at = f"{instant.astimezone(SCHEME_TZ):%H:%M}"
                        done.append((at, job_id, entry.summary, entry.error))
        barrier.wait()
    results.put(done)
    with app.app_context():
        db.engine.dispose()


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []

    async def handle_DATA(self, server, session, envelope):
        email = message_from_bytes(envelope.content)
        self.messages.append((envelope.rcpt_tos[0], email["Message-ID"]))
        return "250 OK"


def drive(args, schedule, smtp_port: int) -> tuple[list, Inbox, float]:
    """Run the workers in lockstep through the day; the SMTP server comes up at 08:00."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(args.processes + 1)
    results = context.Queue()
    workers = [
        context.Process(target=worker, args=(args.url, smtp_port, schedule, barrier, results))
        for _ in range(args.processes)
    ]
    for process in workers:
        process.start()
    inbox, controller = Inbox(), None
    started = time.monotonic()
    for instant, _ in schedule:
        if controller is None and instant.astimezone(SCHEME_TZ).time() >= OUTAGE[1]:
            controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
            controller.start()
        barrier.wait()  # go: the instant's jobs other than delivery
        barrier.wait()  # then delivery
        barrier.wait()  # every worker has finished this instant
    elapsed = time.monotonic() - started
    done = [results.get(timeout=60) for _ in workers]
    for process in workers:
        process.join(timeout=60)
    if controller is not None:
        controller.stop()
    return done, inbox, elapsed


def check(expected: Counter, missed: int, inbox: Inbox) -> list[str]:
    """What went wrong, if anything: duplicates, missing or unexpected messages, visits not
    marked missed once, failures."""
    problems = []
    marked = db.session.scalar(select(func.count()).where(AuditEvent.action == "rota.visit_missed"))
    now_missed = db.session.scalar(select(func.count()).where(PlannedVisit.status == "missed"))
    if (marked, now_missed) != (missed, missed):
        problems.append(f"{missed} visits to mark missed: {now_missed} are, {marked} audit rows")
    rows = {m.id: m for m in db.session.scalars(select(OutboxMessage))}
    # Each message's Message-ID carries its outbox row id (icv.notifications.delivery.build).
    deliveries = [(to, int(re.search(r"\.outbox(\d+)@", mid)[1])) for to, mid in inbox.messages]
    received = Counter(row_id for _, row_id in deliveries)
    if twice := sum(1 for n in received.values() if n > 1):
        problems.append(f"{twice} messages delivered more than once")
    if missing := len(set(rows) - set(received)):
        problems.append(f"{missing} outbox messages never delivered")
    if any(rows[row_id].to_address != to for to, row_id in deliveries):
        problems.append("a message went to the wrong address")
    queued = Counter((m.to_address, m.kind) for m in rows.values())
    if queued != expected:
        problems.append(f"queued but not expected: {sorted((queued - expected).items())}")
        problems.append(f"expected but not queued: {sorted((expected - queued).items())}")
    if failed := db.session.scalar(select(func.count()).where(JobRun.error.is_not(None))):
        problems.append(f"{failed} job runs failed")
    return problems


def clean_up() -> None:
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


def report(args, schedule, expected, missed, done, inbox, elapsed, problems) -> None:
    runs = Counter(job_id for _, job_ids in schedule for job_id in job_ids)
    print(
        f"simulated day: {args.day:%A %-d %B %Y} {args.hours[0]:02d}:00-{args.hours[1]:02d}:00 "
        f"in Europe/London, {args.processes} processes, "
        f"{db.engine.dialect.name}, {args.volunteers} volunteers, 2 coordinators, "
        f"{db.session.scalar(select(func.count()).select_from(PlannedVisit))} planned visits "
        f"({missed} to be marked missed)"
    )
    print("runs per process: " + ", ".join(f"{job} {n}" for job, n in runs.items()))
    print(
        f"SMTP down {OUTAGE[0]:%H:%M}-{OUTAGE[1]:%H:%M}; expected {sum(expected.values())} "
        f"messages, delivered {len(inbox.messages)}, "
        f"distinct {len({m for _, m in inbox.messages})}"
    )
    for n, lines in enumerate(done, 1):
        sent = [
            f"{at} {job}: {summary}" for at, job, summary, _ in lines if job != "deliver_outbox"
        ]
        sends = [
            int(re.match(r"attempted (\d+)", summary)[1])
            for _, job, summary, _ in lines
            if job == "deliver_outbox"
        ]
        print(
            f"process {n}: "
            + ("; ".join(sent) or "found every notice already taken")
            + f"; outbox: {sum(sends)} send attempts in {len(sends)} runs"
        )
    print_last_deliveries(list(db.session.scalars(select(OutboxMessage))))
    print(f"wall time {elapsed:.1f} s for {len(schedule)} simulated instants")
    print("RESULT: " + ("; ".join(problems) if problems else "each message was sent exactly once"))


def print_last_deliveries(messages: list[OutboxMessage]) -> None:
    """When the mail queued during the outage went out (after its retries), and the last of
    all. A message queued at the same instant as a delivery run may go at once or a minute
    later, depending on which process gets there first."""
    sent = [m for m in messages if m.sent_at is not None]
    if during := [m.sent_at for m in sent if local(m.created_at).time() < OUTAGE[1]]:
        print(
            f"last message queued in the outage delivered at {local(max(during)):%H:%M} (UK time)"
        )
    if sent:
        print(f"last message delivered at {local(max(m.sent_at for m in sent)):%H:%M} (UK time)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", help="database URL (migrated, without accounts)")
    parser.add_argument("--volunteers", type=int, default=45)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--day", type=date.fromisoformat, default=date(2026, 11, 30))
    parser.add_argument("--smtp-port", type=int, default=8025)
    parser.add_argument("--keep", action="store_true", help="keep the rows for a look")
    parser.add_argument(
        "--hours",
        type=lambda text: tuple(int(h) for h in text.split("-")),
        default=(0, 24),
        help="part of the day to simulate, e.g. 6-9 (the suite's test); default 0-24",
    )
    args = parser.parse_args()
    if args.day.weekday() != 0:
        parser.error("--day must be a Monday, so the weekly digest runs too")
    app = create_app(config(args.url, args.smtp_port))
    with app.app_context():
        expected, missed = seed(args.volunteers, args.day)
        try:
            schedule = day_schedule(args.day, args.hours)
            done, inbox, elapsed = drive(args, schedule, args.smtp_port)
            db.session.remove()
            problems = check(expected, missed, inbox)
            report(args, schedule, expected, missed, done, inbox, elapsed, problems)
        finally:
            if not args.keep:
                clean_up()
            db.engine.dispose()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
