"""The summary's receivers of other areas' signals (icv/summary/listeners.py)."""

from __future__ import annotations

from sqlalchemy import select

from icv.accounts.models import User
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.signals import account_access_ended
from icv.summary.models import ApiToken
from icv.summary.services import create_token


def test_an_account_whose_access_ended_loses_its_api_tokens_and_no_one_elses(ctx, personas):
    owner = db.session.get(User, personas["commissioner"])
    other = db.session.get(User, personas["coordinator"])
    create_token(owner, "Panel papers")
    create_token(other, "Other")
    db.session.flush()

    account_access_ended.send(user=owner, actor=other, why="account deactivated")
    db.session.flush()

    live = {t.name: t.revoked_at is None for t in db.session.scalars(select(ApiToken))}
    assert live == {"Panel papers": False, "Other": True}
    revoked = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "api_token.revoked")
    ).one()
    assert (revoked.actor_id, revoked.summary) == (
        None,
        f"API token \u201cPanel papers\u201d of {owner.email} revoked (account deactivated)",
    )
