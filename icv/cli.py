"""The ``icv`` command (also ``flask --app icv``)."""

from __future__ import annotations

import sys
from typing import NamedTuple, NoReturn

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext
from werkzeug.utils import import_string


class Elsewhere(NamedTuple):
    """A command defined in another module: where, and its line in ``icv --help`` (the first
    paragraph of its docstring; tests/test_cli_startup.py checks the two agree)."""

    where: str
    summary: str


ELSEWHERE = {
    "accounts": Elsewhere(
        "icv.accounts.commands:accounts_command",
        "Accounts made from the command line (the first administrator).",
    ),
    "backup": Elsewhere(
        "icv.backups:backup", "Copy the whole database to PATH (safe while icv runs)."
    ),
    # Flask-Migrate adds ``db`` to the app's commands when the app is built; here it is
    # found without building it.
    "db": Elsewhere("flask_migrate.cli:db", "Perform database migrations."),
    "import": Elsewhere(
        "icv.visits.commands:import_group",
        "Load historical records from CSV files (all or nothing).",
    ),
    # Flask-Limiter's plugin command, imported here only when asked for (see IcvGroup).
    "limiter": Elsewhere(
        "flask_limiter.commands:cli", "Flask-Limiter maintenance & utility commands"
    ),
    "person": Elsewhere(
        "icv.people.commands:person_command",
        "Subject access and erasure for one person, found by email address.",
    ),
    "restore": Elsewhere(
        "icv.backups:restore",
        "Load a backup made by `icv backup` into the configured (empty) database.",
    ),
    "rota": Elsewhere("icv.rota.cli:rota", "Unannounced visit rotas."),
    "summary": Elsewhere(
        "icv.summary.commands:summary_command",
        "The summary of a year (or quarter): the same figures as the dashboard and the API.",
    ),
}


class IcvGroup(FlaskGroup):
    """Flask's command group, minus what made ``icv --help`` take seconds: FlaskGroup builds
    the app to list the app's commands and imports every plugin's.

    Here ``icv --help``, ``icv <group> --help`` and the commands that need no database (``icv
    rota solve``) neither build the app nor import the areas: the commands defined elsewhere are
    in ``ELSEWHERE``, imported only when run or asked for their own help, and the app is built
    only by a command that needs it (``with_appcontext``).
    """

    def _load_plugin_commands(self) -> None:
        """Plugins are listed in ELSEWHERE, not imported for every ``icv`` run."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *ELSEWHERE})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name in ELSEWHERE:
            return import_string(ELSEWHERE[cmd_name].where)
        return None  # click says "No such command" without building the app

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's own list, with the summaries of ELSEWHERE rather than their modules."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, self.summary_of(name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def summary_of(self, name: str, limit: int) -> str:
        if name in self.commands:
            return self.commands[name].get_short_help_str(limit)
        # Shortened as click shortens a command's own help, by a stand-in that has it.
        return click.Command(name, help=ELSEWHERE[name].summary).get_short_help_str(limit)


def main() -> None:
    """Entry point of the ``icv`` console script."""
    group = IcvGroup(create_app=configured_app, add_default_commands=False, help=__doc__)
    for command in COMMANDS:
        group.add_command(command)
    group(prog_name="icv")


def configured_app() -> Flask:
    """The app, built when a command first needs it; a bad setting is one line, exit 2."""
    from icv import create_app
    from icv.config import ConfigError

    try:
        return create_app()
    except ConfigError as error:
        click.echo(f"icv: configuration error: {error}", err=True)
        sys.exit(2)


def register(app: Flask) -> None:
    """Every command on the app's own group too, for ``flask --app icv`` and the tests' runner."""
    for command in COMMANDS:
        app.cli.add_command(command)
    # Flask-Migrate has added ``db`` already, and ``flask`` loads the plugins (``limiter``).
    for name, elsewhere in ELSEWHERE.items():
        if name not in app.cli.commands and name != "limiter":
            app.cli.add_command(import_string(elsewhere.where), name)


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
def demo(ctx: click.Context) -> None:
    """Load a demonstration scheme (safe to run again) and print the demo logins."""
    # The app is built here, not for the group: click runs this before ``icv demo code
    # --help``, which needs no app.
    if ctx.invoked_subcommand is None:
        ctx.invoke(load_and_print_demo)


@with_appcontext
def load_and_print_demo() -> None:
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
    """Queue the mails of the reports sent since, then send every message that is due,
    once; failures are retried later with backoff."""
    from icv.extensions import db
    from icv.jobs.claims import failures_held
    from icv.jobs.report_notices import queue_report_notices
    from icv.notifications.delivery import deliver_due, waiting_to_retry

    with failures_held() as failures:  # the other reports' mails are queued all the same
        queue_report_notices()
    db.session.commit()
    attempted = deliver_due()
    click.echo(f"outbox: {attempted} attempted, {waiting_to_retry()} waiting to retry")
    if failures:
        raise click.ClickException(
            f"some sent reports' mails wait for the next run: {'; '.join(failures)}"
        )


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


#: The commands defined in this module, in the order they were written.
COMMANDS = (serve, scheduler, demo, outbox, applications, retention, secrets_group)
