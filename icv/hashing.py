"""Random secrets that travel in links, kept only as their SHA-256 hash.

The token is random and long (256 bits), so a plain, unsalted hash is enough: nobody can guess
a token from its hash, and a lookup is one indexed equality. A copy of the database (a backup)
then opens no calendar feed, status page, session or API access.
"""

from __future__ import annotations

import hashlib
import secrets


def digest(token: str) -> str:
    """The 64 hex characters stored in place of ``token``."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token for a link, and the hash to store (the token itself is never stored)."""
    token = secrets.token_urlsafe(32)
    return token, digest(token)
