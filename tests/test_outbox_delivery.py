"""Delivery to a real SMTP server on loopback (aiosmtpd), retries, and claims."""

# ruff: noqa: F811 (the SMTP fixtures imported from tests/smtp_inbox.py are the tests' arguments)

from __future__ import annotations

import datetime as dt

import time_machine
from aiosmtpd.controller import Controller

from icv.extensions import db
from icv.notifications.delivery import (
    claim,
    claim_next,
    deliver_due,
    record_failure,
    release_abandoned_claims,
    send,
)
from icv.notifications.models import OutboxMessage, OutboxStatus
from icv.notifications.smtp import SendFailed
from tests.mail import outbox
from tests.smtp_inbox import (
    START,
    Inbox,
    queue_invitation,
    smtp_port,  # noqa: F401 (fixture)
    smtp_server,  # noqa: F401 (fixture)
)


def test_it_delivers_queued_mail_over_smtp(ctx, smtp_server):
    queue_invitation()
    assert deliver_due() == 1
    [(recipients, email)] = smtp_server.messages
    assert recipients == ["val@example.org"]
    assert email["Subject"] == "You have been invited to Independent Custody Visiting Scheme"
    assert email["From"] == "icv@localhost"
    assert email.is_multipart()
    [message] = outbox()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 1
    assert deliver_due() == 0  # nothing is sent twice
    assert len(smtp_server.messages) == 1


def test_it_retries_with_backoff_while_smtp_is_down_then_delivers_once(ctx, smtp_port):
    with time_machine.travel(START, tick=False) as clock:
        queue_invitation()
        assert deliver_due() == 1
        [message] = outbox()
        assert message.status == OutboxStatus.PENDING
        assert message.attempts == 1
        assert message.last_error.startswith("ConnectionRefusedError")
        assert message.next_attempt_at == START + dt.timedelta(minutes=1)
        assert deliver_due() == 0  # not due yet
        clock.shift(dt.timedelta(minutes=1))
        assert deliver_due() == 1
        db.session.refresh(message)
        assert message.attempts == 2
        assert message.next_attempt_at == START + dt.timedelta(minutes=3)

        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        try:
            clock.shift(dt.timedelta(minutes=2))
            assert deliver_due() == 1
            assert deliver_due() == 0
        finally:
            controller.stop()
    db.session.refresh(message)
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 3
    assert len(inbox.messages) == 1


def test_it_gives_up_after_a_day_and_keeps_the_error(ctx, smtp_port):
    with time_machine.travel(START, tick=False) as clock:
        queue_invitation()
        deliver_due()
        clock.shift(dt.timedelta(days=1, minutes=1))
        deliver_due()
    [message] = outbox()
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == 2
    assert "ConnectionRefusedError" in message.last_error


def test_only_one_deliverer_can_claim_a_message(app, ctx):
    queue_invitation()
    first = claim_next()
    assert first is not None
    # A second deliverer, in its own session, finds nothing left to claim.
    with app.app_context():
        assert claim_next() is None
    assert db.session.get(OutboxMessage, first.id).status == OutboxStatus.SENDING


def test_a_message_put_back_for_a_later_attempt_cannot_be_claimed_before_then(ctx, smtp_port):
    """A deliverer that selected the message before another tried it and failed gets nothing."""
    with time_machine.travel(START, tick=False):
        queue_invitation()
        [message] = outbox()
        assert claim_next() is not None
        assert deliver_due() == 0  # nothing else due; the claimed message is sending
        try:
            send(message)
        except SendFailed as failure:
            record_failure(message, failure)
        db.session.commit()
        assert message.next_attempt_at == START + dt.timedelta(minutes=1)
        assert claim(message.id, START) is False  # the stale choice of a second deliverer
    assert outbox()[0].attempts == 1


def test_it_releases_a_claim_left_by_a_deliverer_that_died(ctx):
    with time_machine.travel(START, tick=False) as clock:
        queue_invitation()
        assert claim_next() is not None
        assert release_abandoned_claims() == 0
        clock.shift(dt.timedelta(minutes=11))
        assert release_abandoned_claims() == 1
    assert outbox()[0].status == OutboxStatus.PENDING


def test_the_outbox_command_reports_what_it_did(app, ctx, smtp_server):
    queue_invitation()
    result = app.test_cli_runner().invoke(args=["outbox", "deliver"])
    assert result.exit_code == 0
    assert result.output == "outbox: 1 attempted, 0 waiting to retry\n"
    assert len(smtp_server.messages) == 1


def test_the_outbox_job_delivers_each_message_exactly_once_across_an_smtp_outage(
    app, ctx, smtp_port
):
    """Two schedulers run the job every minute; SMTP is down for 30 minutes, then back."""
    from icv.jobs.runs import run

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    with time_machine.travel(START, tick=False) as clock:
        for n in range(5):
            queue_invitation(f"person{n}@example.org")
        for minute in range(45):
            if minute == 10:
                queue_invitation("late@example.org")  # queued during the outage
            if minute == 30:
                controller.start()
            run("deliver_outbox")
            with app.app_context():  # the second scheduler, started by mistake
                run("deliver_outbox")
            clock.shift(dt.timedelta(minutes=1))
    controller.stop()
    delivered = sorted(recipients[0] for recipients, _ in inbox.messages)
    assert delivered == sorted([f"person{n}@example.org" for n in range(5)] + ["late@example.org"])
    assert {m.status for m in outbox()} == {OutboxStatus.SENT}
    # Tried at minutes 0, 1, 3, 7, 15 and 31 (the late one at 10, 11, 13, 17, 25 and 41): each
    # delivered on its first try after the server came back, and never again.
    assert [m.attempts for m in outbox()] == [6] * 6
    assert [m.sent_at - START for m in outbox()] == [dt.timedelta(minutes=31)] * 5 + [
        dt.timedelta(minutes=41)
    ]
    from icv.jobs.models import JobRun

    summaries = [r.summary for r in db.session.scalars(db.select(JobRun).order_by(JobRun.id))]
    assert summaries[0] == "attempted 5 messages; 5 waiting to retry"
    assert summaries[1] == "nothing to do"  # the second scheduler found every message claimed
    assert [s for s in summaries if s != "nothing to do"][-2:] == [
        "attempted 5 messages; 1 waiting to retry",  # minute 31
        "attempted 1 message; 0 waiting to retry",  # minute 41
    ]
