"""Make the database fail on purpose: a real SQLite write lock, or any statement refused."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError


@contextmanager
def write_lock(database_url: str) -> Iterator[sqlite3.Connection]:
    """Another connection holds SQLite's write lock (as a long import or save would); what it
    writes is never committed."""
    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield holder
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@contextmanager
def refusing(engine: Engine, pattern: str = r".") -> Iterator[None]:
    """Every statement matching ``pattern`` fails as a locked database does, on any engine."""

    def refuse(_conn, _cursor, statement, parameters, _context, _many):
        if re.search(pattern, statement, re.I):
            raise OperationalError(statement, parameters, Exception("database is locked"))

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", refuse)
