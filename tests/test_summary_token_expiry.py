"""API tokens expire (a year unless chosen shorter, shown), are revoked by a password reset and
a deactivation, and an administrator can list and revoke anyone's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from icv.accounts.models import User
from icv.accounts.services import deactivate, set_password
from icv.extensions import db
from icv.summary.models import ApiToken
from icv.summary.services import create_token
from tests.factories import make_user

MADE = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def make_token(app, owner_id: int, days: int = 365) -> str:
    with app.app_context(), time_machine.travel(MADE, tick=False):
        _, token = create_token(db.session.get(User, owner_id), "Panel papers", days)
        db.session.commit()
        return token


def answers(client, token: str, at: datetime) -> int:
    with time_machine.travel(at, tick=False):
        return client.get("/api/v1/summary/2026", headers=bearer(token)).status_code


def test_a_token_works_for_a_year_and_not_a_moment_more(app, client, personas):
    token = make_token(app, personas["commissioner"])
    with app.app_context():
        assert db.session.scalars(select(ApiToken.expires_at)).one() == MADE + timedelta(days=365)
    year_on = MADE + timedelta(days=365)
    assert answers(client, token, year_on - timedelta(seconds=1)) != 401
    assert answers(client, token, year_on) == 401


def test_the_owner_chooses_a_shorter_life_and_sees_when_it_ends(app, login, personas):
    commissioner = login("commissioner")
    response = commissioner.post("/summary/api-tokens", data={"name": "Panel", "days": "30"})
    assert response.status_code == 201
    with app.app_context():
        made = db.session.scalars(select(ApiToken)).one()
        assert made.expires_at - made.created_at == timedelta(days=30)
        shown = f"{made.expires_at.astimezone(UTC):%Y}"
    page = commissioner.get("/summary/api-tokens").text
    assert "Expires" in page
    assert shown in page


def test_a_password_reset_and_a_deactivation_revoke_the_owners_tokens(app, client, personas):
    commissioner, coordinator = personas["commissioner"], personas["coordinator"]
    first = make_token(app, commissioner)
    second = make_token(app, coordinator)
    with app.app_context():
        owner = db.session.get(User, commissioner)
        set_password(None, owner, "a much longer passphrase", action="account.password_reset")
        deactivate(make_user("boss@example.org"), db.session.get(User, coordinator))
        db.session.commit()
        assert all(t.revoked_at is not None for t in db.session.scalars(select(ApiToken)))
    assert client.get("/api/v1/summary/2026", headers=bearer(first)).status_code == 401
    assert client.get("/api/v1/summary/2026", headers=bearer(second)).status_code == 401


def test_changing_ones_own_password_keeps_the_tokens(app, personas):
    make_token(app, personas["commissioner"])
    with app.app_context():
        owner = db.session.get(User, personas["commissioner"])
        set_password(owner, owner, "a much longer passphrase", action="account.password_changed")
        db.session.commit()
        assert db.session.scalars(select(ApiToken.revoked_at)).one() is None


def test_an_administrator_lists_and_revokes_anyones_token(app, login, personas):
    token = make_token(app, personas["commissioner"])
    admin = login("admin")
    page = admin.get("/summary/api-tokens/everyone").text
    assert "Panel papers" in page
    assert "com@example.org" in page or "commissioner" in page.lower()
    with app.app_context():
        token_id = db.session.scalars(select(ApiToken.id)).one()
    response = admin.post(f"/summary/api-tokens/everyone/{token_id}/revoke")
    assert response.headers["Location"] == "/summary/api-tokens/everyone"
    assert app.test_client().get("/api/v1/summary/2026", headers=bearer(token)).status_code == 401


def test_only_an_administrator_sees_everyones_tokens(login, personas):
    assert login("coordinator").get("/summary/api-tokens/everyone").status_code == 403
