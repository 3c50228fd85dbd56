"""Server-side sessions: a row per signed-in browser, ended by signing out, a new password,
deactivation, "sign out everywhere else", an idle timeout and an absolute lifetime."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from icv import create_app
from icv.accounts.models import User, UserSession
from icv.accounts.rules import describe_browser, session_ends_at, session_expired
from icv.accounts.services import deactivate
from icv.audit.models import AuditEvent
from icv.extensions import db
from tests.conftest import app_config, dispose, sign_in
from tests.factories import PASSWORD, make_user

SIGNED_IN = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
PHONE = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


@pytest.fixture
def timed_app(database_url: str, app: Flask) -> Iterator[Flask]:
    """The test database with the real limits: 60 minutes idle, 8 hours in all."""
    timed = create_app(app_config(database_url, ICV_SESSION_IDLE_MINUTES=60, ICV_SESSION_HOURS=8))
    yield timed
    dispose(timed)


@pytest.fixture
def val(timed_app: Flask) -> int:
    with timed_app.app_context():
        user_id = make_user("val@example.org").id
        db.session.commit()
        return user_id


def signed_in(app: Flask, email: str = "val@example.org", agent: str = PHONE) -> FlaskClient:
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": agent, "REMOTE_ADDR": "192.0.2.7"})
    assert sign_in(client, email).status_code == 302
    return client


def copy_of(client: FlaskClient, app: Flask) -> FlaskClient:
    """Another browser holding the same cookie (one copied off a shared computer)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def is_signed_in(client: FlaskClient) -> bool:
    return client.get("/account").status_code == 200


def session_rows(app: Flask) -> list[UserSession]:
    with app.app_context():
        return list(db.session.scalars(select(UserSession).order_by(UserSession.id)))


def test_it_keeps_a_row_per_sign_in_and_only_a_token_in_the_cookie(timed_app, val):
    with time_machine.travel(SIGNED_IN, tick=False):
        client = signed_in(timed_app)
        with client.session_transaction() as cookie:
            token = cookie["_user_id"]
    [row] = session_rows(timed_app)
    assert (row.user_id, row.created_at, row.last_seen_at) == (val, SIGNED_IN, SIGNED_IN)
    assert (row.user_agent, row.address) == (PHONE, "192.0.2.7")
    assert len(token) == 43  # 32 random bytes, not the account's id
    assert row.token_hash != token  # only its hash is kept


def test_a_copied_cookie_stops_working_at_sign_out(timed_app, val):
    client = signed_in(timed_app)
    thief = copy_of(client, timed_app)
    assert is_signed_in(thief)
    client.post("/sign-out")
    assert not is_signed_in(thief)
    assert thief.get("/account").headers["Location"].startswith("/sign-in")
    assert session_rows(timed_app) == []


def test_a_session_ends_after_the_idle_time(timed_app, val):
    with time_machine.travel(SIGNED_IN, tick=False) as clock:
        client = signed_in(timed_app)
        clock.shift(timedelta(minutes=59, seconds=59))
        assert is_signed_in(client)  # and the idle time counts from this request
        clock.shift(timedelta(minutes=59, seconds=59))
        assert is_signed_in(client)
        clock.shift(timedelta(minutes=60))
        assert not is_signed_in(client)
    assert session_rows(timed_app) == []


def test_a_busy_session_still_ends_at_its_lifetime(timed_app, val):
    with time_machine.travel(SIGNED_IN, tick=False) as clock:
        client = signed_in(timed_app)
        for _ in range(15):  # a request every half hour for seven and a half hours
            clock.shift(timedelta(minutes=30))
            assert is_signed_in(client)
        clock.shift(timedelta(minutes=29, seconds=59))
        assert is_signed_in(client)  # 7:59:59 after sign-in
        clock.shift(timedelta(seconds=1))
        assert not is_signed_in(client)  # 8 hours exactly


def test_the_session_rules_at_their_boundaries():
    idle, lifetime = timedelta(minutes=60), timedelta(hours=8)
    start = SIGNED_IN
    assert session_ends_at(start, start, idle, lifetime) == start + idle
    late = start + timedelta(hours=7, minutes=30)
    assert session_ends_at(start, late, idle, lifetime) == start + lifetime
    assert not session_expired(
        start, start, start + idle - timedelta(microseconds=1), idle, lifetime
    )
    assert session_expired(start, start, start + idle, idle, lifetime)
    assert session_expired(start, late, start + lifetime, idle, lifetime)


def test_a_new_password_ends_every_session_but_keeps_this_one(timed_app, val):
    client = signed_in(timed_app)
    other = signed_in(timed_app)
    new = "a much longer passphrase"
    response = client.post(
        "/account/password", data={"current": PASSWORD, "password": new, "confirm": new}
    )
    assert response.status_code == 302
    assert is_signed_in(client)
    assert not is_signed_in(other)
    assert len(session_rows(timed_app)) == 1


def test_deactivation_deletes_every_session(timed_app, val):
    client = signed_in(timed_app)
    with timed_app.app_context():
        admin = make_user("admin@example.org")
        deactivate(admin, db.session.get(User, val))
        db.session.commit()
    assert not is_signed_in(client)
    assert session_rows(timed_app) == []


def test_sign_out_everywhere_else_lists_and_ends_the_other_sessions(timed_app, val):
    laptop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
    with time_machine.travel(SIGNED_IN, tick=False) as clock:
        other = signed_in(timed_app, agent=laptop)
        clock.shift(timedelta(minutes=5))
        client = signed_in(timed_app)
        assert "In this browser and 1 other" in client.get("/account").text
        page = client.get("/account/sessions").text
        assert "Chrome on Android" in page
        assert "Firefox on Windows" in page
        assert page.count("This browser</strong>") == 1
        response = client.post("/account/sessions/end-others")
        assert response.headers["Location"] == "/account/sessions"
        done = client.get(response.headers["Location"]).text
        assert "You have been signed out of 1 other browser." in done
        assert is_signed_in(client)
        assert not is_signed_in(other)
    with timed_app.app_context():
        [event] = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "account.signed_out_elsewhere")
        )
        assert event.summary == "val@example.org ended 1 other sessions"


def test_signing_in_rotates_the_csrf_secret(timed_app, val):
    client = timed_app.test_client()
    client.get("/sign-in")
    with client.session_transaction() as cookie:
        cookie["csrf_token"] = "known-to-whoever-set-it"
    assert sign_in(client, "val@example.org").status_code == 302
    with client.session_transaction() as cookie:
        assert cookie.get("csrf_token") != "known-to-whoever-set-it"


def test_signing_in_forgets_ended_sessions(timed_app, val):
    with time_machine.travel(SIGNED_IN, tick=False) as clock:
        signed_in(timed_app)
        clock.shift(timedelta(hours=9))
        signed_in(timed_app)
    with timed_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1


@pytest.mark.parametrize(
    ("agent", "described"),
    [
        (PHONE, "Chrome on Android"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Safari/604.1", "Safari on iPhone"),
        ("Mozilla/5.0 (Windows NT 10.0) Chrome/126.0 Safari/537.36 Edg/126.0", "Edge on Windows"),
        ("curl/8.5.0", "Unknown browser"),
    ],
)
def test_it_names_browsers_as_people_do(agent, described):
    assert describe_browser(agent) == described
