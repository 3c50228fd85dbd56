"""The admin page of scheduled jobs: last run, result or error (a run that did not finish, one
that made up a missed run), next run, the scheduler's heartbeat and the outbox; the outbox's
pages: the mail server's answer, the Message-ID, and mail that may have gone twice."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import insert

from icv.extensions import db
from icv.jobs.models import JobRun, SchedulerProcess, apscheduler_jobs
from icv.jobs.runs import died_because
from icv.notifications.models import OutboxMessage, OutboxStatus

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)
TOMORROW_7AM = dt.datetime(2026, 11, 25, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def add_run(
    job_id: str,
    started: dt.datetime,
    summary: str,
    error: str | None = None,
    status: str | None = None,
    catch_up_of: dt.datetime | None = None,
) -> None:
    status = status or ("failed" if error else "succeeded")
    db.session.add(
        JobRun(
            job_id=job_id,
            started_at=started,
            finished_at=started + dt.timedelta(seconds=1),
            status=status,
            catch_up_of=catch_up_of,
            did_something=status == "succeeded" and summary != "nothing to do",
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


def add_process(
    pid: int, seen: dt.datetime, host: str = "icv-1", stopped: dt.datetime | None = None
) -> SchedulerProcess:
    process = SchedulerProcess(
        id=f"p{pid}", host=host, pid=pid, started_at=seen, last_seen_at=seen, stopped_at=stopped
    )
    db.session.add(process)
    return process


def test_it_shows_a_run_that_did_not_finish_and_the_run_that_made_it_up(app, login, clock):
    admin = login("admin")
    seven = NOW - dt.timedelta(hours=3)
    with app.app_context():
        dead = add_process(4242, seven, stopped=None)
        add_run("expiry_warnings", seven, "did not finish", died_because(dead), status="died")
        add_run(
            "expiry_warnings", seven + dt.timedelta(minutes=6), "sent 2 vetting warnings",
            catch_up_of=seven,
        )  # fmt: skip
        add_run("next_rota", NOW - dt.timedelta(seconds=5), "running", status="running")
        db.session.commit()
    page = admin.get("/admin/jobs").text
    rows = page.split('<tr class="govuk-table__row">')
    warnings_row = next(r for r in rows if "Vetting and term warnings" in r)
    assert "Sent 2 vetting warnings" in warnings_row
    assert "Made up for the run due 24 Nov 2026, 07:00" in warnings_row
    rota_row = next(r for r in rows if "Next rota not published" in r)
    assert '<strong class="govuk-tag govuk-tag--blue">Running</strong>' in rota_row
    activity = page.split("Recent activity")[1].split('<tr class="govuk-table__row">')
    assert "Made up for the run due 24 Nov 2026, 07:00" in activity[2]
    assert '<strong class="govuk-tag govuk-tag--orange">Did not finish</strong>' in activity[3]
    assert (
        "The scheduler (process 4242 on icv-1) stopped during this run: killed, crashed or its "
        "machine restarted. What the run had not saved was lost; the run is made up."
    ) in activity[3]
    # Its heartbeat stopped three hours ago.
    assert (
        "The scheduler (process 4242 on icv-1) was last seen 24 Nov 2026, 07:00: it is not "
        "running." in page
    )


@pytest.mark.parametrize(
    ("seen", "stopped", "says"),
    [
        (NOW - dt.timedelta(seconds=20), None, "The scheduler is running: process 77 on icv-1, "
         "last seen 24 Nov 2026, 09:59."),
        (NOW - dt.timedelta(minutes=3), NOW - dt.timedelta(minutes=3), "The scheduler "
         "(process 77 on icv-1) was stopped on 24 Nov 2026, 09:57."),
    ],
)  # fmt: skip
def test_it_says_whether_the_scheduler_is_running(app, login, clock, seen, stopped, says):
    admin = login("admin")
    assert "No scheduler has started yet." in admin.get("/admin/jobs").text
    with app.app_context():
        add_process(77, seen, host="icv-1", stopped=stopped)
        db.session.commit()
    assert says in admin.get("/admin/jobs").text


def add_message(**values) -> OutboxMessage:
    message = OutboxMessage(
        kind="invitation", to_address="val@example.org", subject="Invited", body_text="b", **values
    )
    db.session.add(message)
    return message


def test_mail_that_may_have_gone_twice_is_counted_linked_and_explained(app, login, clock):
    admin = login("admin")
    assert "may have gone twice" not in admin.get("/admin/jobs").text
    with app.app_context():
        add_message(status="sent", sent_at=NOW)
        twice = add_message(
            status="sent",
            sent_at=NOW,
            attempts=2,
            interrupted_at=NOW - dt.timedelta(minutes=2),
            smtp_reply="250 2.0.0 Ok: queued as 7QX2",
            message_id="<1.outbox2@example.org>",
        )
        db.session.commit()
        twice_id = twice.id
    jobs = admin.get("/admin/jobs").text
    assert (
        '<a class="govuk-link" href="/admin/outbox?status=interrupted">1 message may have gone '
        "twice</a>: the scheduler stopped, or the connection dropped, while the mail server was "
        "taking it, so it was sent again." in jobs
    )
    listing = admin.get("/admin/outbox?status=interrupted").text
    assert listing.count("/admin/outbox/") == 1
    assert f'href="/admin/outbox/{twice_id}"' in listing
    assert "May have gone twice (1)" in listing
    assert "sent after 2 attempts" in listing
    assert '<strong class="govuk-tag govuk-tag--orange">May have gone twice</strong>' in listing
    page = admin.get(f"/admin/outbox/{twice_id}").text
    assert "250 2.0.0 Ok: queued as 7QX2" in page
    assert "&lt;1.outbox2@example.org&gt;" in page
    assert "This message may have gone twice. On 24 Nov 2026, 09:58 a send ended" in page


def test_a_message_refused_for_good_is_shown_with_the_servers_answer(app, login, clock):
    admin = login("admin")
    with app.app_context():
        refused = add_message(
            status="failed",
            attempts=1,
            smtp_reply="550 5.1.1 <val@example.org>: Recipient address rejected",
            last_error="Refused by the mail server, so not tried again: 550 5.1.1 "
            "<val@example.org>: Recipient address rejected",
        )
        db.session.commit()
        refused_id = refused.id
    listing = admin.get("/admin/outbox?status=failed").text
    assert "failed after 1 attempt<br>" in listing
    assert "Refused by the mail server, so not tried again: 550 5.1.1" in listing
    page = admin.get(f"/admin/outbox/{refused_id}").text
    assert "550 5.1.1 &lt;val@example.org&gt;: Recipient address rejected" in page
    assert "may have gone twice" not in page
