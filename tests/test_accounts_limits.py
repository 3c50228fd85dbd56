"""Limits behind a proxy: per person's address (ICV_PROXY_HOPS) and per account, a lock-out
that says nothing of whether the account exists, and wrong passwords counted in the audit log."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from argon2 import PasswordHasher
from flask import Flask
from sqlalchemy import select

from icv import create_app
from icv.accounts.models import UserSession
from icv.audit.models import AuditEvent
from icv.extensions import db, limiter
from tests.conftest import app_config, dispose
from tests.factories import PASSWORD, make_user

WRONG = "not the password"


@pytest.fixture
def proxied(database_url: str, app: Flask) -> Iterator[Flask]:
    """Behind one proxy, with the limits on (CSRF off: these tests post bare forms)."""
    behind = create_app(app_config(database_url, RATELIMIT_ENABLED=True, ICV_PROXY_HOPS=1))
    yield behind
    limiter.enabled = False
    with contextlib.suppress(AssertionError):  # an empty memory store reads as false
        limiter.reset()
    dispose(behind)


@pytest.fixture
def accounts(proxied: Flask) -> None:
    with proxied.app_context():
        make_user("val@example.org")
        for n in range(12):
            make_user(f"person{n}@example.org")
        db.session.commit()


def sign_in_from(app: Flask, address: str, email: str, password: str) -> int:
    client = app.test_client()
    response = client.post(
        "/sign-in",
        data={"email": email, "password": password},
        headers={"X-Forwarded-For": address},
    )
    return response.status_code


def test_the_client_address_is_the_one_the_proxy_reports(proxied, accounts):
    assert sign_in_from(proxied, "203.0.113.9", "val@example.org", PASSWORD) == 302
    with proxied.app_context():
        [row] = db.session.scalars(select(UserSession))
        assert row.address == "203.0.113.9"


def test_the_limit_per_address_counts_each_person_not_the_proxy(proxied, accounts):
    statuses = [sign_in_from(proxied, "203.0.113.9", f"nobody{n}@x.org", WRONG) for n in range(11)]
    assert statuses == [200] * 10 + [429]
    # Someone else behind the same proxy is not locked out with them.
    assert sign_in_from(proxied, "198.51.100.4", "val@example.org", PASSWORD) == 302


@pytest.mark.parametrize("email", ["val@example.org", "no-account@example.org"])
def test_wrong_passwords_from_many_addresses_lock_the_account(proxied, accounts, email):
    statuses = [sign_in_from(proxied, f"203.0.113.{n}", email, WRONG) for n in range(1, 12)]
    # The same answers for an account and for an address without one.
    assert statuses == [200] * 10 + [429]
    assert sign_in_from(proxied, "198.51.100.4", email, PASSWORD) == 429


def test_signing_in_rightly_never_counts_towards_the_lock(proxied, accounts):
    statuses = [
        sign_in_from(proxied, f"203.0.113.{n}", "val@example.org", PASSWORD) for n in range(1, 13)
    ]
    assert statuses == [302] * 12


def test_other_accounts_are_not_locked_with_one(proxied, accounts):
    for n in range(1, 11):
        sign_in_from(proxied, f"203.0.113.{n}", "val@example.org", WRONG)
    statuses = [
        sign_in_from(proxied, f"198.51.100.{n}", f"person{n}@example.org", PASSWORD)
        for n in range(12)
    ]
    assert statuses == [302] * 12


def test_reset_links_are_limited_per_address_typed(proxied, accounts):
    client = proxied.test_client()
    statuses = [
        client.post(
            "/password/forgot",
            data={"email": "val@example.org"},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
        ).status_code
        for n in range(1, 5)
    ]
    assert statuses == [200, 200, 200, 429]


def test_wrong_passwords_are_counted_per_account_per_hour(app, accounts):
    client = app.test_client()
    start = datetime(2027, 3, 1, 9, 10, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(3):
            client.post("/sign-in", data={"email": "val@example.org", "password": WRONG})
            clock.shift(timedelta(minutes=10))
        client.post("/sign-in", data={"email": "nobody@example.org", "password": WRONG})
        clock.move_to(datetime(2027, 3, 1, 10, 0, tzinfo=UTC))
        client.post("/sign-in", data={"email": "val@example.org", "password": WRONG})
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "account.sign_in_failed")
            .order_by(AuditEvent.id)
        ).all()
        assert [(e.summary, e.details["count"]) for e in events] == [
            ("3 failed sign-ins for val@example.org since 09:00 UTC", 3),
            ("1 failed sign-in for val@example.org since 10:00 UTC", 1),
        ]


def test_an_unknown_address_costs_the_same_argon2_check(app, client, accounts, monkeypatch):
    """The same work (one Argon2 verification) and the same page for an address with and
    without an account, so neither the answer nor its time tells them apart."""
    checks = []
    real_verify = PasswordHasher.verify

    def counted(self, hash, password):
        checks.append(hash.split("$")[3])  # the parameters: m=...,t=...,p=...
        return real_verify(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counted)
    known = client.post("/sign-in", data={"email": "val@example.org", "password": WRONG})
    unknown = client.post("/sign-in", data={"email": "no-one@example.org", "password": WRONG})
    assert len(checks) == 2
    assert checks[0] == checks[1]  # the dummy hash has the real one's cost
    assert known.status_code == unknown.status_code == 200
    assert known.text.replace("val@example.org", "no-one@example.org") == unknown.text
