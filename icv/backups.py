"""``icv backup PATH`` and ``icv restore PATH``: the whole database in one file, and back.

- SQLite: SQLite's online backup API copies the database page by page in a consistent state
  while the app and the scheduler keep running (a save under way is either wholly in the copy
  or not at all; with WAL, readers and the copy never wait for it).
- PostgreSQL: ``pg_dump -Fc`` (Debian's postgresql-client) with the configured URL; the
  password goes to it in ``PGPASSWORD``, never on its command line. ``pg_restore`` reads it back.

A restore goes into an empty database (no tables: a new file, or a database just created) and
refuses one with tables unless ``--force``, which first deletes everything in it. The backup
is written to a temporary file beside PATH and renamed into place only once complete, so a
failed backup never leaves a truncated file where a good one was.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, Engine

from icv.extensions import db

#: The first bytes of each kind of backup file, to refuse one made by the other engine.
MAGIC = {"sqlite": b"SQLite format 3\0", "postgresql": b"PGDMP"}


class BackupError(click.ClickException):
    """Printed as one line, ``Error: ...``, and exit status 1."""


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    """Copy the whole database to PATH (safe while icv runs)."""
    engine = db.engine
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    # A backup holds everything: readable by its owner only, from the moment it exists.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        if engine.dialect.name == "sqlite":
            backup_sqlite(sqlite_file(engine), partial)
        else:
            run(["pg_dump", "--format=custom", "--no-owner", "--file", str(partial)])
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    click.echo(f"icv backup: {engine.dialect.name} database written to {path}")


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Delete everything in the database first.")
@with_appcontext
def restore(path: Path, force: bool) -> None:
    """Load a backup made by `icv backup` into the configured (empty) database."""
    engine = db.engine
    kind = engine.dialect.name
    if not path.read_bytes()[:16].startswith(MAGIC[kind]):
        raise BackupError(f"{path} is not an icv backup of a {kind} database")
    tables = inspect(engine).get_table_names()
    if tables and not force:
        raise BackupError(
            f"the database is not empty ({len(tables)} tables): restore into a new, empty "
            "database, or add --force to delete everything in this one first"
        )
    db.session.remove()
    if kind == "sqlite":
        restore_sqlite(path, sqlite_file(engine))
    else:
        if tables:
            empty_postgresql(engine)
        run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                str(path),
            ]
        )
    engine.dispose()  # no pooled connection keeps a view of the database before the restore
    with engine.connect() as connection:
        revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
    click.echo(
        f"icv restore: {path} loaded (schema revision {revision}); "
        "run `icv db upgrade` if this version of icv is newer than the backup"
    )


def sqlite_file(engine: Engine) -> Path:
    name = engine.url.database
    if not name or name == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(name)


def backup_sqlite(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.execute(f"PRAGMA busy_timeout = {busy_milliseconds()}")
        origin.backup(copy)
        # A backup in WAL mode would need its -wal file: the copy is one self-contained file.
        copy.execute("PRAGMA journal_mode = DELETE")


def restore_sqlite(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as backup, closing(sqlite3.connect(target)) as live:
        live.execute(f"PRAGMA busy_timeout = {busy_milliseconds()}")
        backup.backup(live)  # replaces every page of the database, in one step
        live.execute("PRAGMA journal_mode = WAL")


def busy_milliseconds() -> int:
    return int(current_app.config["ICV_SQLITE_BUSY_TIMEOUT"] * 1000)


def empty_postgresql(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


def run(command: list[str]) -> None:
    """Run a PostgreSQL client program against the configured database."""
    url = db.engine.url
    env = {**os.environ, "PGPASSWORD": url.password or ""}
    # libpq's own URL: the same host, user, database and options (sslmode...), no password.
    dsn = URL.create(
        "postgresql", url.username, None, url.host, url.port, url.database, url.query
    ).render_as_string()
    try:
        result = subprocess.run(
            [*command, f"--dbname={dsn}"], env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt install postgresql-client)"
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
