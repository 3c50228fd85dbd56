"""Account management by administrators and coordinators; audit log and settings pages."""

from __future__ import annotations

from sqlalchemy import select

from icv.accounts.models import User
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.suites.models import Suite
from tests.conftest import sign_in
from tests.factories import make_suite, make_user
from tests.mail import outbox


def account(email: str) -> User:
    return db.session.scalars(User.by_email(email)).one()


def test_a_coordinator_invites_a_volunteer(app, login):
    client = login("coordinator")
    response = client.post(
        "/admin/accounts/new",
        data={"name": "Nia New", "email": "nia@example.org", "roles": ["volunteer"]},
    )
    with app.app_context():
        user = account("nia@example.org")
        assert response.headers["Location"] == f"/admin/accounts/{user.id}"
        assert user.roles == {"volunteer"}
        assert [m.to_address for m in outbox("invitation")] == ["nia@example.org"]
        event = db.session.scalars(select(AuditEvent)).one()
        assert (event.action, event.actor.email) == ("account.invited", "chris@example.org")


def test_a_coordinator_cannot_grant_office_roles_or_touch_an_admin(app, login, personas):
    client = login("coordinator")
    response = client.post(
        "/admin/accounts/new",
        data={"name": "Ed Evil", "email": "ed@example.org", "roles": ["admin"]},
    )
    assert response.status_code == 200
    assert "Choose only from the options shown" in response.text
    assert client.get(f"/admin/accounts/{personas['admin']}").status_code == 403
    assert client.post(f"/admin/accounts/{personas['admin']}/deactivate").status_code == 403
    with app.app_context():
        assert db.session.scalars(User.by_email("ed@example.org")).first() is None
        assert account("alex@example.org").is_active


def test_inviting_explains_bad_input_and_keeps_what_was_typed(app, login, personas):
    client = login("admin")
    response = client.post("/admin/accounts/new", data={"name": "", "email": "nope", "roles": []})
    assert "Enter a name" in response.text
    assert "Enter an email address in the correct format" in response.text
    assert "Select at least one role" in response.text
    assert 'value="nope"' in response.text
    response = client.post(
        "/admin/accounts/new",
        data={"name": "Val Again", "email": "VAL@example.org", "roles": ["volunteer"]},
    )
    assert "An account with this email address already exists" in response.text
    assert 'value="Val Again"' in response.text
    response = client.post(
        "/admin/accounts/new",
        data={"name": "x" * 121, "email": "long@example.org", "roles": ["volunteer"]},
    )
    assert "Name must be 120 characters or fewer" in response.text
    with app.app_context():
        assert outbox() == []


def test_an_admin_changes_a_liaisons_suites(app, login, personas):
    with app.app_context():
        suite = make_suite()
        db.session.commit()
        suite_id = suite.id
    client = login("admin")
    response = client.post(
        f"/admin/accounts/{personas['liaison']}",
        data={
            "name": "Lee Liaison",
            "phone": "",
            "roles": ["liaison"],
            "suites": [str(suite_id)],
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = account("lee@example.org")
        assert user.roles == {"liaison"}
        assert [u.email for u in db.session.get(Suite, suite_id).liaisons] == ["lee@example.org"]
        event = db.session.scalars(select(AuditEvent)).one()
        assert event.details == {
            "name": ["Lee Person", "Lee Liaison"],
            "suites": [[], ["Leamington Spa"]],
        }
    liaison = app.test_client()
    sign_in(liaison, "lee@example.org")
    assert "Leamington Spa" in liaison.get("/").text


def test_an_admin_cannot_lock_themself_out(app, login, personas):
    client = login("admin")
    response = client.post(
        f"/admin/accounts/{personas['admin']}",
        data={"name": "Alex", "roles": ["coordinator"]},
    )
    assert "You cannot remove your own administrator role" in response.text
    response = client.post(f"/admin/accounts/{personas['admin']}/deactivate", follow_redirects=True)
    assert "You cannot deactivate your own account" in response.text
    with app.app_context():
        assert account("alex@example.org").roles == {"admin"}


def test_deactivate_reactivate_and_resend(app, login, personas):
    with app.app_context():
        pending = make_user("pending@example.org", password=None)
        db.session.commit()
        pending_id = pending.id
    client = login("admin")
    client.post(f"/admin/accounts/{personas['volunteer']}/deactivate")
    with app.app_context():
        assert account("val@example.org").is_active is False
    client.post(f"/admin/accounts/{personas['volunteer']}/reactivate")
    client.post(f"/admin/accounts/{pending_id}/resend")
    response = client.post(f"/admin/accounts/{personas['volunteer']}/resend", follow_redirects=True)
    assert "This person has already set a password" in response.text
    with app.app_context():
        assert account("val@example.org").is_active is True
        assert [m.to_address for m in outbox("invitation")] == ["pending@example.org"]
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions == [
            "account.deactivated",
            "account.reactivated",
            "account.invitation_resent",
        ]


def test_the_audit_log_filters(app, login, personas):
    client = login("admin")
    client.post(f"/admin/accounts/{personas['volunteer']}/deactivate")
    client.post(
        "/admin/settings",
        data={
            "scheme_name": "Kent ICV",
            "office_name": "OPCC Kent",
            "contact_email": "icv@kent.example",
        },
    )
    page = client.get("/admin/audit?action=account.deactivated").text
    assert "Deactivated val@example.org" in page
    assert "Changed scheme_name" not in page
    page = client.get("/admin/audit?who=alex").text
    assert "1 event" not in page
    assert "2 events" in page
    assert "0 events" in client.get("/admin/audit?start=2000-01-01&end=2000-01-02").text
    page = client.get("/admin/audit?start=2026-02-01&end=2026-01-01").text
    assert "The end date must be the same as or after the start date" in page
    assert client.get("/admin/audit?start=not-a-date").status_code == 200


def test_settings_change_the_header(app, login, personas):
    client = login("admin")
    response = client.post(
        "/admin/settings",
        data={
            "scheme_name": "Kent ICV",
            "office_name": "OPCC Kent",
            "contact_email": "icv@kent.example",
        },
    )
    assert response.headers["Location"] == "/admin/settings"
    assert '<a class="icv-header__name-link" href="/">Kent ICV</a>' in client.get("/").text
    response = client.post(
        "/admin/settings", data={"scheme_name": "", "office_name": "x", "contact_email": "bad"}
    )
    assert "Enter the scheme name" in response.text


def test_admins_read_mail_in_development_but_not_in_production(app, login, personas):
    client = login("admin")
    client.post(
        "/admin/accounts/new",
        data={"name": "Nia", "email": "nia@example.org", "roles": ["volunteer"]},
    )
    with app.app_context():
        message_id = outbox()[0].id
    assert "/invitation/" in client.get(f"/admin/outbox/{message_id}").text
    app.config["ICV_ENV"] = "production"
    try:
        page = client.get(f"/admin/outbox/{message_id}").text
    finally:
        app.config["ICV_ENV"] = "testing"
    assert "/invitation/" not in page
    assert "only shown on a development machine" in page
