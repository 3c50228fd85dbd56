"""A real SMTP server on loopback (aiosmtpd) that keeps what it is sent, and an invitation queued
for it to receive: for the tests of the outbox and of the jobs that queue mail."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from icv.extensions import db
from icv.notifications.services import queue_email
from tests.factories import make_user

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
