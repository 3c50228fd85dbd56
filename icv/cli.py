"""The ``icv`` command (also ``flask --app icv``)."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from icv.config import ConfigError
from icv.rota.cli import rota


def main() -> None:
    """Entry point of the ``icv`` console script."""
    from icv import create_app

    try:
        app = create_app()  # read the configuration once, up front, to report it cleanly
    except ConfigError as error:
        click.echo(f"icv: configuration error: {error}", err=True)
        sys.exit(2)
    group = FlaskGroup(create_app=lambda: app, add_default_commands=False, help=__doc__)
    group(prog_name="icv")


def register(app: Flask) -> None:
    app.cli.add_command(serve)
    app.cli.add_command(demo)
    app.cli.add_command(outbox)
    app.cli.add_command(applications)
    app.cli.add_command(rota)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@with_appcontext
def serve(host: str, port: int) -> None:
    """Run the web app (development server; use gunicorn in production)."""
    from flask import current_app
    from werkzeug.serving import run_simple

    click.echo(f"icv is running on http://{host}:{port}/ (Ctrl-C to stop)")
    # Not app.run(): Flask ignores that inside its own command line.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    run_simple(host, port, app, use_reloader=False, use_debugger=False, threaded=True)


@click.command()
@with_appcontext
def demo() -> None:
    """Load a demonstration scheme (safe to run again) and print the demo logins."""
    from icv.demo import load_demo

    for line in load_demo():
        click.echo(line)


@click.group()
def outbox() -> None:
    """Mail waiting in the outbox."""


@outbox.command("deliver")
@with_appcontext
def outbox_deliver() -> None:
    """Send every message that is due, once; failures are retried later with backoff."""
    from icv.extensions import db
    from icv.notifications.delivery import deliver_due
    from icv.notifications.models import OutboxMessage, OutboxStatus

    attempted = deliver_due()
    failed = db.session.scalar(
        db.select(db.func.count()).where(
            OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.attempts > 0
        )
    )
    click.echo(f"outbox: {attempted} attempted, {failed} waiting to retry")


@click.group()
def applications() -> None:
    """Recruitment housekeeping."""


@applications.command("purge")
@with_appcontext
def purge_applications() -> None:
    """Delete personal data past the retention period, and abandoned form drafts."""
    from icv.admin.settings import get_settings
    from icv.applications.drafts import delete_stale_drafts
    from icv.applications.retention import purge_expired
    from icv.clock import today_local
    from icv.extensions import db

    minimised = purge_expired(today_local(), int(get_settings()["retention_months"]))
    drafts = delete_stale_drafts()
    db.session.commit()
    click.echo(f"Deleted the personal data of {minimised} closed applications and {drafts} drafts.")
