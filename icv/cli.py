"""The ``icv`` command (also ``flask --app icv``)."""

from __future__ import annotations

import sys
from typing import NoReturn

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
    app.cli.add_command(scheduler)
    app.cli.add_command(demo)
    app.cli.add_command(outbox)
    app.cli.add_command(applications)
    app.cli.add_command(retention)
    app.cli.add_command(secrets_group)
    from icv.accounts.commands import accounts_command

    app.cli.add_command(accounts_command)
    from icv.visits.commands import import_group

    app.cli.add_command(import_group)
    app.cli.add_command(rota)
    from icv.summary.commands import summary_command

    app.cli.add_command(summary_command)
    from icv.backups import backup, restore

    app.cli.add_command(backup)
    app.cli.add_command(restore)
    from icv.people.commands import person_command

    app.cli.add_command(person_command)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--with-scheduler", is_flag=True, help="Also run `icv scheduler` beside it (development)."
)
@with_appcontext
def serve(host: str, port: int, with_scheduler: bool) -> None:
    """Run the web app (development server; use gunicorn in production)."""
    import logging
    import signal

    from flask import current_app
    from werkzeug.serving import run_simple

    from icv.jobs.scheduler import start_child, stop_child
    from icv.logs import redact_log

    child = None
    if with_scheduler:
        child = start_child()
        # SIGTERM stops the server the way Ctrl-C does, so the child is stopped too. SIGINT is
        # set as well, in case this was started with it ignored (from a script, in background).
        signal.signal(signal.SIGTERM, interrupt)
        signal.signal(signal.SIGINT, interrupt)
    click.echo(f"icv is running on http://{host}:{port}/ (Ctrl-C to stop)")
    if child is not None:
        click.echo(f"icv scheduler is running beside it (process {child.pid})")
    redact_log(logging.getLogger("werkzeug"))  # tokens in paths stay out of the log
    # Not app.run(): Flask ignores that inside its own command line.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        run_simple(host, port, app, use_reloader=False, use_debugger=False, threaded=True)
    finally:
        if child is not None:
            stop_child(child)


def interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


@click.command()
@with_appcontext
def scheduler() -> None:
    """Run the background scheduler in the foreground; run exactly one per deployment."""
    import logging

    from flask import current_app
    from sqlalchemy.exc import SQLAlchemyError

    from icv.jobs.liveness import stopped
    from icv.jobs.registry import JOBS
    from icv.jobs.scheduler import build_scheduler, serve

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    try:
        built = build_scheduler(current_app._get_current_object())  # type: ignore[attr-defined]
    except SQLAlchemyError as error:
        raise click.ClickException(
            f"the database is not ready ({type(error).__name__}); run `icv db upgrade` first"
        ) from None
    click.echo(f"icv scheduler: {len(JOBS)} jobs; SIGTERM or Ctrl-C stops it", err=True)
    serve(built)
    stopped()
    click.echo("icv scheduler: stopped", err=True)


@click.group(invoke_without_command=True)
@click.pass_context
@with_appcontext
def demo(ctx: click.Context) -> None:
    """Load a demonstration scheme (safe to run again) and print the demo logins."""
    if ctx.invoked_subcommand is not None:
        return
    from icv.demo import load_demo

    for line in load_demo():
        click.echo(line)


@demo.command("code")
@with_appcontext
def demo_code() -> None:
    """Print the current code of the demo staff accounts' key."""
    from sqlalchemy.exc import SQLAlchemyError

    from icv.demo import demo_code
    from icv.encryption import EncryptionKeyError

    try:
        code = demo_code()
    except SQLAlchemyError:
        fail("icv: the database is not ready; run `icv db upgrade` and `icv demo` first")
    except EncryptionKeyError as error:
        fail(f"icv: {error}")
    if code is None:
        fail("icv: the demo key is not in use here; load the demo first with `icv demo`")
    click.echo(code)


def fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


@click.group()
def outbox() -> None:
    """Mail waiting in the outbox."""


@outbox.command("deliver")
@with_appcontext
def outbox_deliver() -> None:
    """Send every message that is due, once; failures are retried later with backoff."""
    from icv.notifications.delivery import deliver_due, waiting_to_retry

    attempted = deliver_due()
    click.echo(f"outbox: {attempted} attempted, {waiting_to_retry()} waiting to retry")


@click.group()
def applications() -> None:
    """Recruitment housekeeping."""


@applications.command("purge")
@with_appcontext
def purge_applications() -> None:
    """Remove every kind of personal data past its retention period (the same as
    `icv retention apply`, kept for scripts that call it)."""
    print_retention_counts()


@click.group()
def retention() -> None:
    """Retention periods (set at Settings -> retention periods)."""


@retention.command("apply")
@with_appcontext
def retention_apply() -> None:
    """Remove every kind of personal data past its retention period now (the scheduler does
    it every night), printing how many of each kind."""
    print_retention_counts()


def print_retention_counts() -> None:
    from icv.extensions import db
    from icv.jobs.retention import apply_retention

    counts = apply_retention()
    db.session.commit()
    for removed, count in counts.items():
        click.echo(f"retention: {removed}: {count}")


@click.group("secrets")
def secrets_group() -> None:
    """Secrets kept encrypted in the database (ICV_ENCRYPTION_KEY)."""


@secrets_group.command("rotate")
@with_appcontext
def secrets_rotate() -> None:
    """Re-encrypt every stored secret with the first key of ICV_ENCRYPTION_KEY (the old keys
    can be dropped from the setting afterwards)."""
    from icv.accounts.second_factor import rotate_secrets
    from icv.encryption import EncryptionKeyError
    from icv.extensions import db

    try:
        count = rotate_secrets(None)
    except EncryptionKeyError as error:
        fail(f"icv: {error}")
    db.session.commit()
    click.echo(f"secrets: {count} second-factor keys re-encrypted with the first key")
