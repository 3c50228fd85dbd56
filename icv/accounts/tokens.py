"""Signed, time-limited links for invitations and password resets.

A token carries a fingerprint of the password hash and session version, so it stops working
as soon as it has been used (the hash changes) or the account is deactivated.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from icv.accounts.models import User
from icv.extensions import db


class Purpose(StrEnum):
    INVITE = "invite"
    RESET = "reset"


class TokenError(Exception):
    """The link cannot be used; the message says why in plain words."""


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"icv-{purpose}")


def _fingerprint(user: User) -> str:
    material = f"{user.password_hash or ''}:{user.session_version}:{user.is_active}"
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def make_token(user: User, purpose: Purpose) -> str:
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(user)})


def read_token(token: str, purpose: Purpose) -> User:
    max_age = current_app.config["ICV_TOKEN_HOURS"] * 3600
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenError("This link has expired.") from None
    except BadSignature:
        raise TokenError("This link is not valid. Check you copied the whole link.") from None
    user = db.session.get(User, payload.get("u")) if isinstance(payload, dict) else None
    if user is not None and purpose is Purpose.INVITE and user.has_password:
        raise TokenError("This invitation has already been accepted. Sign in instead.")
    if user is None or not user.is_active or payload.get("f") != _fingerprint(user):
        raise TokenError("This link has already been used or is no longer valid.")
    return user
