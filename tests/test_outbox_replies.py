"""What the mail server answers: kept with the message, a permanent refusal failed at once, a
temporary one (or one about our own settings) tried again."""

# ruff: noqa: F811 (the SMTP fixtures imported from tests/smtp_inbox.py are the tests' arguments)

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from aiosmtpd.controller import Controller

from icv.notifications.delivery import deliver_due
from icv.notifications.models import OutboxStatus
from tests.mail import outbox
from tests.smtp_inbox import (
    START,
    Inbox,
    queue_invitation,
    smtp_port,  # noqa: F401 (fixture)
)


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
