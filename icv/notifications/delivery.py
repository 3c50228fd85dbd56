"""Deliver the outbox over SMTP: claim one due message at a time, send it, record the result.

Claiming is a conditional UPDATE (pending -> sending) that only one deliverer can win, so two
deliverers running at once never send the same message twice.
"""

from __future__ import annotations

import smtplib
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app
from sqlalchemy import func, select, update

from icv.clock import now_utc
from icv.extensions import db
from icv.notifications import rules
from icv.notifications.models import OutboxMessage, OutboxStatus


def deliver_due(limit: int = 200) -> int:
    """Send every message that is due (at most ``limit``); return how many were attempted."""
    release_stale_claims()
    attempted = 0
    while attempted < limit:
        message = claim_next()
        if message is None:
            break
        attempted += 1
        try:
            send(message)
        except (OSError, smtplib.SMTPException) as exc:
            record_failure(message, exc)
        else:
            record_success(message)
        db.session.commit()
    return attempted


def claim_next() -> OutboxMessage | None:
    """Take one due message for this deliverer, or return None when nothing is due."""
    now = now_utc()
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(5)
    )
    for message_id in db.session.scalars(due).all():
        if claim(message_id, now):
            return db.session.get(OutboxMessage, message_id)
    return None


def claim(message_id: int, now: datetime) -> bool:
    """Take one message if it is still due; commits. True only for the deliverer that won.

    Both conditions are checked again in the UPDATE: since our SELECT, another deliverer may
    have tried this message, failed, and put it back as pending for a later attempt.
    """
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
        )
        .values(status=OutboxStatus.SENDING, claimed_at=now)
    )
    db.session.commit()
    return claimed.rowcount == 1


def release_stale_claims() -> int:
    """Put back messages claimed by a deliverer that died before recording a result."""
    cutoff = now_utc() - rules.STALE_CLAIM
    released = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_at < cutoff)
        .values(status=OutboxStatus.PENDING, claimed_at=None)
    )
    db.session.commit()
    return released.rowcount


def record_success(message: OutboxMessage) -> None:
    message.status = OutboxStatus.SENT
    message.sent_at = now_utc()
    message.attempts += 1
    message.last_error = None


def record_failure(message: OutboxMessage, exc: BaseException) -> None:
    now = now_utc()
    message.attempts += 1
    message.last_error = f"{type(exc).__name__}: {exc}"[:500]
    message.claimed_at = None
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
    email["Message-ID"] = make_msgid(idstring=f"outbox{message.id}")
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    return email


def send(message: OutboxMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(
        config["ICV_SMTP_HOST"], config["ICV_SMTP_PORT"], timeout=config["ICV_SMTP_TIMEOUT"]
    ) as smtp:
        if config["ICV_SMTP_STARTTLS"]:
            smtp.starttls()
        if config["ICV_SMTP_USERNAME"]:
            smtp.login(config["ICV_SMTP_USERNAME"], config["ICV_SMTP_PASSWORD"] or "")
        smtp.send_message(build(message))


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
