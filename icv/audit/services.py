from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert
from werkzeug.local import LocalProxy

from icv.audit.models import AuditEvent
from icv.extensions import db

if TYPE_CHECKING:
    from icv.accounts.models import User


def record(
    actor: User | None,
    action: str,
    obj: Any,
    summary: str,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit row in the caller's transaction (it commits with the change it describes).

    ``obj`` is the model changed, or a plain name (e.g. ``"settings"``) for scheme-wide changes.
    """
    event = AuditEvent(**audit_row(actor, action, obj, summary, details))
    db.session.add(event)
    return event


def record_at_once(
    actor: User | None,
    action: str,
    obj: Any,
    summary: str,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """``record``'s row inserted now, by one statement, with no mapped object: for a write
    whose CPU counts, where the row alone would cost the commit a flush of its own. The same
    row as ``record``'s; ``at``: when the change was made, if not now (a job recording a
    change made in a request, e.g. a report sent: ``icv.jobs.report_notices``)."""
    row = audit_row(actor, action, obj, summary, details)
    db.session.execute(insert(AuditEvent.__table__), row if at is None else {**row, "at": at})


def object_type(obj: Any) -> str:
    """How an audit row names the type of what it is about: the model's class in lower case
    (``"visitreport"``), or the plain name given for a scheme-wide change."""
    return obj if isinstance(obj, str) else type(obj).__name__.lower()


def audit_row(
    actor: User | None,
    action: str,
    obj: Any,
    summary: str,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An audit row's columns (``at`` is the column's default: now)."""
    if isinstance(obj, LocalProxy):
        # ``current_user`` passed as the record changed: its type is the proxy's, not the
        # account's, so the log would say "localproxy".
        obj = obj._get_current_object()
    object_id = getattr(obj, "id", None)
    return {
        "actor_id": actor.id if actor is not None else None,
        "action": action,
        "object_type": object_type(obj),
        "object_id": None if object_id is None else str(object_id),
        "summary": summary[:300],
        "details": details or {},
    }


def changes(obj: Any, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """Apply ``fields`` to ``obj`` and return only what changed, as field -> [old, new]."""
    changed: dict[str, list[Any]] = {}
    for name, new in fields.items():
        old = getattr(obj, name)
        if old != new:
            changed[name] = [old, new]
            setattr(obj, name, new)
    return changed


def describe(changed: dict[str, list[Any]]) -> str:
    def show(value: Any) -> str:
        if isinstance(value, date):
            return f"{value:%-d %b %Y}"
        if value is None or value == "":
            return "not recorded"
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    return "; ".join(f"{name.replace('_', ' ')}: {show(new)}" for name, (_, new) in changed.items())


def jsonable(changed: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {
        name: [v.isoformat() if isinstance(v, date) else v for v in pair]
        for name, pair in changed.items()
    }
