"""Invitation, sign-in, reset and deactivation, through the test client."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from icv.accounts.models import User
from icv.accounts.roles import Role
from icv.accounts.services import invite
from icv.audit.models import AuditEvent
from icv.extensions import db
from tests.conftest import sign_in
from tests.factories import PASSWORD, make_user
from tests.mail import link_path, outbox

NEW_PASSWORD = "a much longer passphrase"


@pytest.fixture
def invited(app):
    """An invited volunteer and the path of their invitation link."""
    with app.app_context():
        user = invite(
            None, email="New.Person@Example.org ", name="New Person", roles={Role.VOLUNTEER}
        )
        db.session.commit()
        [message] = outbox("invitation")
        return user.id, link_path(message)


def test_it_invites_by_email_with_a_link(app, invited):
    user_id, path = invited
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.email == "new.person@example.org"
        assert user.password_hash is None
        [message] = outbox("invitation")
        assert message.to_address == "new.person@example.org"
        assert message.subject == "You have been invited to Independent Custody Visiting Scheme"
        assert path.startswith("/invitation/")
        assert [e.action for e in db.session.scalars(select(AuditEvent))] == ["account.invited"]


def test_it_sets_the_password_from_the_invitation_and_signs_in(app, client, invited):
    _, path = invited
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Hello, New" in client.get("/").text
    client.post("/sign-out")
    assert sign_in(client, "new.person@example.org", NEW_PASSWORD).status_code == 302


def test_it_refuses_a_reused_invitation(client, invited):
    _, path = invited
    client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    client.post("/sign-out")
    response = client.get(path)
    assert response.status_code == 400
    assert "This invitation has already been accepted" in response.text


def test_it_refuses_an_expired_invitation(client, invited):
    _, path = invited
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=73)):
        response = client.get(path)
    assert response.status_code == 400
    assert "This link has expired." in response.text


def test_it_refuses_a_tampered_invitation(client, invited):
    _, path = invited
    response = client.get(path[:-3] + ("abc" if not path.endswith("abc") else "xyz"))
    assert response.status_code == 400
    assert "This link is not valid" in response.text


def test_it_explains_a_weak_or_mismatched_password_and_keeps_the_invitation(client, invited):
    _, path = invited
    response = client.post(path, data={"password": "short", "confirm": "short"})
    assert response.status_code == 200
    assert "Password must be 10 characters or more" in response.text
    assert 'href="#password"' in response.text  # the error summary links to the field
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert "The passwords do not match" in response.text
    too_long = "x1y2" * 40
    response = client.post(path, data={"password": too_long, "confirm": too_long})
    assert "Password must be 128 characters or fewer" in response.text
    assert client.get(path).status_code == 200


def test_it_signs_in_and_rejects_a_wrong_password(app, client):
    with app.app_context():
        make_user("val@example.org")
        db.session.commit()
    response = sign_in(client, "val@example.org", "wrong password")
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.text
    response = sign_in(client, " VAL@example.org", PASSWORD)
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalars(User.by_email("val@example.org")).one()
        assert user.last_login_at is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "password": ""}, "Enter an email address"),
        (
            {"email": "not-an-email", "password": "x"},
            "Enter an email address in the correct format",
        ),
        ({"email": "a" * 250 + "@example.org", "password": "x"}, "254 characters or fewer"),
        ({"email": "val@example.org", "password": ""}, "Enter your password"),
    ],
)
def test_it_explains_bad_sign_in_input(client, data, message):
    response = client.post("/sign-in", data=data)
    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text


def test_it_only_follows_next_links_on_this_site(app, client):
    with app.app_context():
        make_user("val@example.org")
        db.session.commit()
    response = client.post(
        "/sign-in?next=https://evil.example/",
        data={"email": "val@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/"
    client.post("/sign-out")
    response = client.post(
        "/sign-in?next=/account", data={"email": "val@example.org", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/account"


def test_it_resets_a_password_by_email(app, client):
    with app.app_context():
        make_user("val@example.org")
        db.session.commit()
    response = client.post("/password/forgot", data={"email": "val@example.org"})
    assert "Check your email" in response.text
    with app.app_context():
        [message] = outbox("password-reset")
        path = link_path(message)
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.headers["Location"] == "/sign-in"
    assert sign_in(client, "val@example.org", PASSWORD).status_code == 200
    assert sign_in(client, "val@example.org", NEW_PASSWORD).status_code == 302
    client.post("/sign-out")
    assert client.get(path).status_code == 400  # used once only


def test_it_gives_the_same_answer_for_an_unknown_email(app, client):
    with app.app_context():
        make_user("val@example.org")
        db.session.commit()
    known = client.post("/password/forgot", data={"email": "val@example.org"}).text
    unknown = client.post("/password/forgot", data={"email": "nobody@example.org"}).text
    assert known.replace("val@example.org", "X") == unknown.replace("nobody@example.org", "X")
    with app.app_context():
        assert [m.to_address for m in outbox()] == ["val@example.org"]


def test_it_keeps_a_deactivated_account_out(app, client, login):
    with app.app_context():
        user = make_user("dee@example.org")
        db.session.commit()
        user_id = user.id
    admin = login("admin")
    other = app.test_client()
    sign_in(other, "dee@example.org")
    assert other.get("/account").status_code == 200
    response = admin.post(f"/admin/accounts/{user_id}/deactivate")
    assert response.status_code == 302
    # The open session ends at once, and signing in again is refused with a reason.
    assert other.get("/account").status_code == 302
    response = sign_in(other, "dee@example.org")
    assert "This account has been deactivated" in response.text
    other.post("/password/forgot", data={"email": "dee@example.org"})
    with app.app_context():
        assert outbox("password-reset") == []


def test_it_changes_a_password_and_ends_other_sessions(app, login):
    client = login("volunteer")
    other = app.test_client()
    sign_in(other, "val@example.org")
    response = client.post(
        "/account/password",
        data={"current": "wrong", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert "Your current password is not correct" in response.text
    response = client.post(
        "/account/password",
        data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.headers["Location"] == "/account"
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302


def test_it_updates_own_details_with_an_audit_row(app, login):
    client = login("volunteer")
    response = client.post("/account", data={"name": "  Val   Visitor ", "phone": "07700 900123"})
    assert response.headers["Location"] == "/account"
    response = client.post("/account", data={"name": "", "phone": "x" * 41})
    assert "Enter a name" in response.text
    assert "Phone number must be 40 characters or fewer" in response.text
    with app.app_context():
        user = db.session.scalars(User.by_email("val@example.org")).one()
        assert (user.name, user.phone) == ("Val Visitor", "07700 900123")
        event = db.session.scalars(select(AuditEvent)).one()
        assert event.actor_id == user.id
        assert event.details["phone"] == [None, "07700 900123"]


def test_sign_out_needs_a_post(login):
    client = login("volunteer")
    assert client.get("/sign-out").status_code == 405
    assert client.get("/account").status_code == 200
