"""Deliver the outbox over SMTP: claim one due message at a time, send it, record the result.

Claiming is a conditional UPDATE (pending -> sending) that only one deliverer can win, so two
deliverers running at once never send the same message twice. The claim also fixes the
message's Message-ID, and the result (the server's answer, or why it failed) is recorded in the
same commit that releases the claim. Delivery is at least once: a deliverer that dies between
the server's answer and that commit leaves the message claimed; the claim is released (at once
when the scheduler process is known to be dead, else after ``rules.STALE_CLAIM``), the message
is marked as possibly sent (``interrupted_at``) and sent again with the same Message-ID.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr

from flask import current_app
from sqlalchemy import func, select, update

from icv.clock import now_utc
from icv.extensions import db
from icv.notifications import rules
from icv.notifications.models import OutboxMessage, OutboxStatus
from icv.notifications.smtp import SendFailed, stop
from icv.notifications.smtp import send as send_email

ABANDONED = (
    "Its deliverer stopped while sending it (killed or crashed), so it may have gone already; "
    "it was sent again."
)


def deliver_due(
    limit: int = 200,
    *,
    until: datetime | None = None,
    claimer: str | None = None,
    dead_claimers: Collection[str] = (),
) -> int:
    """Send due messages, at most ``limit``, claiming none after ``until`` or once the process
    is stopping; return how many were attempted.

    ``claimer`` is the scheduler process sending them; claims of the ``dead_claimers`` (and
    stale ones) are released first.
    """
    release_abandoned_claims(dead_claimers)
    attempted = 0
    while attempted < limit and not stop.requested and (until is None or now_utc() < until):
        message = claim_next(claimer)
        if message is None:
            break
        attempted += 1
        try:
            answer = send(message)
        except SendFailed as failure:
            record_failure(message, failure)
        else:
            record_success(message, answer)
        db.session.commit()
    return attempted


def claim_next(claimer: str | None = None) -> OutboxMessage | None:
    """Take one due message for this deliverer, or return None when nothing is due."""
    now = now_utc()
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(5)
    )
    for message_id in db.session.scalars(due).all():
        if claim(message_id, now, claimer):
            return db.session.get(OutboxMessage, message_id)
    return None


def claim(message_id: int, now: datetime, claimer: str | None = None) -> bool:
    """Take one message if it is still due; commits. True only for the deliverer that won.

    Both conditions are checked again in the UPDATE: since our SELECT, another deliverer may
    have tried this message, failed, and put it back as pending for a later attempt. The first
    claim gives the message its Message-ID; later ones keep it.
    """
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
        )
        .values(
            status=OutboxStatus.SENDING,
            claimed_at=now,
            claimed_by=claimer,
            message_id=func.coalesce(OutboxMessage.message_id, new_message_id(message_id)),
        )
    )
    db.session.commit()
    return claimed.rowcount == 1


def new_message_id(message_id: int) -> str:
    """``<...outbox12@example.org>``: the outbox row in it, the domain of ICV_MAIL_FROM."""
    domain = parseaddr(current_app.config["ICV_MAIL_FROM"])[1].rpartition("@")[2]
    return make_msgid(idstring=f"outbox{message_id}", domain=domain or "localhost")


def release_abandoned_claims(dead_claimers: Collection[str] = ()) -> int:
    """Put back messages claimed by a deliverer that died before recording a result: one of
    ``dead_claimers``, or any claim older than the stale limit. Each may have been sent, so it
    is marked as interrupted, and sent again at once; commits."""
    now = now_utc()
    abandoned = OutboxMessage.claimed_at < now - rules.STALE_CLAIM
    if dead_claimers:
        abandoned |= OutboxMessage.claimed_by.in_(list(dead_claimers))
    released = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENDING, abandoned)
        .values(
            status=OutboxStatus.PENDING,
            claimed_at=None,
            claimed_by=None,
            attempts=OutboxMessage.attempts + 1,
            next_attempt_at=now,
            interrupted_at=now,
            last_error=ABANDONED,
        )
    )
    db.session.commit()
    return released.rowcount


def record_success(message: OutboxMessage, answer: str) -> None:
    message.status = OutboxStatus.SENT
    message.sent_at = now_utc()
    message.attempts += 1
    message.last_error = None
    message.smtp_reply = answer[:500]
    message.claimed_by = None


def record_failure(message: OutboxMessage, failure: SendFailed) -> None:
    """A permanent refusal fails the message at once; anything else is retried with backoff
    for a day."""
    now = now_utc()
    message.attempts += 1
    message.claimed_at = None
    message.claimed_by = None
    if failure.reply:
        message.smtp_reply = failure.reply[:500]
    if failure.uncertain:
        message.interrupted_at = now
    if rules.refused_for_good(failure.code, failure.step):
        message.status = OutboxStatus.FAILED
        message.last_error = f"Refused by the mail server, so not tried again: {failure}"[:500]
        return
    message.last_error = (
        f"Cut short because the scheduler was stopping ({failure})" if failure.cut else str(failure)
    )[:500]
    if rules.should_give_up(message.created_at, now):
        message.status = OutboxStatus.FAILED
    else:
        message.status = OutboxStatus.PENDING
        message.next_attempt_at = now + rules.retry_delay(message.attempts)


def build(message: OutboxMessage) -> EmailMessage:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["ICV_MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id or new_message_id(message.id)
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    return email


def send(message: OutboxMessage) -> str:
    """Send one claimed message; return the server's answer. Raises ``SendFailed``."""
    return send_email(build(message), current_app.config)


def waiting_to_retry() -> int:
    """Messages that failed at least once and will be tried again."""
    return db.session.scalar(
        select(func.count()).where(
            OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.attempts > 0
        )
    )


def retry_now(message: OutboxMessage) -> None:
    """An admin asks for a failed message to be tried again at once."""
    message.status = OutboxStatus.PENDING
    message.next_attempt_at = now_utc()
