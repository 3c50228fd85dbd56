"""``/healthz``: is this deployment working? For a load balancer and for monitoring.

It answers JSON with one entry per check and 200 when every check passes, 503 otherwise. It
says nothing about people: only revisions, times and ages. It reads the database with plain
statements and catches their failure itself, so a database that is down still gets an answer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from icv import PROJECT_ROOT
from icv.clock import as_utc, now_utc
from icv.extensions import db
from icv.jobs.models import JobRun
from icv.main.rules import HealthLimits, at_head, outbox_ok, scheduler_ok, seconds_since
from icv.notifications.models import OutboxMessage, OutboxStatus

#: Mail not yet handed to the SMTP server (failed mail is given up on and shown to admins).
UNSENT = (OutboxStatus.PENDING, OutboxStatus.SENDING)


def migration_heads() -> tuple[str, ...]:
    """The head revisions of ``migrations/`` (read from disk once per process)."""
    cached = current_app.extensions.get("icv_migration_heads")
    if cached is None:
        config = Config()
        config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
        cached = tuple(ScriptDirectory.from_config(config).get_heads())
        current_app.extensions["icv_migration_heads"] = cached
    return cached


def limits() -> HealthLimits:
    config = current_app.config
    return HealthLimits(
        scheduler_minutes=config["ICV_HEALTH_SCHEDULER_MINUTES"],
        outbox_minutes=config["ICV_HEALTH_OUTBOX_MINUTES"],
    )


def aware(value: datetime | None) -> datetime | None:
    return None if value is None else as_utc(value)


def check(web_only: bool = False) -> tuple[dict[str, Any], bool]:
    """Every check, and whether all passed. ``web_only``: only what this web server needs to
    answer pages (the database and its schema), for a load balancer choosing a server."""
    now = now_utc()
    try:
        db.session.execute(select(1))
        current = db.session.scalars(text("SELECT version_num FROM alembic_version")).all()
        last_run = aware(db.session.scalar(select(func.max(JobRun.finished_at))))
        oldest = aware(
            db.session.scalar(
                select(func.min(OutboxMessage.created_at)).where(OutboxMessage.status.in_(UNSENT))
            )
        )
    except SQLAlchemyError as error:
        db.session.rollback()
        current_app.logger.warning("health check: database not answering: %s", error)
        return {"database": {"ok": False}}, False
    heads = migration_heads()
    checks: dict[str, Any] = {
        "database": {"ok": True},
        "migrations": {"ok": at_head(current, heads), "current": current, "head": list(heads)},
    }
    if not web_only:
        checks["scheduler"] = {
            "ok": scheduler_ok(last_run, now, limits()),
            "last_seen": last_run.isoformat() if last_run else None,
            "seconds_ago": seconds_since(last_run, now),
        }
        checks["outbox"] = {
            "ok": outbox_ok(oldest, now, limits()),
            "oldest_unsent_seconds": seconds_since(oldest, now),
        }
    return checks, all(entry["ok"] for entry in checks.values())
