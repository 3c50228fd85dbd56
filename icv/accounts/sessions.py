"""Server-side sessions: one row of ``user_sessions`` per signed-in browser.

The signed cookie carries a random token (through Flask-Login, as the user's id); the row holds
its hash, when it started, when it was last seen, the browser and the address. A session ends
after ``ICV_SESSION_IDLE_MINUTES`` without a request, and ``ICV_SESSION_HOURS`` after sign-in
whatever happens. Signing out, a new password, deactivation, a second factor reset and "sign
out everywhere" delete rows, so a copied cookie stops working at once. The caller commits.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from functools import cache

from flask import current_app, request
from sqlalchemy import Select, bindparam, delete, or_, select, update
from sqlalchemy.orm import joinedload

from icv.accounts.models import User, UserSession
from icv.accounts.rules import session_ends_at, session_expired
from icv.audit.services import record
from icv.extensions import db
from icv.hashing import digest

#: last_seen_at is written at most this often (a page's requests come in bursts).
TOUCH_EVERY = timedelta(minutes=1)


def idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["ICV_SESSION_IDLE_MINUTES"])


def lifetime() -> timedelta:
    return timedelta(hours=current_app.config["ICV_SESSION_HOURS"])


def start(user: User, now: datetime) -> str:
    """A new session for ``user`` in this browser; its token goes into the cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=digest(token),
            created_at=now,
            last_seen_at=now,
            user_agent=(request.user_agent.string or "")[:200],
            address=(request.remote_addr or "")[:45],
        )
    )
    delete_expired(now)
    db.session.flush()
    user.session_token = token
    return token


@cache
def session_with_account() -> Select:
    """``find``'s statement, built once (every signed-in request runs it: building it cost
    more CPU than SQLite takes to run it), at first use, once every model is mapped."""
    return (
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == bindparam("token_hash"))
        .options(joinedload(User.role_rows))
    )


def find(token: str, now: datetime) -> tuple[UserSession, User] | None:
    """The live session of this token with its account, or None (an ended one is deleted on
    the way). The account and its roles come in the same statement: every request asks for
    them straight after."""
    found = (
        db.session.execute(session_with_account(), {"token_hash": digest(token)}).unique().first()
    )
    if found is None:
        return None
    row, account = found
    if session_expired(row.created_at, row.last_seen_at, now, idle_limit(), lifetime()):
        db.session.delete(row)
        db.session.commit()  # an ended session is gone whatever the request does next
        return None
    return row, account


def ends_at(row: UserSession) -> datetime:
    return session_ends_at(row.created_at, row.last_seen_at, idle_limit(), lifetime())


def end(token: str | None) -> None:
    """Sign out this browser: its row goes, so its cookie is worth nothing, even copied."""
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == digest(token)))


def end_all(user: User, keep: str | None = None) -> int:
    """Sign ``user`` out of every browser (but the one holding ``keep``); returns how many."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep:
        query = query.where(UserSession.token_hash != digest(keep))
    return db.session.execute(query).rowcount


def sign_out_everywhere(user: User, keep: str | None) -> int:
    """The person's own "sign out everywhere else" (audited)."""
    ended = end_all(user, keep)
    record(user, "account.signed_out_elsewhere", user, f"{user.email} ended {ended} other sessions")
    return ended


def active(user: User, now: datetime) -> list[UserSession]:
    """The person's live sessions, the most recently used first."""
    rows = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id)
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return [
        row
        for row in rows
        if not session_expired(row.created_at, row.last_seen_at, now, idle_limit(), lifetime())
    ]


def delete_expired(now: datetime) -> int:
    """Forget every ended session (cheap, and done at each sign-in so the table stays small);
    returns how many went."""
    return db.session.execute(
        delete(UserSession).where(
            or_(
                UserSession.last_seen_at <= now - idle_limit(),
                UserSession.created_at <= now - lifetime(),
            )
        )
    ).rowcount


def note_seen(row: UserSession, now: datetime) -> None:
    """Write ``last_seen_at`` straight away, in its own statement (before the view runs)."""
    if now - row.last_seen_at < TOUCH_EVERY:
        return
    db.session.execute(update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now))
    db.session.commit()
    row.last_seen_at = now
