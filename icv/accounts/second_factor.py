"""The staff second factor: set up, check a code, recovery codes, lock-out and reset.

Each change takes the person acting, flushes and audits; the view or command commits. Ten wrong
codes in a row (app or recovery codes alike) lock the checks for 30 minutes; a right code, the
end of the lock or an administrator's reset starts the count again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Integer, String, column, delete, or_, select, table, update

from icv import encryption
from icv.accounts import sessions, totp
from icv.accounts.models import RecoveryCode, SecondFactor, User
from icv.accounts.passwords import check_password, hash_password
from icv.accounts.services import AccountError
from icv.audit.services import record
from icv.clock import local
from icv.extensions import db
from icv.notifications.services import external_url, queue_email

MAX_WRONG_CODES = 10
LOCK_MINUTES = 30
WRONG_CODE = "The code is not correct. Enter the 6 digits your authenticator app shows now"
NOT_A_CODE = "Enter the 6-digit code from your authenticator app"


class CodeError(Exception):
    """A code was refused; the message is shown next to the field."""


class SecondFactorError(AccountError):
    """A change was refused; the message is shown to the person who asked."""


def factor_of(user: User) -> SecondFactor | None:
    return db.session.get(SecondFactor, user.id)


def is_enrolled(user: User) -> bool:
    factor = factor_of(user)
    return factor is not None and factor.is_enrolled


def start_enrolment(user: User) -> SecondFactor:
    """The key being set up: kept while the page is reloaded, so the QR code stays the same."""
    factor = factor_of(user)
    if factor is None:
        factor = SecondFactor(user_id=user.id, secret=totp.new_secret())
        db.session.add(factor)
        db.session.flush()
    return factor


def confirm_enrolment(user: User, typed: str | None, now: datetime) -> list[str]:
    """Check the first code from the app; returns the new recovery codes (shown once)."""
    factor = start_enrolment(user)
    if factor.is_enrolled:
        raise SecondFactorError("Your second factor is already set up")
    if not totp.is_code_shaped(typed):
        raise CodeError(NOT_A_CODE)
    step = totp.matching_step(factor.secret, typed or "", now, None)
    if step is None:
        raise CodeError(WRONG_CODE)
    factor.enrolled_at, factor.last_used_step = now, step
    factor.failed_attempts, factor.locked_until = 0, None
    codes = replace_recovery_codes(user)
    record(user, "account.second_factor_enrolled", user, f"{user.email} set up a second factor")
    return codes


def check_code(user: User, typed: str | None, now: datetime) -> None:
    """Accept a code from the app once, or raise CodeError (counting it towards the lock)."""
    factor = enrolled_factor(user)
    refuse_while_locked(factor, now)
    if not totp.is_code_shaped(typed):
        raise CodeError(NOT_A_CODE)
    step = totp.matching_step(factor.secret, typed or "", now, factor.last_used_step)
    if step is None or not claim_step(factor, step, now):
        count_wrong_code(user, factor, now)
        raise CodeError(WRONG_CODE)


def claim_step(factor: SecondFactor, step: int, now: datetime) -> bool:
    """Record ``step`` as used unless another request used it (or a later one) first, or a
    concurrent wrong code has just locked the check."""
    claimed = db.session.execute(
        update(SecondFactor)
        .where(
            SecondFactor.user_id == factor.user_id,
            or_(SecondFactor.last_used_step.is_(None), SecondFactor.last_used_step < step),
            or_(SecondFactor.locked_until.is_(None), SecondFactor.locked_until <= now),
        )
        .values(last_used_step=step, failed_attempts=0, locked_until=None)
        .execution_options(synchronize_session="fetch")
    )
    return claimed.rowcount == 1


def use_recovery_code(user: User, typed: str | None, now: datetime) -> int:
    """Accept an unused recovery code once; returns how many are left."""
    factor = enrolled_factor(user)
    refuse_while_locked(factor, now)
    if not (typed or "").strip():
        raise CodeError("Enter one of your recovery codes")
    code = totp.normalise_recovery_code(typed)
    unused = unused_recovery_codes(user) if code else []
    match = next((row for row in unused if check_password(row.code_hash, code)), None)
    if match is None or not claim_recovery_code(match, now):
        count_wrong_code(user, factor, now)
        raise CodeError("The recovery code is not correct, or has been used already")
    factor.failed_attempts, factor.locked_until = 0, None
    left = len(unused) - 1
    record(
        user,
        "account.recovery_code_used",
        user,
        f"{user.email} signed in with a recovery code ({left} left)",
        {"left": left},
    )
    return left


def claim_recovery_code(row: RecoveryCode, now: datetime) -> bool:
    claimed = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.id == row.id, RecoveryCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return claimed.rowcount == 1


def renew_recovery_codes(user: User, typed: str | None, now: datetime) -> list[str]:
    """New recovery codes for a current code from the app; the old ones stop working."""
    check_code(user, typed, now)
    codes = replace_recovery_codes(user)
    record(user, "account.recovery_codes_renewed", user, f"{user.email} made new recovery codes")
    return codes


def replace_recovery_codes(user: User) -> list[str]:
    codes = totp.new_recovery_codes()
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_password(c)) for c in codes)
    db.session.flush()
    return codes


def unused_recovery_codes(user: User) -> list[RecoveryCode]:
    return list(
        db.session.scalars(
            select(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
            .order_by(RecoveryCode.id)
        )
    )


def enrolled_factor(user: User) -> SecondFactor:
    factor = factor_of(user)
    if factor is None or not factor.is_enrolled:
        raise SecondFactorError("Your second factor is not set up")
    return factor


def refuse_while_locked(factor: SecondFactor, now: datetime) -> None:
    if factor.locked_until is not None and factor.locked_until > now:
        raise CodeError(
            f"Too many wrong codes. Try again after {local(factor.locked_until):%H:%M}, "
            "or ask an administrator to reset your second factor"
        )


def count_wrong_code(user: User, factor: SecondFactor, now: datetime) -> None:
    """Count a wrong code in the database itself, so requests racing each other cannot each
    write the same count; the one that reaches the limit locks the check."""
    row = SecondFactor.user_id == factor.user_id
    count = db.session.execute(
        update(SecondFactor)
        .where(row)
        .values(failed_attempts=SecondFactor.failed_attempts + 1)
        .returning(SecondFactor.failed_attempts)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    if count < MAX_WRONG_CODES:
        db.session.refresh(factor, ["failed_attempts"])
        return
    locked = db.session.execute(
        update(SecondFactor)
        .where(row, SecondFactor.failed_attempts >= MAX_WRONG_CODES)
        .values(failed_attempts=0, locked_until=now + timedelta(minutes=LOCK_MINUTES))
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(factor, ["failed_attempts", "locked_until"])
    if locked.rowcount != 1:
        return  # another request locked it
    record(
        None,
        "account.second_factor_locked",
        user,
        f"{MAX_WRONG_CODES} wrong codes in a row for {user.email}: "
        f"locked for {LOCK_MINUTES} minutes",
    )


def reset_problem(actor: User, user: User) -> str | None:
    """Why ``actor`` cannot reset ``user``'s second factor (asked before confirming), or None."""
    if actor.id == user.id:
        return "You cannot reset your own second factor. Ask another administrator"
    if factor_of(user) is None:
        return "This person has not set up a second factor"
    return None


def reset(actor: User, user: User) -> None:
    """Forget the person's app and recovery codes, end their sessions, tell them by email."""
    if problem := reset_problem(actor, user):
        raise SecondFactorError(problem)
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(SecondFactor).where(SecondFactor.user_id == user.id))
    sessions.end_all(user)  # signed out everywhere: the next sign-in sets up again
    queue_email(user.email, "second-factor-reset", user=user, link=external_url("accounts.login"))
    record(actor, "account.second_factor_reset", user, f"Reset the second factor of {user.email}")


#: The stored ciphertexts, read and written as they are (the model's column decrypts).
_STORED = table("second_factors", column("user_id", Integer), column("secret", String))


def rotate_secrets(actor: User | None) -> int:
    """Re-encrypt every stored key with the first key of ICV_ENCRYPTION_KEY; returns how many.

    Nothing is written unless every key opens (a missing old key stops it before any change)."""
    rows = db.session.execute(select(_STORED.c.user_id, _STORED.c.secret)).all()
    rotated = [(user_id, encryption.rotate(secret)) for user_id, secret in rows]
    for user_id, secret in rotated:
        db.session.execute(
            update(_STORED).where(_STORED.c.user_id == user_id).values(secret=secret)
        )
    db.session.expire_all()
    summary = f"{len(rotated)} second-factor keys re-encrypted with the first encryption key"
    record(actor, "secrets.rotated", "second_factors", summary, {"count": len(rotated)})
    return len(rotated)
