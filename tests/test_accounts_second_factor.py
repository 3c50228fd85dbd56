"""The staff second factor through the test client: set up, codes, recovery codes, lock, reset."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
import time_machine
from sqlalchemy import select

from icv.accounts import second_factor as factors
from icv.accounts.access import SECOND_FACTOR_KEY
from icv.accounts.models import RecoveryCode, SecondFactor, User
from icv.accounts.roles import Role
from icv.audit.models import AuditEvent
from icv.extensions import db
from tests.conftest import app_config, dispose, sign_in
from tests.factories import PASSWORD, TOTP_SECRET, make_user
from tests.mail import outbox

#: 10:00:00 UTC (and in London in November): the start of a 30-second step.
NOW = dt.datetime(2026, 11, 24, 10, 0, 0, tzinfo=dt.UTC)
STEP = int(NOW.timestamp()) // 30


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def code_at(moment: dt.datetime, secret: str = TOTP_SECRET) -> str:
    return pyotp.TOTP(secret).at(moment)


def password_only(client, email: str, next_page: str | None = None):
    url = "/sign-in" + (f"?next={next_page}" if next_page else "")
    return client.post(url, data={"email": email, "password": PASSWORD})


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_staff_are_sent_to_the_code_page_and_see_no_staff_page_before_it(client, personas):
    response = password_only(client, "chris@example.org", "/volunteers")
    assert response.headers["Location"] == "/sign-in/code?next=/volunteers"
    response = client.get("/admin/accounts?status=all")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in/code?next=/admin/accounts?status%3Dall"
    assert client.get("/").headers["Location"] == "/sign-in/code?next=/"
    assert client.get("/account").headers["Location"] == "/sign-in/code?next=/account"
    page = client.get("/sign-in/code").text
    assert "Enter the code from your authenticator app" in page
    assert "Use a recovery code instead" in page
    assert 'aria-label="Menu"' not in page  # no navigation to pages that are not open yet


def test_a_volunteer_is_never_asked(client, personas):
    response = password_only(client, "val@example.org", "/account")
    assert response.headers["Location"] == "/account"
    assert client.get("/sign-in/code").headers["Location"] == "/"
    assert client.get("/sign-in/set-up-code").headers["Location"] == "/"
    assert client.get("/account").status_code == 200


def test_a_volunteer_who_is_also_staff_is_asked(app, client):
    with app.app_context():
        make_user("both@example.org", roles={Role.VOLUNTEER, Role.COORDINATOR})
        db.session.commit()
    assert password_only(client, "both@example.org").headers["Location"] == "/sign-in/code"
    assert client.get("/my-visits").headers["Location"] == "/sign-in/code?next=/my-visits"


def test_it_sets_up_with_a_wrong_then_a_right_code(app, client, frozen):
    with app.app_context():
        make_user("new@example.org", roles={Role.COORDINATOR}, enrolled=False)
        db.session.commit()
    password_only(client, "new@example.org", "/volunteers")
    response = client.get("/sign-in/code?next=/volunteers")
    assert response.headers["Location"] == "/sign-in/set-up-code?next=/volunteers"
    page = client.get("/sign-in/set-up-code?next=/volunteers").text
    with app.app_context():
        secret = db.session.scalars(select(SecondFactor.secret)).one()
    assert "Set up your second factor" in page
    assert '<svg role="img"' in page
    assert " ".join(re.findall(".{4}", secret)) in page
    assert client.get("/sign-in/set-up-code").text.count(secret[:4]) == 1  # the same key again

    wrong = str((int(code_at(NOW, secret)) + 1) % 1_000_000).zfill(6)
    response = client.post("/sign-in/set-up-code?next=/volunteers", data={"code": wrong})
    assert response.status_code == 200
    assert "The code is not correct. Enter the 6 digits your authenticator app shows now" in (
        response.text
    )
    assert f'value="{wrong}"' in response.text
    assert client.get("/volunteers").status_code == 302

    response = client.post(
        "/sign-in/set-up-code?next=/volunteers", data={"code": code_at(NOW, secret)}
    )
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", response.text)
    assert len(set(codes)) == 8
    assert 'href="/volunteers"' in response.text
    assert "I have saved these codes" in response.text
    assert client.get("/volunteers").status_code == 200
    with app.app_context():
        factor = db.session.scalars(select(SecondFactor)).one()
        assert (factor.enrolled_at, factor.last_used_step) == (NOW, STEP)
        hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
        assert len(hashes) == 8
        assert not set(codes) & set(hashes)  # stored hashed
        assert actions() == ["account.second_factor_enrolled"]


def test_a_code_is_refused_once_used(app, client, personas, frozen):
    password_only(client, "chris@example.org")
    assert client.post("/sign-in/code", data={"code": code_at(NOW)}).headers["Location"] == "/"
    client.post("/sign-out")
    password_only(client, "chris@example.org")
    response = client.post("/sign-in/code", data={"code": code_at(NOW)})
    assert response.status_code == 200
    assert "The code is not correct" in response.text
    frozen.shift(30)
    next_step = NOW + dt.timedelta(seconds=30)
    assert client.post("/sign-in/code", data={"code": code_at(next_step)}).status_code == 302
    with app.app_context():
        assert db.session.get(SecondFactor, personas["coordinator"]).last_used_step == STEP + 1


@pytest.mark.parametrize(
    ("offset", "accepted"), [(-60, False), (-30, True), (0, True), (30, True), (60, False)]
)
def test_it_accepts_one_step_of_drift_either_way(client, personas, frozen, offset, accepted):
    password_only(client, "pat@example.org")
    typed = code_at(NOW + dt.timedelta(seconds=offset))
    response = client.post("/sign-in/code", data={"code": f"{typed[:3]} {typed[3:]}"})
    assert response.status_code == (302 if accepted else 200)


def test_a_recovery_code_works_once(app, client, personas, frozen):
    with app.app_context():
        codes = factors.replace_recovery_codes(db.session.get(User, personas["liaison"]))
        db.session.commit()
    password_only(client, "lee@example.org", "/issues")
    assert "/sign-in/recovery-code?next=/issues" in client.get("/sign-in/code?next=/issues").text
    typed = " " + codes[2].upper().replace("-", " ") + " "
    response = client.post("/sign-in/recovery-code?next=/issues", data={"code": typed})
    assert response.headers["Location"] == "/issues"
    assert "You have 7 recovery codes left" in client.get("/issues").text
    client.post("/sign-out")
    password_only(client, "lee@example.org")
    response = client.post("/sign-in/recovery-code", data={"code": codes[2]})
    assert response.status_code == 200
    assert "The recovery code is not correct, or has been used already" in response.text
    with app.app_context():
        used = db.session.scalars(select(RecoveryCode).where(RecoveryCode.used_at.is_not(None)))
        assert [row.used_at for row in used] == [NOW]
        event = db.session.scalars(select(AuditEvent)).one()
        assert (event.action, event.details) == ("account.recovery_code_used", {"left": 7})


def test_ten_wrong_codes_in_a_row_lock_it_for_half_an_hour(app, client, personas, frozen):
    password_only(client, "alex@example.org")
    right = code_at(NOW)
    wrong = str((int(right) + 1) % 1_000_000).zfill(6)
    for _ in range(9):
        assert "The code is not correct" in client.post("/sign-in/code", data={"code": wrong}).text
    with app.app_context():
        assert db.session.get(SecondFactor, personas["admin"]).failed_attempts == 9
    client.post("/sign-in/recovery-code", data={"code": "abcde-fghjk"})  # the tenth
    response = client.post("/sign-in/code", data={"code": right})
    assert response.status_code == 200
    assert (
        "Too many wrong codes. Try again after 10:30, or ask an administrator to reset your "
        "second factor"
    ) in response.text
    with app.app_context():
        factor = db.session.get(SecondFactor, personas["admin"])
        assert factor.locked_until == NOW + dt.timedelta(minutes=30)
        assert actions() == ["account.second_factor_locked"]
    frozen.shift(dt.timedelta(minutes=30, seconds=1))
    assert (
        client.post(
            "/sign-in/code", data={"code": code_at(NOW + dt.timedelta(minutes=30))}
        ).headers["Location"]
        == "/"
    )


def test_an_admin_resets_a_second_factor(app, login, personas):
    coordinator = app.test_client()
    sign_in(coordinator, "chris@example.org")
    assert coordinator.get("/account").status_code == 200
    admin = login("admin")
    page = admin.get(f"/admin/accounts/{personas['coordinator']}").text
    assert "Authenticator app set up" in page
    response = admin.post(f"/admin/accounts/{personas['coordinator']}/reset-second-factor")
    assert response.headers["Location"] == f"/admin/accounts/{personas['coordinator']}"
    with app.app_context():
        assert db.session.get(SecondFactor, personas["coordinator"]) is None
        [mail] = outbox("second-factor-reset")
        assert mail.to_address == "chris@example.org"
        assert "http://icv.test/sign-in" in mail.body_text
        event = db.session.scalars(select(AuditEvent)).one()
        assert (event.action, event.actor_id, event.object_id) == (
            "account.second_factor_reset",
            personas["admin"],
            str(personas["coordinator"]),
        )
    # Signed out everywhere; the next sign-in sets up a new app.
    assert coordinator.get("/account").headers["Location"] == "/sign-in?next=%2Faccount"
    assert password_only(coordinator, "chris@example.org").headers["Location"] == "/sign-in/code"
    assert coordinator.get("/sign-in/code").headers["Location"] == "/sign-in/set-up-code"


def test_only_an_admin_resets_and_never_their_own(app, login, personas):
    coordinator = login("coordinator")
    response = coordinator.post(f"/admin/accounts/{personas['liaison']}/reset-second-factor")
    assert response.status_code == 403
    coordinator.post("/sign-out")
    admin = login("admin")
    response = admin.post(
        f"/admin/accounts/{personas['admin']}/reset-second-factor", follow_redirects=True
    )
    assert "You cannot reset your own second factor. Ask another administrator" in response.text
    with app.app_context():
        assert db.session.scalars(select(SecondFactor.user_id)).all() != []
        assert db.session.get(SecondFactor, personas["admin"]) is not None
        assert outbox() == []


def test_new_recovery_codes_need_a_current_code(app, login, personas, frozen):
    client = login("commissioner")
    assert "0 of 8 left" in client.get("/account").text
    frozen.shift(30)  # signing in used this step's code
    response = client.post("/account/recovery-codes", data={"code": "12345"})
    assert "Enter the 6-digit code from your authenticator app" in response.text
    response = client.post(
        "/account/recovery-codes", data={"code": code_at(NOW + dt.timedelta(seconds=30))}
    )
    codes = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", response.text)
    assert len(codes) == 8
    assert 'href="/account"' in response.text
    assert "8 of 8 left" in client.get("/account").text
    with app.app_context():
        assert actions() == ["account.recovery_codes_renewed"]


def test_changing_the_password_keeps_this_session_past_the_second_factor(login):
    client = login("coordinator")
    response = client.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.headers["Location"] == "/account"
    assert client.get("/volunteers").status_code == 200


def test_the_second_factor_is_bound_to_the_person_who_passed_it(login, client):
    login("coordinator")
    assert client.get("/volunteers").status_code == 200
    with client.session_transaction() as session:
        coordinators_mark = session[SECOND_FACTOR_KEY]
    client.post("/sign-out")
    password_only(client, "alex@example.org")
    with client.session_transaction() as session:  # the coordinator's mark in the admin's session
        session[SECOND_FACTOR_KEY] = coordinators_mark
    assert client.get("/volunteers").headers["Location"] == "/sign-in/code?next=/volunteers"


def test_the_code_page_is_rate_limited(strict_app, personas):
    strict_app.config["WTF_CSRF_ENABLED"] = False
    client = strict_app.test_client()
    password_only(client, "chris@example.org")
    statuses = [
        client.post("/sign-in/code", data={"code": "000000"}).status_code for _ in range(11)
    ]
    assert statuses == [200] * 10 + [429]


def test_it_can_be_switched_off(database_url, app, personas):
    relaxed = create_relaxed_app(database_url)
    client = relaxed.test_client()
    assert password_only(client, "chris@example.org").headers["Location"] == "/"
    assert client.get("/volunteers").status_code == 200
    dispose(relaxed)


def create_relaxed_app(database_url: str):
    from icv import create_app

    return create_app(app_config(database_url, ICV_STAFF_SECOND_FACTOR=False))


def test_a_code_in_full_width_digits_is_read_and_other_scripts_digits_are_refused(
    client, personas, frozen
):
    password_only(client, "chris@example.org")
    response = client.post("/sign-in/code", data={"code": "٣٣٣٣٣٣"})  # Arabic-Indic digits
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter the 6-digit code from your authenticator app" in response.text
    full_width = code_at(NOW).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    assert client.post("/sign-in/code", data={"code": full_width}).headers["Location"] == "/"


def test_wrong_codes_are_counted_in_the_database_not_from_a_stale_copy(app, personas, frozen):
    """Requests racing each other each hold the row as it was when they read it: the count
    and the lock must come from the database."""
    with app.app_context():
        user = db.session.get(User, personas["admin"])
        stale = db.session.get(SecondFactor, user.id)
        assert stale.failed_attempts == 0
        with db.engine.begin() as other_request:  # nine wrong codes meanwhile
            other_request.execute(
                SecondFactor.__table__.update()
                .where(SecondFactor.user_id == user.id)
                .values(failed_attempts=9)
            )
        with pytest.raises(factors.CodeError):
            factors.check_code(user, "000000" if code_at(NOW) != "000000" else "111111", NOW)
        db.session.commit()
        factor = db.session.get(SecondFactor, user.id)
        assert (factor.failed_attempts, factor.locked_until) == (0, NOW + dt.timedelta(minutes=30))
        assert actions() == ["account.second_factor_locked"]


def test_a_right_code_does_not_lift_a_lock_set_meanwhile(app, personas, frozen):
    with app.app_context():
        user = db.session.get(User, personas["admin"])
        factor = db.session.get(SecondFactor, user.id)
        assert factor.locked_until is None
        with db.engine.begin() as other_request:
            other_request.execute(
                SecondFactor.__table__.update()
                .where(SecondFactor.user_id == user.id)
                .values(locked_until=NOW + dt.timedelta(minutes=30))
            )
        with pytest.raises(factors.CodeError):
            factors.check_code(user, code_at(NOW), NOW)
        db.session.commit()
        assert db.session.get(SecondFactor, user.id).locked_until == NOW + dt.timedelta(minutes=30)


def test_something_that_cannot_be_a_recovery_code_counts_as_wrong(app, client, personas, frozen):
    password_only(client, "lee@example.org")
    response = client.post("/sign-in/recovery-code", data={"code": "!!"})
    assert "The recovery code is not correct, or has been used already" in response.text
    with app.app_context():
        assert db.session.get(SecondFactor, personas["liaison"]).failed_attempts == 1
