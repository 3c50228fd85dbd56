"""Fixtures: the app on SQLite (or PostgreSQL with ICV_TEST_DATABASE_URL), personas, mail."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import insert, text, update

from icv import create_app
from icv.accounts.models import SecondFactor
from icv.extensions import db
from tests.factories import PASSWORD, PERSONAS, TOTP_SECRET, current_code, make_user

IN_CI = os.environ.get("CI", "").lower() == "true"
#: A fixed Fernet key (32 bytes in URL-safe base64), so no test writes one into instance/.
TEST_ENCRYPTION_KEY = "aWN2IHRlc3QgZW5jcnlwdGlvbiBrZXksIDMyIGIhISE="


def test_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("ICV_TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


def app_config(database_url: str, **overrides: object) -> dict:
    return {
        "ICV_ENV": "testing",
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "ICV_ENCRYPTION_KEY": TEST_ENCRYPTION_KEY,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "ICV_BASE_URL": "http://icv.test",
        "ICV_SMTP_HOST": "127.0.0.1",
        "ICV_SMTP_PORT": 1,  # nothing listens: a test that sends must start its own server
        "ICV_SMTP_TIMEOUT": 5,
        "ICV_APPLY_MIN_SECONDS": 0,
        # Many tests sign in, then move their frozen clock on by days: the sessions' own tests
        # set the real limits.
        "ICV_SESSION_HOURS": 24 * 365 * 30,
        "ICV_SESSION_IDLE_MINUTES": 60 * 24 * 365 * 30,
        **overrides,
    }


def reset_schema(app: Flask) -> None:
    """Empty database, then every migration: the schema tests run on is the one users get."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        else:
            db.drop_all()
            with db.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return test_database_url(tmp_path_factory)


#: The fixtures through which a test reaches the test database (every other fixture that
#: does, such as ``client`` or ``live_server``, depends on one of them).
DATABASE_FIXTURES = frozenset({"app", "database_url"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``ICV_TEST_SELECT=database`` runs only the tests that reach the test database,
    ``no-database`` only the others (scripts/test.sh): the others run the same code whatever
    the engine, so the PostgreSQL pass leaves them to one SQLite pass. Unset: every test."""
    select = os.environ.get("ICV_TEST_SELECT", "")
    if select not in ("database", "no-database"):
        return
    wanted = select == "database"
    kept, left = [], []
    for item in items:
        (kept if _reaches_database(item) == wanted else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def _reaches_database(item: pytest.Item) -> bool:
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def dispose(app: Flask) -> None:
    """Close pooled connections so none is left open when the interpreter exits."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    app = create_app(app_config(database_url))
    reset_schema(app)
    yield app
    dispose(app)


@pytest.fixture(autouse=True)
def _clean_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
            reseed(conn)


def reseed(conn) -> None:
    """The rows a migration adds that the code relies on: the summary's changes counter."""
    from icv.summary.models import SummaryChanges

    conn.execute(insert(SummaryChanges).values(id=1, generation=0))


@pytest.fixture
def strict_app(database_url: str, app: Flask) -> Iterator[Flask]:
    """The same database with CSRF checks and rate limits switched on.

    The limiter is one object shared by every app, so its switch and counters are put back.
    """
    from icv.extensions import limiter

    strict = create_app(app_config(database_url, WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=True))
    yield strict
    limiter.reset()
    limiter.enabled = False
    dispose(strict)


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    """An app context for tests that call services directly."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def personas(app: Flask) -> dict[str, int]:
    """One account per persona; returns persona -> user id."""
    with app.app_context():
        ids = {}
        for persona, (email, roles) in PERSONAS.items():
            ids[persona] = make_user(email=email, roles=roles).id
        db.session.commit()
        return ids


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD, secret: str = TOTP_SECRET):
    """Sign in with a password and, when the app asks (staff), the code of ``secret``."""
    response = client.post("/sign-in", data={"email": email, "password": password})
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith("/sign-in/code"):
        return pass_second_factor(client, location, secret)
    return response


def pass_second_factor(
    client: FlaskClient, code_page: str = "/sign-in/code", secret: str = TOTP_SECRET
):
    """Post the current code. A test may sign in several times within one 30-second step (its
    clock is often frozen), which the app rightly refuses: forget the steps used first."""
    with client.application.app_context():
        db.session.execute(update(SecondFactor).values(last_used_step=None))
        db.session.commit()
    return client.post(code_page, data={"code": current_code(secret)})


@pytest.fixture
def login(client: FlaskClient, personas: dict[str, int]):
    """Sign the test client in as a persona: ``login("coordinator")``."""

    def do(persona: str) -> FlaskClient:
        if persona != "anonymous":
            response = sign_in(client, PERSONAS[persona][0])
            assert response.status_code == 302, response.text
        return client

    return do


@pytest.fixture
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    """The server at ``url`` answers it with 200 now (for polling one that is starting)."""
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _no_real_smtp(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Fail any SMTP connection that is not to loopback (no test touches the network)."""
    import smtplib

    real_init = smtplib.SMTP.__init__

    def guarded(self, host: str = "", port: int = 0, *args, **kwargs):
        if host and host not in ("127.0.0.1", "localhost", "::1"):
            raise AssertionError(f"test tried to reach SMTP server {host}")
        real_init(self, host, port, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "__init__", guarded)
