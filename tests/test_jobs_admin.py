"""The admin page of scheduled jobs: last run, result or error, next run, and the outbox."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import insert

from icv.extensions import db
from icv.jobs.models import JobRun, apscheduler_jobs
from icv.notifications.models import OutboxMessage, OutboxStatus

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)
TOMORROW_7AM = dt.datetime(2026, 11, 25, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def add_run(job_id: str, started: dt.datetime, summary: str, error: str | None = None) -> None:
    db.session.add(
        JobRun(
            job_id=job_id,
            started_at=started,
            finished_at=started + dt.timedelta(seconds=1),
            did_something=summary != "nothing to do",
            summary=summary,
            error=error,
        )
    )


def test_it_shows_each_jobs_last_and_next_run(app, login, clock):
    admin = login("admin")
    with app.app_context():
        add_run("deliver_outbox", NOW - dt.timedelta(minutes=3), "attempted 2 messages; 0 waiting")
        add_run("deliver_outbox", NOW - dt.timedelta(minutes=1), "nothing to do")
        add_run("expiry_warnings", NOW - dt.timedelta(hours=3), "sent 1 vetting warning")
        add_run("weekly_digest", NOW - dt.timedelta(days=1), "failed", "OperationalError: gone")
        db.session.execute(
            insert(apscheduler_jobs),
            [
                {"id": "deliver_outbox", "next_run_time": NOW.timestamp() + 60, "job_state": b""},
                {
                    "id": "expiry_warnings",
                    "next_run_time": TOMORROW_7AM.timestamp(),
                    "job_state": b"",
                },
            ],
        )
        db.session.add(
            OutboxMessage(
                kind="t",
                to_address="x@example.org",
                subject="s",
                body_text="b",
                status=OutboxStatus.FAILED,
            )
        )
        db.session.commit()
    page = admin.get("/admin/jobs").text
    rows = page.split('<tr class="govuk-table__row">')
    outbox_row = next(r for r in rows if "Deliver the outbox" in r)
    assert "every minute" in outbox_row
    assert "24 Nov 2026, 09:59" in outbox_row  # the latest run, which found nothing
    assert "Nothing to do" in outbox_row
    assert "24 Nov 2026, 10:01" in outbox_row  # next run, from the job store
    warnings_row = next(r for r in rows if "Vetting and term warnings" in r)
    assert "24 Nov 2026, 07:00" in warnings_row
    assert "Sent 1 vetting warning" in warnings_row
    assert "25 Nov 2026, 07:00" in warnings_row
    digest_row = next(r for r in rows if "Coordinator&#39;s weekly digest" in r)
    assert "Failed" in digest_row
    assert "OperationalError: gone" in digest_row
    assert "Not scheduled" in digest_row
    prune_row = next(r for r in rows if "Tidy the job history" in r)
    assert "Not run yet" in prune_row
    assert 'href="/admin/outbox?status=failed">1 message failed</a>' in page
    assert "has not been delivered in the last 10 minutes" not in page
    # Recent activity leaves out runs that found nothing to do.
    activity = page.split("Recent activity")[1]
    assert activity.count('<tr class="govuk-table__row">') == 4  # header and three runs


def test_it_warns_when_no_scheduler_seems_to_be_running(app, login, clock):
    admin = login("admin")
    with app.app_context():
        add_run("deliver_outbox", NOW - dt.timedelta(minutes=11), "nothing to do")
        db.session.commit()
    page = admin.get("/admin/jobs").text
    assert "The outbox has not been delivered in the last 10 minutes" in page
    assert "No job has done anything yet." in page


def test_only_administrators_see_it_in_the_navigation(login):
    assert 'href="/admin/jobs"' in login("admin").get("/").text


def test_coordinators_do_not_see_it(login):
    client = login("coordinator")
    assert 'href="/admin/jobs"' not in client.get("/").text
    assert client.get("/admin/jobs").status_code == 403
