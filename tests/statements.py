"""Count the SQL statements a piece of work sends (to prove a page costs a fixed number)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event

from icv.extensions import db


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """The statements sent to the app's database while the block runs, in order."""
    sent: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)
