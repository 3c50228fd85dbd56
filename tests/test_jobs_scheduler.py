"""The scheduler's configuration: fixed ids, UK time through clock changes, missed runs run once,
restarts that neither duplicate jobs nor drop a missed run, and a job store our migration made."""

from __future__ import annotations

import datetime as dt
import time
from datetime import date

import pytest
import time_machine
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import func, insert, select

from icv.accounts.models import User
from icv.clock import SCHEME_TZ
from icv.extensions import db
from icv.jobs.models import JobRun, apscheduler_jobs
from icv.jobs.registry import JOBS, job_by_id
from icv.jobs.runs import next_runs, run
from icv.jobs.scheduler import build_scheduler
from tests.factories import make_volunteer
from tests.mail import outbox

UTC = dt.UTC


def fire_times(trigger, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    times, previous = [], None
    while True:
        previous = trigger.get_next_fire_time(previous, previous or start)
        if previous is None or previous >= end:
            return [t.astimezone(UTC) for t in times]
        times.append(previous)


def test_every_job_has_a_fixed_unique_id_and_runs_in_uk_time():
    ids = [job.id for job in JOBS]
    assert ids == [
        "deliver_outbox",
        "rota_drafts",
        "summary_figures",
        "expiry_warnings",
        "visit_reminders",
        "unconfirmed_visits",
        "next_rota",
        "review_reminders",
        "report_chasers",
        "issue_ladder",
        "weekly_digest",
        "prune_job_runs",
        "purge_applications",
    ]
    assert all(job.schedule.trigger.timezone == SCHEME_TZ for job in JOBS)
    assert [job.schedule.label for job in JOBS] == [
        "every minute",
        "every minute",
        "every minute",
        "every day at 07:00",
        "every day at 07:10",
        "every day at 07:15",
        "every day at 07:20",
        "every day at 07:25",
        "every day at 09:00",
        "every day at 07:25",
        "every Monday at 07:30",
        "every day at 03:30",
        "every day at 03:40",
    ]
    with pytest.raises(KeyError):
        job_by_id("no_such_job")


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # Clocks go back at 02:00 BST on Sunday 25 October 2026.
        (
            dt.datetime(2026, 10, 24, tzinfo=UTC),
            ["2026-10-24 06:00", "2026-10-25 07:00", "2026-10-26 07:00"],
        ),
        # Clocks go forward at 01:00 GMT on Sunday 28 March 2027.
        (
            dt.datetime(2027, 3, 27, tzinfo=UTC),
            ["2027-03-27 07:00", "2027-03-28 06:00", "2027-03-29 06:00"],
        ),
    ],
)
def test_the_daily_job_runs_once_a_day_at_seven_in_london_across_a_clock_change(start, expected):
    trigger = job_by_id("expiry_warnings").schedule.trigger
    times = fire_times(trigger, start, start + dt.timedelta(days=3))
    assert [f"{t:%Y-%m-%d %H:%M}" for t in times] == expected


@pytest.mark.parametrize("weekend", [dt.datetime(2026, 10, 22), dt.datetime(2027, 3, 25)])
def test_no_cron_job_runs_twice_or_not_at_all_on_a_clock_change_day(weekend):
    start = weekend.replace(tzinfo=SCHEME_TZ)
    for job in JOBS:
        trigger = job.schedule.trigger
        if not isinstance(trigger, CronTrigger):
            continue
        times = fire_times(trigger, start, start + dt.timedelta(days=7))
        local_days = [t.astimezone(SCHEME_TZ).date() for t in times]
        assert len(local_days) == len(set(local_days)), job.id
        expected = 7 if job.schedule.label.startswith("every day") else 1
        assert len(local_days) == expected, job.id


@pytest.mark.parametrize(
    ("expires", "runs", "warned_at"),
    [
        (  # 7 days left on Sunday 25 October, the day the clocks go back
            date(2026, 11, 1),
            ["2026-10-24 06:00", "2026-10-25 07:00", "2026-10-26 07:00"],
            dt.datetime(2026, 10, 25, 7, 0, tzinfo=UTC),
        ),
        (  # 7 days left on Sunday 28 March, the day the clocks go forward
            date(2027, 4, 4),
            ["2027-03-27 07:00", "2027-03-28 06:00", "2027-03-29 06:00"],
            dt.datetime(2027, 3, 28, 6, 0, tzinfo=UTC),
        ),
    ],
)
def test_across_a_clock_change_weekend_each_warning_is_sent_once_on_its_day(
    ctx, personas, expires, runs, warned_at
):
    volunteer = db.session.get(User, personas["volunteer"])
    make_volunteer(volunteer, vetting_expires_on=expires, term_ends_on=date(2030, 1, 1))
    db.session.commit()
    month_before = dt.datetime.combine(expires - dt.timedelta(days=30), dt.time(9), UTC)
    for moment in [month_before] + [dt.datetime.fromisoformat(f"{t}+00:00") for t in runs]:
        with time_machine.travel(moment, tick=False):
            run("expiry_warnings")
            run("expiry_warnings")  # a second scheduler, or a restart, at the same moment
    assert [(m.kind, m.created_at) for m in outbox()] == [
        ("vetting-due", month_before),
        ("vetting-due-coordinator", month_before),
        ("vetting-due", warned_at),
        ("vetting-due-coordinator", warned_at),
    ]
    assert "which is in 7 days" in outbox()[2].body_text


def test_the_job_store_table_is_exactly_what_apscheduler_expects(ctx):
    theirs = SQLAlchemyJobStore(engine=db.engine).jobs_t
    assert theirs.name == apscheduler_jobs.name

    def shape(table):
        return [
            (c.name, type(c.type).__name__, getattr(c.type, "length", None), c.nullable, c.index)
            for c in table.columns
        ]

    assert shape(theirs) == shape(apscheduler_jobs)
    assert [c.name for c in theirs.primary_key] == [c.name for c in apscheduler_jobs.primary_key]


def stored() -> dict[str, dt.datetime]:
    db.session.remove()  # see what the scheduler's own connections wrote
    return next_runs()


def store_run_time(job_id: str, when: dt.datetime) -> None:
    """A job store row as a scheduler that stopped at ``when`` would have left it."""
    db.session.execute(
        insert(apscheduler_jobs).values(id=job_id, next_run_time=when.timestamp(), job_state=b"x")
    )
    db.session.commit()


def test_every_job_is_stored_with_its_options_and_a_restart_adds_no_duplicate(app, ctx):
    store_run_time("renamed_job", dt.datetime.now(UTC))  # a job no longer registered
    for _ in range(2):
        scheduler = build_scheduler(app, BackgroundScheduler)
        scheduler.start(paused=True)
        jobs = {job.id: job for job in scheduler.get_jobs()}
        scheduler.shutdown()
    assert set(stored()) == {job.id for job in JOBS}
    assert db.session.scalar(select(func.count()).select_from(apscheduler_jobs)) == len(JOBS)
    digest = jobs["weekly_digest"]
    assert (digest.coalesce, digest.max_instances, digest.misfire_grace_time) == (True, 1, 86400)
    assert (digest.func_ref, digest.args) == ("icv.jobs.scheduler:run_job", ("weekly_digest",))
    assert jobs["deliver_outbox"].misfire_grace_time == 300
    assert jobs["expiry_warnings"].misfire_grace_time == 12 * 3600


def wait_for_runs(count: int, timeout: float = 15) -> list[JobRun]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.remove()
        runs = list(db.session.scalars(select(JobRun).order_by(JobRun.id)))
        if len(runs) >= count:
            return runs
        time.sleep(0.1)
    raise AssertionError(f"expected {count} job runs within {timeout} seconds, got {len(runs)}")


#: A Wednesday morning: the weekly digest (Monday 07:30) is outside its day of grace. On a
#: Monday after 07:30 it would be inside it, so the test must not read the real clock.
WEDNESDAY = dt.datetime(2026, 11, 18, 10, 0, 30, tzinfo=UTC)


def test_after_downtime_missed_runs_within_the_grace_time_run_once(app, ctx):
    now = WEDNESDAY
    # The outbox missed ten runs (the last 30 seconds ago), the daily job missed this morning's
    # run two hours ago, and the digest missed Monday's by two days (beyond its grace).
    store_run_time("deliver_outbox", now - dt.timedelta(minutes=9, seconds=30))
    store_run_time("expiry_warnings", now - dt.timedelta(hours=2))
    store_run_time("weekly_digest", now - dt.timedelta(days=2, hours=2, minutes=30, seconds=30))
    with time_machine.travel(now, tick=True):
        scheduler = build_scheduler(app, BackgroundScheduler)
        scheduler.start()
        try:
            runs = wait_for_runs(2)
            time.sleep(0.5)  # room for a duplicate run to show itself
        finally:
            scheduler.shutdown(wait=True)
    assert sorted(r.job_id for r in wait_for_runs(2)) == ["deliver_outbox", "expiry_warnings"]
    assert all(r.error is None for r in runs)
    upcoming = stored()
    # The outbox runs at the top of each minute: next at 10:01:00, 30 seconds on.
    assert upcoming["deliver_outbox"] == dt.datetime(2026, 11, 18, 10, 1, tzinfo=UTC)
    assert upcoming["expiry_warnings"] == dt.datetime(2026, 11, 19, 7, 0, tzinfo=UTC)
    assert upcoming["weekly_digest"] == dt.datetime(2026, 11, 23, 7, 30, tzinfo=UTC)
