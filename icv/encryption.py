"""Secrets the app must read back (the staff's TOTP keys), encrypted at rest.

``ICV_ENCRYPTION_KEY`` holds one or more Fernet keys separated by commas: the first encrypts,
every one decrypts (MultiFernet). A key is replaced without a moment when stored secrets
cannot be read: put the new key first, run ``icv secrets rotate``, then drop the old one.
A copy of the database alone (a backup, a stolen disk) then holds no usable second factor.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

SETTING = "ICV_ENCRYPTION_KEY"
MAKE_ONE = (
    "make one with: python3 -c 'from cryptography.fernet import Fernet; "
    "print(Fernet.generate_key().decode())'"
)


class EncryptionKeyError(Exception):
    """No key in the setting opens a stored secret; the message tells the operator why."""


def new_key() -> str:
    return Fernet.generate_key().decode()


def split_keys(raw: str) -> list[str]:
    return [key.strip() for key in raw.split(",") if key.strip()]


def key_problem(raw: str) -> str | None:
    """Why ``raw`` is not a usable setting (one line for the operator), or None."""
    keys = split_keys(raw)
    if not keys:
        return f"{SETTING} is empty; {MAKE_ONE}"
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            return (
                f"{SETTING} key {number} of {len(keys)} is not a Fernet key "
                f"(32 bytes in URL-safe base64, 44 characters); {MAKE_ONE}"
            )
    return None


@lru_cache(maxsize=8)
def cipher_for(raw: str) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in split_keys(raw)])


def cipher() -> MultiFernet:
    return cipher_for(current_app.config[SETTING])


def encrypt(text: str) -> str:
    return cipher().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    why = "was a key dropped before `icv secrets rotate` had re-encrypted everything with it?"
    return _open(cipher().decrypt, token, why)


def rotate(token: str) -> str:
    """The same secret encrypted with the first key (whichever key it was encrypted with)."""
    return _open(cipher().rotate, token, "nothing was changed")


def _open(action: Callable[[bytes], bytes], token: str, why: str) -> str:
    try:
        return action(token.encode()).decode()
    except InvalidToken:
        raise EncryptionKeyError(f"a stored secret opens with no key in {SETTING}; {why}") from None
