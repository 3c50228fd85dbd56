"""Helpers to read the outbox in tests (after the scheduler queues a sent report's mails),
and a mail server that never answers."""

from __future__ import annotations

import contextlib
import re
import selectors
import socket
import threading
from collections.abc import Callable, Iterator

from flask import Flask
from sqlalchemy import select

from icv.extensions import db
from icv.jobs.report_notices import queue_report_notices
from icv.notifications.models import OutboxMessage


def queue_report_mails() -> None:
    """What the scheduler does within the minute after a report is sent: queue its mails
    (the partner's, the coordinators' of an urgent issue) and commit."""
    queue_report_notices()
    db.session.commit()


def outbox(kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


def link_path(message: OutboxMessage, base_url: str = "http://icv.test") -> str:
    """The path of the first link to this site in a message's text body."""
    match = re.search(re.escape(base_url) + r"(/\S+)", message.body_text)
    assert match, message.body_text
    return match.group(1)


@contextlib.contextmanager
def silent_smtp_server(app: Flask, timeout: int) -> Iterator[socket.socket]:
    """A port that accepts connections and never answers, set as the app's mail server: a send
    waits for ``timeout`` seconds (the app's SMTP timeout while it lasts)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        app.config["ICV_SMTP_PORT"] = server.getsockname()[1]
        app.config["ICV_SMTP_TIMEOUT"] = timeout
        try:
            yield server
        finally:
            app.config["ICV_SMTP_PORT"], app.config["ICV_SMTP_TIMEOUT"] = 1, 5


def when_connected(server: socket.socket, action: Callable[[], object]) -> threading.Thread:
    """Call ``action`` on a thread of its own as soon as a client has connected to the silent
    ``server``: the send is then in hand, however slowly a loaded machine got there (a timer
    could fire before the message was even claimed)."""

    def wait() -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(server, selectors.EVENT_READ)
            if selector.select(timeout=30):  # a connection waits to be accepted (left waiting)
                action()

    thread = threading.Thread(target=wait, daemon=True)
    thread.start()
    return thread


def hang_up(server: socket.socket) -> None:
    """The silent ``server`` takes the connection waiting for it and closes it: the send in
    hand fails at once, rather than after the app's SMTP timeout."""
    server.settimeout(30)
    connection, _ = server.accept()
    connection.close()
