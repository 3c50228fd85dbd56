"""Account management by administrators and coordinators; audit log and settings pages."""

from __future__ import annotations

import re

from sqlalchemy import select

from icv.accounts.models import SecondFactor, User
from icv.accounts.roles import Role
from icv.admin.routes import ACCOUNTS_PAGE_SIZE, OUTBOX_PAGE_SIZE
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.notifications.models import OutboxMessage
from icv.suites.models import Suite
from tests.conftest import sign_in
from tests.factories import make_suite, make_user
from tests.mail import outbox
from tests.statements import statements


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
            "pence_per_mile": "45",
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
    refused = client.get("/admin/audit?start=not-a-date")
    assert refused.status_code == 400
    assert "Enter the from date as year-month-day, like 2026-11-01" in refused.text


def test_settings_change_the_header(app, login, personas):
    client = login("admin")
    response = client.post(
        "/admin/settings",
        data={
            "scheme_name": "Kent ICV",
            "office_name": "OPCC Kent",
            "contact_email": "icv@kent.example",
            "pence_per_mile": "45",
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


def test_the_audit_names_the_type_of_an_account_changed_by_its_owner(app, login, personas):
    """``current_user`` (a proxy) passed as the record changed is logged as the account."""
    volunteer = login("volunteer")
    volunteer.post("/account", data={"name": "Val Renamed", "phone": "07700 900123"})
    with app.app_context():
        event = db.session.scalars(select(AuditEvent)).one()
        assert (event.action, event.object_type, event.object_id) == (
            "account.updated",
            "user",
            str(personas["volunteer"]),
        )
    volunteer.post("/sign-out")
    page = login("admin").get("/admin/audit").text
    assert f'<td class="govuk-table__cell">user {personas["volunteer"]}</td>' in page
    assert "localproxy" not in page


def test_the_account_list_links_only_to_accounts_the_viewer_may_open(app, login, personas):
    import re

    client = login("coordinator")
    page = client.get("/admin/accounts").text
    linked = re.findall(r'href="/admin/accounts/(\d+)"', page)
    # Volunteers and the liaison: a coordinator grants those roles, so opens their accounts.
    expected = {personas[p] for p in ("volunteer", "volunteer2", "liaison")}
    assert {int(user_id) for user_id in linked} == expected
    assert all(client.get(f"/admin/accounts/{user_id}").status_code == 200 for user_id in linked)
    for persona in ("admin", "commissioner", "coordinator"):
        name = db_name(app, personas[persona])
        assert f'<td class="govuk-table__cell">{name}</td>' in page
        assert client.get(f"/admin/accounts/{personas[persona]}").status_code == 403
    admin = app.test_client()
    sign_in(admin, "alex@example.org")
    every = re.findall(r'href="/admin/accounts/(\d+)"', admin.get("/admin/accounts").text)
    assert {int(user_id) for user_id in every} == set(personas.values())


def db_name(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).name


def test_deactivating_asks_first_on_a_page_of_its_own(app, login, personas):
    client = login("admin")
    account_page = client.get(f"/admin/accounts/{personas['volunteer']}").text
    confirm = f"/admin/accounts/{personas['volunteer']}/deactivate"
    # A link to the question, not a button that acts at once.
    assert f'href="{confirm}">Deactivate account</a>' in account_page
    assert f'action="{confirm}"' not in account_page
    page = client.get(confirm)
    assert page.status_code == 200
    assert '<h1 class="govuk-heading-l">Deactivate Val Person\u2019s account?</h1>' in page.text
    assert f'<form method="post" action="{confirm}" novalidate>' in page.text
    assert f'href="/admin/accounts/{personas["volunteer"]}">Cancel</a>' in page.text
    with app.app_context():
        assert account("val@example.org").is_active  # asking changed nothing
        assert db.session.scalars(select(AuditEvent)).all() == []
    response = client.post(confirm)
    assert response.headers["Location"] == f"/admin/accounts/{personas['volunteer']}"
    with app.app_context():
        assert account("val@example.org").is_active is False
    # Already done, or their own: the question is not asked, the reason is shown.
    again = client.get(confirm, follow_redirects=True)
    assert "This account is already deactivated" in again.text
    own = client.get(f"/admin/accounts/{personas['admin']}/deactivate", follow_redirects=True)
    assert "You cannot deactivate your own account" in own.text
    assert client.get(f"/admin/accounts/{personas['admin']}/reactivate").status_code == 405


def test_resetting_a_second_factor_asks_first(app, login, personas):
    client = login("admin")
    confirm = f"/admin/accounts/{personas['commissioner']}/reset-second-factor"
    assert (
        f'href="{confirm}">Reset second factor</a>'
        in client.get(confirm[: -len("/reset-second-factor")]).text
    )
    page = client.get(confirm)
    assert page.status_code == 200
    assert "Reset Pat Person\u2019s second factor?" in page.text
    with app.app_context():
        assert db.session.get(SecondFactor, personas["commissioner"]) is not None
        assert outbox() == []
    assert client.post(confirm).status_code == 302
    with app.app_context():
        assert db.session.get(SecondFactor, personas["commissioner"]) is None
    gone = client.get(confirm, follow_redirects=True)
    assert "This person has not set up a second factor" in gone.text
    client.post("/sign-out")
    coordinator = login("coordinator")
    assert (
        coordinator.get(f"/admin/accounts/{personas['liaison']}/reset-second-factor").status_code
        == 403
    )
    assert coordinator.get(f"/admin/accounts/{personas['admin']}/deactivate").status_code == 403


def test_the_audit_log_comes_fifty_events_a_page(app, login):
    from icv.audit.services import record

    with app.app_context():
        for n in range(51):
            record(None, "test.paged", "settings", f"Paged event {n:02}")
        db.session.commit()
    client = login("admin")
    first = client.get("/admin/audit?action=test.paged").text
    assert "51 events" in first
    assert first.count("Paged event") == 50
    assert 'href="/admin/audit?action=test.paged&amp;page=2" rel="next"' in first
    assert 'rel="prev"' not in first
    second = client.get("/admin/audit?action=test.paged&page=2").text
    assert second.count("Paged event") == 1
    assert 'href="/admin/audit?action=test.paged&amp;page=1" rel="prev"' in second
    assert 'rel="next"' not in second
    # Past the end: no events and a way back; not a number or below 1: the first page.
    beyond = client.get("/admin/audit?action=test.paged&page=5")
    assert beyond.status_code == 200
    assert "No events match." in beyond.text
    assert 'href="/admin/audit?action=test.paged&amp;page=4" rel="prev"' in beyond.text
    for odd in ("x", "0", "-3"):
        page = client.get(f"/admin/audit?action=test.paged&page={odd}").text
        assert page.count("Paged event") == 50
        assert 'rel="prev"' not in page


def test_the_outbox_comes_a_page_at_a_time_newest_first_with_its_filter(app, login):
    """It showed the latest 200 and no more."""
    with app.app_context():
        for n in range(OUTBOX_PAGE_SIZE + 1):
            status = "failed" if n % 2 else "sent"
            db.session.add(
                OutboxMessage(
                    kind="test",
                    to_address="a@example.org",
                    subject=f"Mail {n:02}",
                    body_text="Hello",
                    status=status,
                )
            )
        db.session.commit()
    admin = login("admin")
    subjects = r">Mail (\d+)</a>"
    first = admin.get("/admin/outbox").text
    assert re.findall(subjects, first) == [f"{n:02}" for n in range(OUTBOX_PAGE_SIZE, 0, -1)]
    assert "51 messages, newest first: 1 to 50" in first
    assert 'href="/admin/outbox?page=2" rel="next"' in first
    assert re.findall(subjects, admin.get("/admin/outbox?page=2").text) == ["00"]
    failed = admin.get("/admin/outbox?status=failed").text
    assert "25 messages, newest first</caption>" in failed
    assert "Pages of messages" not in failed
    sent = admin.get("/admin/outbox?status=sent").text
    assert "26 messages, newest first</caption>" in sent
    assert admin.get("/admin/outbox?status=sent&page=2").status_code == 404


def test_the_accounts_come_a_page_at_a_time_by_name_with_their_filter(app, login, personas):
    """Every account was on one page (410 ms at a national scale); the roles come with the page."""
    with app.app_context():
        for n in range(ACCOUNTS_PAGE_SIZE):
            make_user(
                email=f"v{n:02}@example.org", name=f"Volunteer {n:02}", roles={Role.VOLUNTEER}
            )
        db.session.commit()
    admin = login("admin")
    total = ACCOUNTS_PAGE_SIZE + len(personas)  # all active
    first = admin.get("/admin/accounts").text
    assert f"{total} accounts: 1 to {ACCOUNTS_PAGE_SIZE}</caption>" in first
    assert 'href="/admin/accounts?page=2&amp;status=active" rel="next"' in first
    second = admin.get("/admin/accounts?page=2&status=active").text
    # By name: the six personas (Alex to Val) and Volunteer 00 to 43 on the first page.
    assert re.findall(r">(Volunteer \d\d)</a>", second) == [f"Volunteer {n}" for n in range(44, 50)]
    volunteers = admin.get("/admin/accounts?role=volunteer").text
    assert f"{ACCOUNTS_PAGE_SIZE + 2} accounts: 1 to {ACCOUNTS_PAGE_SIZE}</caption>" in volunteers
    assert 'href="/admin/accounts?page=2&amp;status=active&amp;role=volunteer"' in volunteers
    assert admin.get("/admin/accounts?status=deactivated&page=2").status_code == 404
    with statements(app) as sent:
        admin.get("/admin/accounts?page=2&status=active")
    with statements(app) as sent_first:
        admin.get("/admin/accounts")
    assert len(sent) == len(sent_first)
