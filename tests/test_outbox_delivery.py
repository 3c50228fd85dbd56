"""Delivery to a real SMTP server on loopback (aiosmtpd), retries, and claims."""

from __future__ import annotations

import datetime as dt
import time
from email import message_from_bytes

import pytest
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
from icv.notifications.services import queue_email
from icv.notifications.smtp import SendFailed
from tests.factories import make_user
from tests.mail import outbox, silent_smtp_server, when_connected

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_port(app, free_port):
    app.config["ICV_SMTP_PORT"] = free_port
    yield free_port
    app.config["ICV_SMTP_PORT"] = 1


@pytest.fixture
def smtp_server(smtp_port):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield inbox
    controller.stop()


def queue_invitation(email: str = "val@example.org") -> None:
    user = make_user(email, password=None)
    queue_email(user.email, "invitation", user=user, link="http://icv.test/invitation/x")
    db.session.commit()


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


class Answering(Inbox):
    """A mail server that answers with the given lines instead of accepting."""

    def __init__(self, mail: str | None = None, rcpt: str | None = None, data: str | None = None):
        super().__init__()
        self.answers = {"mail": mail, "rcpt": rcpt, "data": data}

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.answers["mail"]:
            return self.answers["mail"]
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.answers["rcpt"]:
            return self.answers["rcpt"]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.answers["data"]:
            return self.answers["data"]
        await super().handle_DATA(server, session, envelope)
        return "250 2.0.0 Ok: queued as 4Fz1QK"


@pytest.fixture
def answering(smtp_port):
    """Start a server with ``answering(rcpt="550 ...")``; stopped after the test."""
    controllers = []

    def start(**answers: str) -> Answering:
        handler = Answering(**answers)
        controllers.append(Controller(handler, hostname="127.0.0.1", port=smtp_port))
        controllers[-1].start()
        return handler

    yield start
    for controller in controllers:
        controller.stop()


def test_it_records_the_servers_answer_and_the_message_id_it_sent(ctx, answering):
    server = answering()
    with time_machine.travel(START, tick=False):
        queue_invitation()
        assert deliver_due() == 1
    [message] = outbox()
    [(_, email)] = server.messages
    assert message.smtp_reply == "250 2.0.0 Ok: queued as 4Fz1QK"
    assert message.message_id == email["Message-ID"]
    assert message.message_id.startswith("<")
    assert message.message_id.endswith(f".outbox{message.id}@localhost>")
    assert (message.status, message.claimed_by, message.interrupted_at) == ("sent", None, None)


def test_a_permanent_refusal_of_the_recipient_fails_at_once_with_the_answer(ctx, answering):
    answering(rcpt="550 5.1.1 <val@example.org>: Recipient address rejected")
    with time_machine.travel(START, tick=False) as clock:
        queue_invitation()
        assert deliver_due() == 1
        clock.shift(dt.timedelta(hours=2))
        assert deliver_due() == 0  # not tried again
    [message] = outbox()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 1)
    assert message.smtp_reply == "550 5.1.1 <val@example.org>: Recipient address rejected"
    assert message.last_error == (
        "Refused by the mail server, so not tried again: "
        "550 5.1.1 <val@example.org>: Recipient address rejected"
    )


def test_a_permanent_refusal_of_the_content_fails_at_once(ctx, answering):
    answering(data="554 5.7.1 Message rejected as spam")
    queue_invitation()
    assert deliver_due() == 1
    [message] = outbox()
    assert (message.status, message.smtp_reply) == (
        OutboxStatus.FAILED,
        "554 5.7.1 Message rejected as spam",
    )


@pytest.mark.parametrize(
    "answers",
    [
        {"rcpt": "451 4.3.0 Try again later"},  # a temporary refusal
        {"data": "452 4.3.1 Insufficient system storage"},
        # A 5xx to our own sender address refuses every message alike: our settings are wrong,
        # so it is retried like an outage while an administrator puts them right.
        {"mail": "553 5.7.1 Sender address rejected: not owned by user"},
    ],
)
def test_a_temporary_refusal_or_one_about_our_settings_is_retried(ctx, answering, answers):
    answering(**answers)
    with time_machine.travel(START, tick=False):
        queue_invitation()
        assert deliver_due() == 1
    [message] = outbox()
    reply = next(iter(answers.values()))
    assert (message.status, message.attempts, message.smtp_reply) == ("pending", 1, reply)
    assert message.last_error == reply
    assert message.next_attempt_at == START + dt.timedelta(minutes=1)


class Slow(Inbox):
    """Each message takes the frozen clock 15 seconds on."""

    def __init__(self, clock, after=None) -> None:
        super().__init__()
        self.clock, self.after = clock, after

    async def handle_DATA(self, server, session, envelope):
        self.clock.shift(dt.timedelta(seconds=15))
        if self.after:
            self.after()
        return await super().handle_DATA(server, session, envelope)


def test_a_run_claims_no_message_after_its_time_budget(ctx, smtp_port):
    with time_machine.travel(START, tick=False) as clock:
        for n in range(5):
            queue_invitation(f"person{n}@example.org")
        inbox = Slow(clock)
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        try:
            # Claims at 0, 15 and 30 seconds; at 45 the budget of 40 is spent.
            assert deliver_due(until=START + dt.timedelta(seconds=40)) == 3
        finally:
            controller.stop()
    assert [m.status for m in outbox()] == ["sent"] * 3 + ["pending"] * 2
    assert [m.attempts for m in outbox()] == [1, 1, 1, 0, 0]  # the rest untouched, still due


@pytest.fixture
def stop_switch():
    from icv.notifications.smtp import stop

    yield stop
    stop.reset()


def test_a_reset_cancels_the_cut_a_stop_left_pending(stop_switch):
    """A new scheduler in the same process (tests, ``icv serve --with-scheduler``) resets the
    switch; the last stop's cut, still waiting for its grace time, must not cut its sends."""
    stop_switch.request(grace_seconds=0.1)
    timer = stop_switch._timer
    stop_switch.reset()
    # Until the cut has fired or been cancelled (a sleep was no proof on a loaded machine:
    # the timer's thread might not have run yet, and the test passed whatever reset did).
    timer.join(10)
    assert not timer.is_alive()
    assert (stop_switch.requested, stop_switch.cut_off) == (False, False)


def test_a_cut_whose_timer_fired_during_the_reset_does_nothing(stop_switch):
    """On a loaded machine the grace time can pass before ``reset`` runs: the timer's cut then
    waits for the lock the reset holds and runs after it, too late to cancel (CI failed on
    this). It must find its round over."""
    stop_switch.request(grace_seconds=60)
    timer = stop_switch._timer
    stop_switch.reset()
    timer.function(*timer.args)  # what the timer's thread does once the lock is free
    assert (stop_switch.requested, stop_switch.cut_off) == (False, False)


def test_a_second_request_keeps_the_first_cut(stop_switch):
    stop_switch.request(grace_seconds=0.1)
    first = stop_switch._timer
    stop_switch.request(grace_seconds=60)
    # The first cut's thread, however late a loaded machine runs it (a fixed sleep of 0.3
    # seconds failed when the timer's thread had not run by then).
    first.join(10)
    assert not first.is_alive()
    assert (stop_switch.requested, stop_switch.cut_off) == (True, True)


def test_a_stop_lets_the_message_in_hand_go_and_claims_no_other(ctx, smtp_port, stop_switch):
    with time_machine.travel(START, tick=False) as clock:
        for n in range(3):
            queue_invitation(f"person{n}@example.org")
        inbox = Slow(clock, after=lambda: stop_switch.request(grace_seconds=60))
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        try:
            assert deliver_due() == 1
        finally:
            controller.stop()
    assert [m.status for m in outbox()] == ["sent", "pending", "pending"]
    assert [m.attempts for m in outbox()] == [1, 0, 0]


@pytest.fixture
def silent_smtp(app):
    with silent_smtp_server(app, timeout=30) as server:
        yield server


def test_a_send_that_hangs_is_cut_after_the_grace_time_and_tried_again(
    ctx, silent_smtp, stop_switch
):
    with time_machine.travel(START, tick=False):
        queue_invitation()
        queue_invitation("other@example.org")
        # Stopped once the first message is in hand (its connection made): a timer started
        # here could fire before the claim on a loaded machine, and then nothing was sent.
        when_connected(silent_smtp, lambda: stop_switch.request(grace_seconds=0.3))
        started = time.monotonic()
        assert deliver_due() == 1
        took = time.monotonic() - started
    assert took < 15  # cut after the grace time, not at the 30-second timeout
    first, second = outbox()
    assert (first.status, first.attempts, first.claimed_at) == ("pending", 1, None)
    assert first.last_error.startswith("Cut short because the scheduler was stopping (")
    assert first.next_attempt_at == START + dt.timedelta(minutes=1)
    assert first.interrupted_at is None  # it never got as far as sending the message
    assert (second.status, second.attempts) == ("pending", 0)


def test_a_claim_of_a_dead_scheduler_is_released_at_once_and_shown_as_maybe_sent(ctx):
    with time_machine.travel(START, tick=False):
        queue_invitation()
        queue_invitation("other@example.org")
        first = claim_next("dead-process")
        second = claim_next("live-process")
        assert release_abandoned_claims({"dead-process"}) == 1
    db.session.expire_all()
    assert (first.status, first.attempts, first.claimed_by) == ("pending", 1, None)
    assert first.interrupted_at == START
    assert first.next_attempt_at == START
    assert first.last_error == (
        "Its deliverer stopped while sending it (killed or crashed), so it may have gone "
        "already; it was sent again."
    )
    assert (second.status, second.claimed_by, second.interrupted_at) == (
        "sending",
        "live-process",
        None,
    )


def test_a_message_sent_again_keeps_its_message_id(ctx, smtp_server):
    """A copy that may arrive twice is the same message to the server and the reader."""
    with time_machine.travel(START, tick=False) as clock:
        queue_invitation()
        first = claim_next("dead-process")
        chosen = first.message_id
        release_abandoned_claims({"dead-process"})
        clock.shift(dt.timedelta(seconds=1))
        assert deliver_due() == 1
    [(_, email)] = smtp_server.messages
    assert email["Message-ID"] == chosen
    db.session.refresh(first)
    assert (first.status, first.attempts, first.message_id) == ("sent", 2, chosen)
    assert first.interrupted_at == START  # still shown: it may have arrived twice
