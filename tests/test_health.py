"""/healthz: the database, the migrations, the scheduler and the outbox, as JSON for a load
balancer or a monitor; 200 when all are well, 503 otherwise; nothing about people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from icv import create_app
from icv.extensions import db
from icv.jobs.models import SchedulerProcess
from icv.main.health import migration_heads
from icv.notifications.models import OutboxMessage, OutboxStatus
from tests.conftest import app_config, dispose
from tests.faults import refusing

NOW = datetime(2027, 3, 28, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def ran(minutes_ago: float) -> None:
    """A scheduler whose last heartbeat was ``minutes_ago``."""
    at = NOW - timedelta(minutes=minutes_ago)
    db.session.add(SchedulerProcess(id="s1", host="web1", pid=1, started_at=at, last_seen_at=at))
    db.session.commit()


def queued(minutes_ago: float, status: str = OutboxStatus.PENDING) -> None:
    at = NOW - timedelta(minutes=minutes_ago)
    db.session.add(
        OutboxMessage(
            kind="invitation",
            to_address="ann.person@example.org",
            subject="Your account",
            body_text="Hello Ann",
            status=status,
            created_at=at,
            next_attempt_at=at,
        )
    )
    db.session.commit()


def test_a_healthy_deployment(client, ctx, frozen):
    ran(minutes_ago=2)
    queued(minutes_ago=30)  # due since exactly the limit: still healthy
    queued(minutes_ago=90, status=OutboxStatus.SENT)
    queued(minutes_ago=95, status=OutboxStatus.FAILED)  # given up: shown to admins instead
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers  # a load balancer is handed no session
    heads = list(migration_heads())
    assert response.json == {
        "status": "ok",
        "checks": {
            "database": {"ok": True},
            "migrations": {"ok": True, "current": heads, "head": heads},
            "scheduler": {
                "ok": True,
                "last_seen": "2027-03-28T08:58:00+00:00",
                "seconds_ago": 120,
            },
            "outbox": {"ok": True, "oldest_unsent_seconds": 1800},
        },
    }
    assert "example.org" not in response.text
    assert "Ann" not in response.text


def test_a_scheduler_unseen_for_more_than_10_minutes_is_unhealthy(client, ctx, frozen):
    ran(minutes_ago=10)
    assert client.get("/healthz").status_code == 200
    db.session.query(SchedulerProcess).delete()
    ran(minutes_ago=10 + 1 / 60)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unhealthy"
    assert response.json["checks"]["scheduler"] == {
        "ok": False,
        "last_seen": "2027-03-28T08:49:59+00:00",
        "seconds_ago": 601,
    }
    assert response.json["checks"]["outbox"] == {"ok": True, "oldest_unsent_seconds": None}


def test_a_scheduler_never_seen_is_unhealthy(client, ctx, frozen):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["checks"]["scheduler"] == {
        "ok": False,
        "last_seen": None,
        "seconds_ago": None,
    }


def test_mail_waiting_more_than_30_minutes_is_unhealthy(client, ctx, frozen):
    ran(minutes_ago=1)
    queued(minutes_ago=5)
    queued(minutes_ago=31, status=OutboxStatus.SENDING)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["checks"]["outbox"] == {"ok": False, "oldest_unsent_seconds": 1860}
    assert response.json["checks"]["scheduler"]["ok"] is True


def test_the_limits_are_settings(database_url, app, ctx, frozen):
    ran(minutes_ago=3)
    queued(minutes_ago=3)
    other = create_app(
        app_config(database_url, ICV_HEALTH_SCHEDULER_MINUTES=2, ICV_HEALTH_OUTBOX_MINUTES=2)
    )
    checks = other.test_client().get("/healthz").json["checks"]
    dispose(other)
    assert (checks["scheduler"]["ok"], checks["outbox"]["ok"]) == (False, False)


def test_a_database_behind_its_migrations_is_unhealthy(app, client, ctx, frozen, monkeypatch):
    ran(minutes_ago=1)
    monkeypatch.setitem(app.extensions, "icv_migration_heads", ("0123456789ab",))
    response = client.get("/healthz")
    assert response.status_code == 503
    migrations = response.json["checks"]["migrations"]
    assert migrations["ok"] is False
    assert migrations["head"] == ["0123456789ab"]
    assert migrations["current"] != ["0123456789ab"]


def test_a_database_that_does_not_answer_is_unhealthy(client, ctx):
    with refusing(db.engine):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unhealthy", "checks": {"database": {"ok": False}}}


def test_the_web_scope_asks_only_what_a_web_server_needs(client, ctx, frozen):
    queued(minutes_ago=120)  # no scheduler, mail stuck: still able to answer pages
    response = client.get("/healthz?scope=web")
    assert response.status_code == 200
    assert set(response.json["checks"]) == {"database", "migrations"}
    with refusing(db.engine):
        assert client.get("/healthz?scope=web").status_code == 503


def test_the_health_check_is_never_rate_limited(database_url, app):
    from icv.extensions import limiter

    limited = create_app(
        app_config(database_url, RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT="2 per minute")
    )
    client = limited.test_client()
    try:
        assert [client.get("/accessibility").status_code for _ in range(3)] == [200, 200, 429]
        assert {client.get("/healthz?scope=web").status_code for _ in range(5)} == {200}
    finally:
        # The limiter is one object for every app and keeps default limits once set.
        limiter.limit_manager.set_default_limits([])
        limiter.reset()
        limiter.enabled = False
        dispose(limited)
