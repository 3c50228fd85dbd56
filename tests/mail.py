"""Helpers to read the outbox in tests."""

from __future__ import annotations

import re

from sqlalchemy import select

from icv.extensions import db
from icv.notifications.models import OutboxMessage


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
