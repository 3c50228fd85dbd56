"""How icv uses its database engine.

SQLite lets one writer in at a time. Without help a save that finds another one under way
fails at once with "database is locked" (a 500 on a busy evening), and a long read holds every
save back. So every SQLite connection:

- waits for the lock for up to ``ICV_SQLITE_BUSY_TIMEOUT`` seconds (SQLite's busy timeout)
  before giving up, rather than failing straight away;
- uses write-ahead logging (WAL): readers never wait for a writer and a writer never waits for
  readers, so pages keep loading while a report is saved. The mode is kept in the database
  file; WAL needs the database on a local disk (not a network share).

PostgreSQL needs neither: it has row locks and waits on its own.
"""

from __future__ import annotations

import logging
import sqlite3

from flask import Flask
from sqlalchemy import event

from icv.extensions import db

logger = logging.getLogger("icv.database")


def init_app(app: Flask) -> None:
    """Set every new SQLite connection of the app's engine to wait and to use WAL."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return
    # 15 s by default: a save waits that long, still below gunicorn's 30 s worker timeout.
    timeout = app.config["ICV_SQLITE_BUSY_TIMEOUT"]

    @event.listens_for(engine, "connect")
    def wait_and_use_wal(dbapi_connection, _record) -> None:
        set_up_sqlite(dbapi_connection, timeout)


def set_up_sqlite(connection: sqlite3.Connection, timeout_seconds: float) -> None:
    cursor = connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(timeout_seconds * 1000)}")
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as error:
            # A database opened read-only (or on a full disk) cannot switch modes; it still
            # reads, and saves then fail with a message rather than the app not starting.
            logger.warning("SQLite journal mode left as it was: %s", error)
    finally:
        cursor.close()
