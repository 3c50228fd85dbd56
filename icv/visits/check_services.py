"""The versioned check set: read the current version, add a check or retire one (each a new
version, so the reports filed under an earlier one keep their meaning). The caller commits.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from weakref import WeakKeyDictionary

from flask import g
from sqlalchemy import Engine, ScalarSelect, Select, event, func, select
from sqlalchemy.orm import Session, joinedload

from icv.accounts.models import User
from icv.audit.services import record
from icv.extensions import db
from icv.visits.check_rules import SHIPPED, CheckDef
from icv.visits.models import Check, CheckSet


def current_check_set() -> CheckSet | None:
    """The newest version with its checks, in one statement (a report is checked against
    them: sending one reads nothing else of them)."""
    latest = select(CheckSet).order_by(CheckSet.version.desc()).limit(1)
    return db.session.scalars(latest.options(joinedload(CheckSet.checks))).unique().first()


#: A check's columns in the order of ``CheckDef``'s fields.
CHECK_COLUMNS = (
    Check.key, Check.theme, Check.kind, Check.label, Check.hint, Check.label_cy, Check.hint_cy,
    Check.active,
)  # fmt: skip


def definitions(check_set: CheckSet | None) -> tuple[CheckDef, ...]:
    """A version's checks as plain values (the shipped ones while the database has none)."""
    if check_set is None:
        return SHIPPED
    return tuple(
        CheckDef(*(getattr(c, column.key) for column in CHECK_COLUMNS)) for c in check_set.checks
    )


@cache
def current_checks_statement() -> Select:
    """``current_checks``'s statement, built once, at first use."""
    return (
        select(CheckSet.id, *CHECK_COLUMNS)
        .outerjoin(Check, Check.check_set_id == CheckSet.id)
        .where(CheckSet.version == select(func.max(CheckSet.version)).scalar_subquery())
        .order_by(Check.position)
    )


#: Each version's checks as plain values, by the version's id, for each database this
#: process uses (``current_checks``). A version never changes once stored (a change is a
#: new version, with a new id), so what is kept is never stale.
KEPT_CHECKS: WeakKeyDictionary[Engine, dict[int, tuple[CheckDef, ...]]] = WeakKeyDictionary()
#: ``g`` key: the current version's id, read by a statement the request ran anyway.
CURRENT_READ = "icv_current_check_set_id"


@cache
def current_version_id() -> ScalarSelect:
    """The newest version's id (NULL if none), as a scalar subquery another statement of the
    request carries (a report's draft read: ``current_version_read``)."""
    return select(CheckSet.id).order_by(CheckSet.version.desc()).limit(1).scalar_subquery()


def current_version_read(check_set_id: int | None) -> None:
    """The current version's id, read by another statement, is this request's: with its
    checks kept, ``current_checks`` reads nothing."""
    setattr(g, CURRENT_READ, check_set_id)


def current_checks() -> tuple[int | None, tuple[CheckDef, ...]]:
    """The newest version's id and its checks as plain values (as ``definitions`` of
    ``current_check_set``): every send and every save of the checks section asks. Kept by
    version once read; with the version's id read already (``current_version_read``) and its
    checks kept, no statement; else one that builds no mapped objects."""
    kept = KEPT_CHECKS.setdefault(db.engine, {})
    known = g.get(CURRENT_READ, LOOK)
    if known is None:  # the database has no version yet
        return None, SHIPPED
    if known is not LOOK and known in kept:
        return known, kept[known]
    rows = db.session.execute(current_checks_statement()).all()
    if not rows:
        return None, SHIPPED
    check_set_id = rows[0][0]
    kept[check_set_id] = tuple(CheckDef(*row[1:]) for row in rows if row[1] is not None)
    return check_set_id, kept[check_set_id]


#: ``current_checks``: the current version's id has not been read in this request.
LOOK = object()


@event.listens_for(Session, "after_flush")
def forget_kept_checks(session: Session, _context: Any) -> None:
    """Versions are never changed in place, but tests empty their tables and number them from
    1 again: a version written through this process forgets what was kept of its database."""
    written = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(o, CheckSet | Check) for o in written):
        KEPT_CHECKS.pop(session.get_bind(), None)


def checks_of(check_set_id: int | None) -> tuple[CheckDef, ...]:
    """The checks of a version by its id; the current ones for None (a draft)."""
    if check_set_id is None:
        return definitions(current_check_set())
    return definitions(db.session.get(CheckSet, check_set_id))


def new_version(actor: User | None, checks: tuple[CheckDef, ...], change: str) -> CheckSet:
    latest = current_check_set()
    check_set = CheckSet(
        version=latest.version + 1 if latest else 1,
        created_by=actor,
        change=change,
        checks=[
            Check(
                key=c.key, theme=c.theme, kind=c.kind, label=c.label, hint=c.hint,
                label_cy=c.label_cy, hint_cy=c.hint_cy, position=n, active=c.active,
            )
            for n, c in enumerate(checks, 1)
        ],
    )  # fmt: skip
    db.session.add(check_set)
    db.session.flush()
    record(actor, "checks.version", check_set, f"Checks version {check_set.version}: {change}")
    return check_set


def ensure_check_set(actor: User | None) -> CheckSet:
    """The current version; version 1 (the shipped checks) if the database has none (the
    migration seeds it, so only a database emptied by hand gets here)."""
    return current_check_set() or new_version(actor, SHIPPED, "Shipped with icv")


def add_check(actor: User, check: CheckDef) -> CheckSet:
    """A new version with ``check`` added at the end of its theme."""
    current = definitions(ensure_check_set(actor))
    last_of_theme = max(
        (n for n, c in enumerate(current) if c.theme == check.theme), default=len(current) - 1
    )
    checks = (*current[: last_of_theme + 1], check, *current[last_of_theme + 1 :])
    return new_version(actor, checks, f"Added {check.label} ({check.key})")


def retire_check(actor: User, key: str) -> CheckSet | None:
    """A new version in which ``key`` is no longer asked; None if it is not an active check."""
    current = definitions(ensure_check_set(actor))
    found = next((c for c in current if c.key == key and c.active), None)
    if found is None:
        return None
    checks = tuple(
        CheckDef(**{**c.__dict__, "active": False}) if c.key == key else c for c in current
    )
    return new_version(actor, checks, f"Retired {found.label} ({key})")
