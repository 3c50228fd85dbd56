"""Production as the README starts it: real responses of create_app() under ICV_ENV=production,
the secret key's length, limits that refuse per-worker memory, and the app behind a proxy."""

from __future__ import annotations

import contextlib
import os

import pytest
from flask import url_for

from icv import create_app
from icv.config import ConfigError, check_limit_storage, gunicorn_workers
from icv.extensions import limiter
from tests.conftest import TEST_ENCRYPTION_KEY, dispose, reset_schema

GOOD_KEY = "k" * 32
GUNICORN = ["/srv/icv/.venv/bin/gunicorn", "-w", "4", "-b", "127.0.0.1:8000", "icv:create_app()"]


@pytest.fixture
def production(monkeypatch, tmp_path, database_url):
    """Environment variables as the README's production section sets them."""
    for name in [name for name in os.environ if name.startswith("ICV_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ICV_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("ICV_ENV", "production")
    monkeypatch.setenv("ICV_SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("ICV_ENCRYPTION_KEY", TEST_ENCRYPTION_KEY)
    monkeypatch.setenv("ICV_DATABASE_URL", database_url)
    monkeypatch.setenv("ICV_BASE_URL", "https://icv.example.org")
    return monkeypatch


@pytest.fixture
def production_app(production, app):
    made = []

    def start():
        made.append(create_app())
        return made[-1]

    yield start
    for one in made:
        dispose(one)
    forget_limits()


def forget_limits() -> None:
    """One limiter serves every app: put its switch back for the others and empty its counts
    (an empty memory store reads as false, which Flask-Limiter's ``reset`` asserts against)."""
    limiter.enabled = False
    with contextlib.suppress(AssertionError):
        limiter.reset()


def test_production_responses_carry_secure_cookies_and_hsts(production_app):
    app = production_app()
    reset_schema(app)
    response = app.test_client().get("/sign-in")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=")
    assert "; Secure" in cookie
    assert "; HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_production_builds_https_links(production_app):
    app = production_app()
    with app.test_request_context("/", base_url="https://icv.example.org"):
        assert url_for("accounts.login", _external=True) == "https://icv.example.org/sign-in"
    with app.app_context(), app.test_request_context():
        assert app.config["PREFERRED_URL_SCHEME"] == "https"


def test_development_cookies_are_not_secure(production_app, production):
    production.setenv("ICV_ENV", "development")
    app = production_app()
    assert app.config["SESSION_COOKIE_SECURE"] is False
    response = app.test_client().get("/privacy")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize("key", ["x", "k" * 31, "é" * 15])
def test_production_refuses_a_short_secret_key(production, key):
    production.setenv("ICV_SECRET_KEY", key)
    with pytest.raises(ConfigError, match="ICV_SECRET_KEY must be at least 32 bytes, got"):
        create_app()


def test_production_takes_a_secret_key_of_32_bytes(production_app):
    assert production_app().config["SECRET_KEY"] == GOOD_KEY


def test_production_refuses_memory_limits_with_several_workers(production, monkeypatch):
    monkeypatch.setattr("sys.argv", GUNICORN)
    with pytest.raises(ConfigError, match="memory:// with 4 workers: each would keep its own"):
        create_app()


@pytest.mark.parametrize(
    ("settings", "argv"),
    [
        ({"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}, GUNICORN),
        ({"RATELIMIT_STORAGE_URI": "memory://"}, [GUNICORN[0], "icv:create_app()"]),
        ({"RATELIMIT_STORAGE_URI": "memory://", "ICV_RATELIMIT_ALLOW_MEMORY": True}, GUNICORN),
        ({"RATELIMIT_STORAGE_URI": "memory://"}, ["/srv/icv/.venv/bin/icv", "serve"]),
    ],
)
def test_limit_storage_is_accepted_when_it_holds(settings, argv):
    check_limit_storage(settings, argv)


def test_it_counts_gunicorn_workers_as_gunicorn_does(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    assert gunicorn_workers(GUNICORN) == 4
    assert gunicorn_workers(["gunicorn", "--workers=3", "icv:create_app()"]) == 3
    assert gunicorn_workers(["gunicorn", "icv:create_app()"]) == 1
    monkeypatch.setenv("WEB_CONCURRENCY", "2")
    assert gunicorn_workers(["gunicorn", "icv:create_app()"]) == 2
    monkeypatch.setenv("GUNICORN_CMD_ARGS", "-w 5")
    assert gunicorn_workers(["gunicorn", "icv:create_app()"]) == 5
    assert gunicorn_workers(["pytest"]) == 1


def test_an_oversized_post_gets_the_413_page(client):
    response = client.post("/sign-in", data={"email": "x" * (1024 * 1024 + 1)})
    assert response.status_code == 413
    assert "What you sent is too large" in response.text
    assert '<link rel="stylesheet"' in response.text  # the house style, not Werkzeug's page
