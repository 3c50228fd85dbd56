"""Writes to accounts. Each takes the acting user, flushes, audits; the caller commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from icv.accounts import sessions
from icv.accounts.models import User
from icv.accounts.passwords import check_password, hash_password
from icv.accounts.roles import Role
from icv.accounts.rules import independence_problem
from icv.accounts.tokens import Purpose, make_token
from icv.audit.models import AuditEvent
from icv.audit.services import changes, record
from icv.clock import now_utc
from icv.extensions import db
from icv.notifications.services import external_url, queue_email
from icv.signals import account_access_ended


class AccountError(Exception):
    """A change was refused; the message is shown to the person who asked, next to ``field``
    (a field of the account form) when the view has it."""

    def __init__(self, message: str, field: str = "email") -> None:
        super().__init__(message)
        self.field = field


def check_roles(roles: set[Role]) -> None:
    """Refuse roles one account may not hold together (a liaison's suites are checked by
    ``icv.suites.liaisons``, which invites and changes the accounts that may be a liaison's)."""
    if problem := independence_problem(roles):
        raise AccountError(problem, "roles")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalars(User.by_email(email)).first()


def refuse_taken(email: str) -> str:
    """The address as stored; refused if an account already has it."""
    email = normalise_email(email)
    if find_by_email(email) is not None:
        raise AccountError("An account with this email address already exists")
    return email


def invite(
    actor: User | None,
    *,
    email: str,
    name: str,
    roles: set[Role],
    phone: str | None = None,
    language: str | None = None,
) -> User:
    """Create an account without a password and queue the invitation to set one (in
    ``language``, the one the person already chose, e.g. when they applied)."""
    email = refuse_taken(email)
    check_roles(roles)
    user = User(
        email=email, name=name.strip(), phone=phone or None, invited_at=now_utc(), language=language
    )
    user.set_roles(roles)
    db.session.add(user)
    db.session.flush()
    send_invitation(actor, user)
    record(
        actor,
        "account.invited",
        user,
        f"Invited {user.name} ({user.email})",
        {"roles": sorted(r.value for r in roles)},
    )
    return user


def send_invitation(actor: User | None, user: User) -> None:
    if user.has_password:
        raise AccountError("This person has already set a password")
    user.invited_at = now_utc()
    link = external_url("accounts.accept_invitation", token=make_token(user, Purpose.INVITE))
    queue_email(user.email, "invitation", user=user, link=link, inviter=actor)


def resend_invitation(actor: User, user: User) -> None:
    send_invitation(actor, user)
    record(actor, "account.invitation_resent", user, f"Sent a new invitation to {user.email}")


def set_password(actor: User | None, user: User, password: str, *, action: str) -> None:
    """Set a new password and retire every other session and outstanding link."""
    user.password_hash = hash_password(password)
    user.session_version += 1  # outstanding links stop working
    sessions.end_all(user)
    if action == "account.password_reset":
        revoke_api_tokens(user, "password reset", actor)
    db.session.flush()
    record(actor, action, user, f"Password set for {user.email}")


def revoke_api_tokens(user: User, why: str, actor: User | None = None) -> None:
    """A reset password or a deactivated account may mean someone else had it: whatever else
    lets it in stops working too (the summary's API tokens, by its receiver)."""
    account_access_ended.send(user=user, actor=actor, why=why)


def set_language(user: User, language: str) -> bool:
    """Keep the language the person chose with the switch for their pages and mail; True if it
    changed (the language is theirs: they are the actor)."""
    if user.language == language:
        return False
    user.language = language
    db.session.flush()
    record(user, "account.language_set", user, f"Language set to {language}")
    return True


def request_password_reset(email: str) -> None:
    """Queue a reset link if an active account has this address; say nothing either way."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    link = external_url("accounts.reset_password", token=make_token(user, Purpose.RESET))
    queue_email(user.email, "password-reset", user=user, link=link)
    record(None, "account.reset_requested", user, f"Password reset requested for {user.email}")


def authenticate(email: str, password: str, now: datetime) -> User | None:
    """The account for these credentials, or None. Inactive accounts are returned (to explain).

    An unknown address costs the same Argon2 check as a known one (``check_password``), so
    neither the answer nor its time tells whether the address has an account. A wrong password
    for an account is counted in the audit log."""
    user = find_by_email(email)
    if check_password(user.password_hash if user else None, password):
        return user
    if user is not None:
        count_failed_sign_in(user, now)
    return None


FAILED_SIGN_IN = "account.sign_in_failed"


def count_failed_sign_in(user: User, now: datetime) -> None:
    """One audit row per account per hour, counting its wrong passwords (a row for each would
    let anyone with a list of addresses fill the log)."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    event = db.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.action == FAILED_SIGN_IN,
            AuditEvent.object_type == "user",
            AuditEvent.object_id == str(user.id),
            AuditEvent.at >= hour,
        )
        .order_by(AuditEvent.id.desc())
    ).first()
    count = (event.details.get("count", 0) if event else 0) + 1
    summary = (
        f"{count} failed sign-in{'s' if count != 1 else ''} for {user.email} since {hour:%H:%M} UTC"
    )
    if event is None:
        event = record(None, FAILED_SIGN_IN, user, summary)
        event.at = now
    event.summary = summary
    event.details = {"count": count, "hour": hour.isoformat()}
    db.session.flush()


def note_login(user: User) -> None:
    user.last_login_at = now_utc()


def update_account(
    actor: User, user: User, *, name: str, phone: str | None, roles: set[Role]
) -> None:
    record_update(actor, user, apply_changes(user, name=name, phone=phone, roles=roles))


def apply_changes(user: User, *, name: str, phone: str | None, roles: set[Role]) -> dict:
    """Change an account's details and roles; what changed, as the audit row keeps it."""
    check_roles(roles)
    changed = changes(user, {"name": name.strip(), "phone": phone or None})
    old_roles = user.held_roles
    if roles != old_roles:
        user.set_roles(roles)
        changed["roles"] = [sorted(r.value for r in old_roles), sorted(r.value for r in roles)]
    return changed


def record_update(actor: User, user: User, changed: dict) -> None:
    db.session.flush()
    if changed:
        record(
            actor, "account.updated", user, f"Changed {', '.join(changed)} of {user.email}", changed
        )


def update_own_details(user: User, *, name: str, phone: str | None) -> None:
    changed = changes(user, {"name": name.strip(), "phone": phone or None})
    if changed:
        record(user, "account.updated", user, f"{user.email} changed their own details", changed)


def deactivation_problem(actor: User, user: User) -> str | None:
    """Why ``actor`` cannot deactivate ``user``'s account (asked before confirming), or None."""
    if actor.id == user.id:
        return "You cannot deactivate your own account"
    if not user.is_active:
        return "This account is already deactivated"
    return None


def deactivate(actor: User, user: User) -> None:
    if problem := deactivation_problem(actor, user):
        raise AccountError(problem)
    user.is_active = False
    user.deactivated_at = now_utc()
    user.session_version += 1  # outstanding links stop working
    sessions.end_all(user)  # signed out everywhere, at once
    revoke_api_tokens(user, "account deactivated", actor)
    record(actor, "account.deactivated", user, f"Deactivated {user.email}")


def reactivate(actor: User, user: User) -> None:
    if user.is_active:
        raise AccountError("This account is already active")
    user.is_active = True
    user.deactivated_at = None
    record(actor, "account.reactivated", user, f"Reactivated {user.email}")
