"""``icv accounts invite-admin``: the first administrator of a new deployment."""

from __future__ import annotations

from sqlalchemy import select

from icv.accounts.models import User
from icv.accounts.roles import Role
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.notifications.models import OutboxMessage


def test_it_invites_an_administrator_and_prints_the_link(app, ctx):
    result = app.test_cli_runner().invoke(
        args=["accounts", "invite-admin", "Sam.Okafor@Example.org", "--name", " Sam Okafor "]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalars(select(User)).one()
    assert (user.email, user.name, user.has_password) == (
        "sam.okafor@example.org",
        "Sam Okafor",
        False,
    )
    assert user.held_roles == {Role.ADMIN}
    lines = result.output.splitlines()
    assert lines[0] == "Invited Sam Okafor <sam.okafor@example.org> as an administrator."
    link = lines[-1].rsplit(" ", 1)[-1]
    assert link.startswith("http://icv.test/invitation/")
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert (mail.kind, mail.to_address) == ("invitation", "sam.okafor@example.org")
    assert db.session.scalars(select(AuditEvent.action)).all() == ["account.invited"]
    client = app.test_client()
    assert client.get(link.removeprefix("http://icv.test")).status_code == 200


def test_a_second_invitation_of_the_same_address_is_one_line(app, ctx):
    runner = app.test_cli_runner()
    runner.invoke(args=["accounts", "invite-admin", "sam@example.org", "--name", "Sam"])
    result = runner.invoke(args=["accounts", "invite-admin", "SAM@example.org", "--name", "Sam"])
    assert result.exit_code == 1
    assert result.output == "Error: An account with this email address already exists\n"


def test_an_address_that_is_not_one_is_refused_in_one_line(app, ctx):
    result = app.test_cli_runner().invoke(
        args=["accounts", "invite-admin", "sam at example.org", "--name", "Sam"]
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: 'sam at example.org' is not an email address: An email address must have an "
        "@-sign.\n"
    )
    assert db.session.scalars(select(User)).all() == []
