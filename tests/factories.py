"""Factories with sensible defaults; each returns a flushed model."""

from __future__ import annotations

from icv.accounts.models import User
from icv.accounts.passwords import hash_password
from icv.accounts.roles import Role
from icv.extensions import db
from icv.suites.models import Suite

PASSWORD = "correct horse battery"

#: persona -> (email, roles). "anonymous" has no account.
PERSONAS: dict[str, tuple[str, set[Role]]] = {
    "volunteer": ("val@example.org", {Role.VOLUNTEER}),
    "volunteer2": ("sam@example.org", {Role.VOLUNTEER}),
    "coordinator": ("chris@example.org", {Role.COORDINATOR}),
    "commissioner": ("pat@example.org", {Role.COMMISSIONER}),
    "liaison": ("lee@example.org", {Role.LIAISON}),
    "admin": ("alex@example.org", {Role.ADMIN}),
}


def make_user(
    email: str = "person@example.org",
    name: str | None = None,
    roles: set[Role] | None = None,
    password: str | None = PASSWORD,
    is_active: bool = True,
) -> User:
    user = User(
        email=email,
        name=name or email.split("@")[0].title() + " Person",
        password_hash=hash_password(password) if password else None,
        is_active=is_active,
    )
    user.set_roles(roles or {Role.VOLUNTEER})
    db.session.add(user)
    db.session.flush()
    return user


def make_suite(name: str = "Leamington Spa", address: str = "Newbold Terrace") -> Suite:
    suite = Suite(name=name, address=address)
    db.session.add(suite)
    db.session.flush()
    return suite
