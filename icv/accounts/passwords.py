"""Password hashing with Argon2id."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

_production = PasswordHasher()
# Tests create many accounts; the cheapest valid parameters keep them fast.
_testing = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def _hasher() -> PasswordHasher:
    return _testing if current_app.config["ICV_ENV"] == "testing" else _production


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("no account has this password")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches. Without a hash (no such account, or an invitation not yet
    accepted) a dummy hash with the same parameters is checked all the same, so the answer
    takes as long either way and its time does not tell whether an address has an account."""
    hasher = _hasher()
    try:
        matches = hasher.verify(password_hash or _dummy_hash(hasher), password)
    except (VerificationError, InvalidHashError):
        return False
    return matches and bool(password_hash)
