"""``icv accounts``: what the office's IT does before anyone can sign in.

A new deployment has no account, and accounts are made only by invitation from someone signed
in: ``icv accounts invite-admin`` makes the first administrator (or a replacement, if every
administrator has left), who then invites everyone else from the web.
"""

from __future__ import annotations

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import with_appcontext

from icv.accounts.roles import Role
from icv.accounts.services import AccountError, invite
from icv.accounts.tokens import Purpose, make_token
from icv.extensions import db
from icv.notifications.services import external_url


@click.group("accounts")
def accounts_command() -> None:
    """Accounts made from the command line (the first administrator)."""


@accounts_command.command("invite-admin")
@click.argument("email")
@click.option("--name", required=True, help="Their full name, as shown in icv.")
@with_appcontext
def invite_admin(email: str, name: str) -> None:
    """Invite EMAIL as an administrator: the invitation is mailed, and its link printed too
    (valid for ICV_TOKEN_HOURS, used once) in case the mail is not set up yet."""
    try:
        address = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise click.ClickException(f"{email!r} is not an email address: {error}") from None
    if not name.strip():
        raise click.ClickException("Give their full name with --name")
    try:
        user = invite(None, email=address, name=name, roles={Role.ADMIN})
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    link = external_url("accounts.accept_invitation", token=make_token(user, Purpose.INVITE))
    db.session.commit()
    click.echo(f"Invited {user.name} <{user.email}> as an administrator.")
    click.echo("The invitation is in the outbox (the scheduler sends it). Its link, to hand over")
    click.echo(f"if the mail does not arrive: {link}")
