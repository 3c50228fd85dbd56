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
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from icv import PROJECT_ROOT
from icv.clock import as_utc, now_utc
from icv.extensions import db
from icv.jobs import liveness
from icv.main.rules import HealthLimits, at_head, outbox_ok, scheduler_ok, seconds_since


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
        # The scheduler's heartbeat (every 30 s while it runs, whatever its jobs are doing).
        last_run = aware(liveness.scheduler_last_seen())
        waited = liveness.oldest_unsent_age(now)
        oldest = None if waited is None else now - waited
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
