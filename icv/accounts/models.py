from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String, select, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.accounts.roles import Role
from icv.accounts.rules import effective_roles
from icv.clock import now_utc
from icv.extensions import db
from icv.types import EncryptedString, UTCDateTime

if TYPE_CHECKING:  # accounts sit below volunteers: the record is named by string
    from icv.volunteers.models import Volunteer


class User(UserMixin, db.Model):
    """A person who can sign in: volunteer, office staff, force liaison or administrator."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-case; the sign-in name.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(40))
    #: Argon2id hash; empty until the person accepts their invitation.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    #: False once deactivated: the person can no longer sign in.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: Bumped on password change or deactivation so other sessions and links stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: "cy" or "en" as the person chose with the language switch (pages and mail), or None:
    #: never chose, so pages follow the browser and mail is in English.
    language: Mapped[str | None] = mapped_column(String(2))

    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    #: The person's own volunteer record, if they have one (read only: the volunteers area
    #: writes it). Loaded when asked for, e.g. by their account page.
    volunteer: Mapped[Volunteer | None] = relationship("Volunteer", viewonly=True, uselist=False)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"

    #: The token of the server-side session this object was loaded for (or just started):
    #: not a column, set by ``icv.accounts.sessions``.
    session_token = None  # str | None; not mapped

    def get_id(self) -> str | None:
        # Flask-Login keeps this in the signed cookie: the id of a row of ``user_sessions``,
        # never the account's own id, so ending the row ends the cookie.
        return self.session_token

    # UserMixin compares users by get_id(), the session token above, which is None for every
    # account not signed in on this request: two such accounts would be equal (a suite's
    # second liaison was silently not saved). A user is their row, and the session's identity
    # map holds one object per row, so compare objects.
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__

    @property
    def held_roles(self) -> frozenset[Role]:
        """The roles stored for the account (what an administrator ticks)."""
        return frozenset(Role(row.role) for row in self.role_rows)

    @property
    def roles(self) -> frozenset[Role]:
        """The roles it acts with: a custody liaison's account acts as nothing else."""
        return effective_roles(self.held_roles)

    def has_role(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)

    def set_roles(self, roles: set[Role]) -> None:
        roles = {Role(r) for r in roles}
        keep = [row for row in self.role_rows if Role(row.role) in roles]
        have = {row.role for row in keep}
        self.role_rows = keep + [UserRole(role=r.value) for r in sorted(roles) if r not in have]

    @property
    def has_password(self) -> bool:
        return bool(self.password_hash)

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name

    @staticmethod
    def by_email(email: str):  # -> Select
        return select(User).where(User.email == email.strip().lower())

    @staticmethod
    def active_with_role(role: Role):  # -> Select
        """Everyone who can sign in and acts with ``role``, oldest account first (a custody
        liaison's account acts with no other role: see ``effective_roles``)."""
        query = (
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == role.value, User.is_active.is_(True))
            .order_by(User.id)
        )
        if role != Role.LIAISON:
            query = query.where(User.id.not_in(User.liaison_ids()))
        return query

    @staticmethod
    def liaison_ids():  # -> Select
        """Ids of the accounts holding the custody liaison role."""
        return select(UserRole.user_id).where(UserRole.role == Role.LIAISON.value)


class UserRole(db.Model):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class SecondFactor(db.Model):
    """A staff member's authenticator app (TOTP, RFC 6238): one per account.

    The row exists from the set-up page on; ``enrolled_at`` is set once a code from the app has
    confirmed it. An administrator's reset deletes it, so the person sets up again.
    """

    __tablename__ = "second_factors"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    #: The shared key, base32 as authenticator apps take it; encrypted with
    #: ICV_ENCRYPTION_KEY in the database, so a copy of the database alone signs no one in.
    secret: Mapped[str] = mapped_column(EncryptedString)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    #: None while the person is still setting it up.
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The 30-second time step of the last code accepted: that code (and older ones) are refused.
    last_used_step: Mapped[int | None] = mapped_column(Integer)
    #: Wrong codes (or recovery codes) in a row; a right one sets it back to 0.
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Set after too many wrong codes in a row: no code is checked before this time.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_enrolled(self) -> bool:
        return self.enrolled_at is not None


class RecoveryCode(db.Model):
    """A single-use code for signing in without the authenticator app; shown once."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: Argon2id hash, like a password: the code itself is never stored.
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UserSession(db.Model):
    """One signed-in browser. The cookie carries a random token; only its hash is kept here,
    so the table cannot be used to sign in. Deleting the row signs that browser out."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the token in the cookie, hex.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, index=True)
    #: As the browser gave it (cut short), so the person can tell their sessions apart.
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    #: The client's address as the trusted proxies report it.
    address: Mapped[str] = mapped_column(String(45), default="")
