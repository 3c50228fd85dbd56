"""Time-based one-time codes (RFC 6238) and recovery codes: pure, with an explicit ``now``.

Codes are 6 digits for 30-second steps, as every authenticator app makes by default. A code of
the step before or after the server's is accepted (a phone's clock a little out); a step that
has already let someone in is never accepted again (RFC 6238 section 5.2).
"""

from __future__ import annotations

import hmac
import secrets
import unicodedata
from datetime import datetime

import pyotp

from icv.text import is_whole_number

DIGITS = 6
STEP_SECONDS = 30
#: Steps either side of the server's that are accepted.
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 8
#: Recovery codes avoid letters and digits that are easy to confuse (0/O, 1/I/L).
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_HALF = 5


def new_secret() -> str:
    """A random 160-bit key in base32 (32 characters), the size RFC 4226 recommends."""
    return pyotp.random_base32()


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)


def step_at(now: datetime) -> int:
    """The number of the 30-second step ``now`` falls in."""
    return int(now.timestamp()) // STEP_SECONDS


def code_at(secret: str, now: datetime) -> str:
    return _totp(secret).generate_otp(step_at(now))


def normalise_code(typed: str | None) -> str:
    """What was typed without spaces or dashes (apps show "123 456"), full-width digits (an
    East Asian keyboard's) read as the digits they are."""
    return "".join(unicodedata.normalize("NFKC", typed or "").split()).replace("-", "")


def matching_step(secret: str, typed: str, now: datetime, last_used: int | None) -> int | None:
    """The step whose code was typed, if it is near ``now`` and newer than ``last_used``."""
    code = normalise_code(typed)
    if not is_code_shaped(code):
        return None
    current = step_at(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if last_used is not None and step <= last_used:
            continue
        if hmac.compare_digest(_totp(secret).generate_otp(step), code):
            return step
    return None


def is_code_shaped(typed: str | None) -> bool:
    """Six ASCII digits (``str.isdigit`` would pass other scripts' digits, which the constant-
    time comparison refuses with an error)."""
    code = normalise_code(typed)
    return len(code) == DIGITS and is_whole_number(code)


def grouped(secret: str) -> str:
    """The key in groups of four, for typing into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return _totp(secret).provisioning_uri(name=account, issuer_name=issuer)


def qr_svg(uri: str, title: str) -> str:
    """The QR code of ``uri`` as an inline <svg> element (no script, no style attribute).

    It has a viewBox and no size, so the stylesheet sizes it (``.icv-qr``) whatever the
    length of the address (the scheme's name and the email address are in it)."""
    # Imported when used, not with the app: segno costs start-up time in every process
    # (bench/startup.py) and only enrolment needs it.
    import segno

    svg = segno.make(uri, error="m").svg_inline(border=4, light="#fff", title=title, omitsize=True)
    return svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)


def new_recovery_codes() -> list[str]:
    """Eight random codes like ``k7m2p-x9wqh`` (about 49 bits each)."""
    return [
        "-".join(
            "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_HALF))
            for _ in range(2)
        )
        for _ in range(RECOVERY_CODE_COUNT)
    ]


def normalise_recovery_code(typed: str | None) -> str:
    """Recovery codes are compared lower-case, with the dash, whatever spaces were typed; ""
    for anything that cannot be one (so no password hash is checked against it)."""
    letters = "".join((typed or "").lower().split()).replace("-", "")
    if len(letters) != 2 * RECOVERY_HALF or not set(letters) <= set(RECOVERY_ALPHABET):
        return ""
    return f"{letters[:RECOVERY_HALF]}-{letters[RECOVERY_HALF:]}"
