"""Secrets at rest: a copy of the database alone opens no second factor, and the database
file is private from the moment it exists (issue 18, item 3)."""

from __future__ import annotations

import os

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text

from icv import create_app
from icv.accounts.models import SecondFactor
from icv.applications.services import set_stage
from icv.applications.stages import Stage
from icv.audit.models import AuditEvent
from icv.extensions import db
from tests.conftest import TEST_ENCRYPTION_KEY, app_config, dispose, reset_schema
from tests.factories import TOTP_SECRET, make_application, make_user
from tests.mail import outbox

NEW_KEY = Fernet.generate_key().decode()


def stored_secret() -> str:
    """The second factor's key as the database holds it (not through the model)."""
    return db.session.execute(text("SELECT secret FROM second_factors")).scalar_one()


@pytest.fixture
def keys(app):
    """Change ICV_ENCRYPTION_KEY for one test; the session's app gets its own back."""

    def use(value: str) -> None:
        app.config["ICV_ENCRYPTION_KEY"] = value

    yield use
    app.config["ICV_ENCRYPTION_KEY"] = TEST_ENCRYPTION_KEY


def test_a_second_factor_key_is_stored_encrypted(ctx):
    make_user(email="chris@example.org", roles={"coordinator"})
    db.session.commit()
    stored = stored_secret()
    assert TOTP_SECRET not in stored
    assert Fernet(TEST_ENCRYPTION_KEY).decrypt(stored.encode()).decode() == TOTP_SECRET
    db.session.expire_all()
    assert db.session.scalars(select(SecondFactor.secret)).one() == TOTP_SECRET


def test_rotation_re_encrypts_with_the_first_key_and_the_old_one_can_go(app, ctx, keys):
    make_user(email="chris@example.org", roles={"coordinator"})
    db.session.commit()
    keys(f"{NEW_KEY},{TEST_ENCRYPTION_KEY}")
    result = app.test_cli_runner().invoke(args=["secrets", "rotate"])
    assert (result.exit_code, result.output) == (
        0,
        "secrets: 1 second-factor keys re-encrypted with the first key\n",
    )
    assert Fernet(NEW_KEY).decrypt(stored_secret().encode()).decode() == TOTP_SECRET
    keys(NEW_KEY)  # the old key dropped from the setting
    db.session.expire_all()
    assert db.session.scalars(select(SecondFactor.secret)).one() == TOTP_SECRET
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "secrets.rotated"))
    assert (event.actor_id, event.details) == (None, {"count": 1})


def test_rotation_without_the_old_key_changes_nothing(app, ctx, keys):
    make_user(email="chris@example.org", roles={"coordinator"})
    db.session.commit()
    before = stored_secret()
    keys(NEW_KEY)  # the old key dropped too early
    result = app.test_cli_runner().invoke(args=["secrets", "rotate"])
    assert result.exit_code == 1
    assert result.stderr == (
        "icv: a stored secret opens with no key in ICV_ENCRYPTION_KEY; nothing was changed\n"
    )
    db.session.rollback()
    assert stored_secret() == before


def test_the_database_file_is_private_from_the_start(tmp_path):
    old = os.umask(0)  # nothing masked: the mode is the one the code asks for
    try:
        path = tmp_path / "new.sqlite"
        fresh = create_app(app_config(f"sqlite:///{path}"))
        assert (path.stat().st_mode & 0o777, path.stat().st_size) == (0o600, 0)
        reset_schema(fresh)  # every migration, as `icv db upgrade` runs them
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.stat().st_size > 0
        dispose(fresh)
    finally:
        os.umask(old)


def test_a_missing_key_is_said_in_one_line(app, ctx, keys):
    app.test_cli_runner().invoke(args=["demo"])
    keys(NEW_KEY)  # not the key the demo's second factors were encrypted with
    result = app.test_cli_runner().invoke(args=["demo", "code"])
    assert (result.exit_code, result.stderr) == (
        1,
        "icv: a stored secret opens with no key in ICV_ENCRYPTION_KEY; was a key dropped "
        "before `icv secrets rotate` had re-encrypted everything with it?\n",
    )


def test_a_stage_update_points_to_the_first_mail_without_a_link(ctx):
    """Only the link's hash is kept, so a later mail cannot repeat it (a new one would end
    the link the applicant already has)."""
    application = make_application(status_token="the-first-link")
    before = application.status_token_hash
    set_stage(None, application, Stage.SCREENED)
    db.session.flush()
    [mail] = outbox("application-update")
    assert "/apply/status/" not in mail.body_text + mail.body_html
    assert "the private link in the email we sent when you applied" in mail.body_text
    assert application.status_token_hash == before
