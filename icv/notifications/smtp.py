"""Send one message over SMTP and keep the server's answer to it; cut a send short when the
process has to stop.

smtplib's ``send_message`` throws away the server's answer to the message ("250 2.0.0 Ok:
queued as 4Fz1", the line to look for in the mail server's log); ``RecordingSMTP`` keeps it, and
the step of the conversation an error came at, which says whether a refusal is about the
message (fail it) or about our settings (retry). ``stop`` is set when the scheduler is told to
stop: delivery then claims nothing more, and the connection of the message in hand is shut down
if it has not finished within the grace time, so a server that never answers cannot hold the
process.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any


class StopSwitch:
    """Delivery's stop: set once, by the scheduler's SIGTERM or Ctrl-C."""

    def __init__(self) -> None:
        self._requested = threading.Event()
        self._lock = threading.Lock()
        self._connection: RecordingSMTP | None = None
        self._timer: threading.Timer | None = None
        # Each reset starts a new round: a cut timed in an earlier round, whose timer fired while
        # the reset held the lock, must not cut the new round's sends.
        self._round = 0
        #: The grace time is over: the connection in hand is cut and no other is opened.
        self.cut_off = False

    @property
    def requested(self) -> bool:
        return self._requested.is_set()

    def request(self, grace_seconds: float) -> None:
        """Take no new message; cut the one in hand after ``grace_seconds``."""
        self._requested.set()
        with self._lock:
            if self._timer is not None:
                return  # a cut is already timed: a second request does not put it off
            self._timer = threading.Timer(grace_seconds, self._cut, args=(self._round,))
            self._timer.daemon = True
            self._timer.start()

    def _cut(self, round_: int) -> None:
        with self._lock:
            if round_ != self._round:
                return
            self.cut_off = True
            if self._connection is not None:
                self._connection.abort()

    def hold(self, connection: RecordingSMTP | None) -> None:
        """Remember the connection in hand (None: none)."""
        with self._lock:
            self._connection = connection

    def reset(self) -> None:
        """For a new scheduler in this process (tests, ``icv serve --with-scheduler``)."""
        with self._lock:
            # A cut still pending from the last stop would otherwise cut the new one's sends.
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._round += 1
            self._requested.clear()
            self.cut_off = False
            self._connection = None


stop = StopSwitch()


@dataclass
class Progress:
    """How far one conversation with the server got."""

    #: connect (greeting, EHLO, STARTTLS, sign-in), mail, rcpt or data.
    step: str = "connect"
    #: The server's answer to the message, once given.
    answer: str = ""


class RecordingSMTP(smtplib.SMTP):
    """smtplib's client, noting each step and the answer to the message, and abortable from
    another thread (``abort``), even while it connects."""

    def __init__(self, progress: Progress, host: str, port: int, timeout: float) -> None:
        self.progress = progress
        self.connecting: socket.socket | None = None
        super().__init__(host, port, timeout=timeout)  # connects, through _get_socket

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        # socket.create_connection, but each socket is known before it connects, so a stop can
        # shut it down while the connection is still being made.
        stop.hold(self)
        error: OSError = OSError(f"no address found for {host}")
        addresses = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
        for family, kind, proto, _, address in addresses:
            if stop.cut_off:
                raise ConnectionAbortedError("not connecting: the scheduler is stopping")
            sock = self.connecting = socket.socket(family, kind, proto)
            try:
                sock.settimeout(timeout)
                sock.connect(address)
                return sock
            except OSError as failed:
                sock.close()
                error = failed
        raise error

    def mail(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        self.progress.step = "mail"
        return super().mail(*args, **kwargs)

    def rcpt(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        self.progress.step = "rcpt"
        return super().rcpt(*args, **kwargs)

    def data(self, msg: Any) -> tuple[int, bytes]:
        self.progress.step = "data"
        code, reply = super().data(msg)
        self.progress.answer = f"{code} {reply.decode(errors='replace')}"
        return code, reply

    def abort(self) -> None:
        """Shut the connection down: whatever waits on it fails at once."""
        sock = self.sock or self.connecting
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed, or not connected yet
                sock.shutdown(socket.SHUT_RDWR)


class SendFailed(Exception):
    """A message the server did not take, or may not have: what it said, and at which step."""

    def __init__(self, error: Exception, step: str) -> None:
        self.step = step
        self.code, reply = answer_in(error)
        #: The server's answer, e.g. "550 5.1.1 <x@example.org>: Recipient address rejected".
        self.reply = reply
        #: Cut short because the scheduler was stopping.
        self.cut = stop.cut_off
        #: The message went and the answer did not come back: the server may have taken it.
        self.uncertain = step == "data" and self.code is None
        super().__init__(reply or f"{type(error).__name__}: {error}")


def answer_in(error: Exception) -> tuple[int | None, str | None]:
    """The reply code and text an SMTP error carries, if the server gave one."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, text = next(iter(error.recipients.values()))
    elif isinstance(error, smtplib.SMTPResponseException):
        code, text = error.smtp_code, error.smtp_error
    else:
        return None, None
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    return code, f"{code} {text}"


def send(email: EmailMessage, config: Mapping[str, Any]) -> str:
    """Send ``email``; return the server's answer to it. Raises ``SendFailed``."""
    progress = Progress()
    try:
        smtp = RecordingSMTP(
            progress, config["ICV_SMTP_HOST"], config["ICV_SMTP_PORT"], config["ICV_SMTP_TIMEOUT"]
        )
        try:
            if config["ICV_SMTP_STARTTLS"]:
                smtp.starttls()
            if config["ICV_SMTP_USERNAME"]:
                smtp.login(config["ICV_SMTP_USERNAME"], config["ICV_SMTP_PASSWORD"] or "")
            smtp.send_message(email)
        finally:
            say_goodbye(smtp)
    except (OSError, smtplib.SMTPException) as error:
        raise SendFailed(error, progress.step) from error
    finally:
        stop.hold(None)
    return progress.answer


def say_goodbye(smtp: smtplib.SMTP) -> None:
    """QUIT, ignoring its answer: once the server has answered the message, nothing said after
    changes whether it was taken (smtplib's ``with`` would raise on a QUIT refused)."""
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
