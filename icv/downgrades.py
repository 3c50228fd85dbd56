"""Refuse a downgrade that would lose data, before it changes anything.

A downgrade drops tables and columns and narrows text columns. On data that the older schema
cannot hold it either loses it silently (a dropped table, or SQLite, which ignores lengths) or
fails halfway (PostgreSQL refused to narrow ``diversity_responses.ethnic_group`` back to 40
characters with "Black, Black British, Caribbean or African" in it, 42 characters, leaving the
database between revisions on an engine without transactional DDL).

So before the first step, ``migrations/env.py`` asks :func:`losses`: it builds the schema of
the target revision on a scratch in-memory SQLite database (running the same migration
scripts) and compares it with the database's: every table or column that would go while it
has rows, and every text column that would be narrowed below a stored value, is listed. Any
loss stops the run with that list. ``icv db downgrade -x discard-data=yes REV`` goes ahead
anyway (after a backup: ``icv backup``). A migration whose downgrade converts a column's values
so that they fit again (it decrypts what its upgrade encrypted), or carries them into another
column (a renamed one, or a count folded into a total), names the column in
``CONVERTED_ON_DOWNGRADE = {"table.column"}``; it is then not held against the downgrade. A
migration whose upgrade seeds a table with rows of its own (the kinds of training course)
names them in ``SEEDED_ROWS = {"table": ("column", values)}``: dropping those loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import click
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext, RevisionStep
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, String, create_engine, func, inspect, select, table
from sqlalchemy import column as sql_column

#: The x-argument that lets a downgrade discard data: ``-x discard-data=yes``.
DISCARD_DATA = "discard-data"

#: Alembic's own bookkeeping, and APScheduler's job store (rebuilt by the scheduler at start).
IGNORED_TABLES = {"alembic_version", "apscheduler_jobs"}


class DataWouldBeLost(click.ClickException):
    """A click error: ``icv db downgrade`` prints the message, no traceback, and exits 1."""

    def __init__(self, target: str, lost: Sequence[str]) -> None:
        self.lost = list(lost)
        lines = "\n".join(f"  - {line}" for line in lost)
        super().__init__(
            f"downgrade to {target} refused: it cannot keep this data, so nothing was changed.\n"
            f"{lines}\n"
            "Back up first (icv backup PATH). To downgrade anyway and lose it, run again with "
            f"-x {DISCARD_DATA}=yes (icv db downgrade -x {DISCARD_DATA}=yes {target})."
        )


def check_steps(connection: Connection, script: ScriptDirectory, steps: Iterable) -> None:
    """Raise :class:`DataWouldBeLost` if the migration steps about to run are a downgrade that
    would lose data. ``steps`` are Alembic's, as its ``downgrade`` command planned them."""
    # Only a revision's own steps change data (a stamp only rewrites alembic_version).
    downward = [step for step in steps if isinstance(step, RevisionStep) and step.is_downgrade]
    if not downward:
        return
    target = tuple(downward[-1].to_revisions)
    converted: set[str] = set()
    seeded: dict[str, tuple[str, Sequence[str]]] = {}
    for step in downward:
        converted |= set(getattr(step.revision.module, "CONVERTED_ON_DOWNGRADE", ()))
        seeded |= getattr(step.revision.module, "SEEDED_ROWS", {})
    lost = losses(connection, script, target, converted, seeded)
    if lost:
        raise DataWouldBeLost(", ".join(target) or "base", lost)


def losses(
    connection: Connection,
    script: ScriptDirectory,
    target: tuple[str, ...],
    converted: set[str] = frozenset(),  # type: ignore[assignment]
    seeded: dict[str, tuple[str, Sequence[str]]] | None = None,
) -> list[str]:
    """What a database at ``target`` could not keep of what ``connection``'s database holds
    (but for the lengths of the ``converted`` columns, "table.column", and the ``seeded``
    rows a migration added itself, table -> (column, values))."""
    seeded = seeded or {}
    # Sorted: PostgreSQL lists tables in no set order (an ALTER TABLE moves one in its catalog).
    names = sorted(n for n in inspect(connection).get_table_names() if n not in IGNORED_TABLES)
    filled = [name for name in names if has_rows(connection, name, seeded.get(name))]
    if not filled:
        return []  # nothing stored, nothing to lose (and no scratch schema to build)
    older = inspect(scratch_schema(script, target))
    older_tables = set(older.get_table_names())
    lost: list[str] = []
    for name in filled:
        if name not in older_tables:
            count = row_count(connection, name, seeded.get(name))
            lost.append(f"table {name}: {count} rows would be deleted")
            continue
        older_columns = {c["name"]: c for c in older.get_columns(name)}
        lost += column_losses(connection, name, older_columns, converted)
    return lost


def column_losses(
    connection: Connection, name: str, older: dict[str, dict], converted: set[str]
) -> list[str]:
    lost = []
    for now in inspect(connection).get_columns(name):
        col = sql_column(now["name"])
        rows = table(name, col)
        if f"{name}.{now['name']}" in converted:
            continue  # its migration's downgrade carries the values over
        if now["name"] not in older:
            filled = select(func.count()).where(col.is_not(None)).select_from(rows)
            count = connection.scalar(filled)
            if count:
                lost.append(f"column {name}.{now['name']}: {count} values would be deleted")
            continue
        length = getattr(older[now["name"]]["type"], "length", None)
        if isinstance(older[now["name"]]["type"], String) and length:
            too_long = func.length(col) > length
            count = connection.scalar(select(func.count()).where(too_long).select_from(rows))
            if count:
                lost.append(
                    f"column {name}.{now['name']}: {count} values longer than the "
                    f"{length} characters it would keep"
                )
    return lost


def _not_seeded(query, seeded: tuple[str, Sequence[str]] | None):
    if seeded is None:
        return query
    column, values = seeded
    return query.where(sql_column(column).not_in(list(values)))


def has_rows(
    connection: Connection, name: str, seeded: tuple[str, Sequence[str]] | None = None
) -> bool:
    query = _not_seeded(select(1).select_from(table(name)), seeded)
    return connection.scalar(query.limit(1)) is not None


def row_count(
    connection: Connection, name: str, seeded: tuple[str, Sequence[str]] | None = None
) -> int:
    query = _not_seeded(select(func.count()).select_from(table(name)), seeded)
    return connection.scalar(query) or 0


def scratch_schema(script: ScriptDirectory, target: tuple[str, ...]):
    """An in-memory SQLite database migrated from empty up to ``target``."""
    engine = create_engine("sqlite://")
    chain = list(script.iterate_revisions(target, "base")) if target else []
    with engine.begin() as connection:
        context = MigrationContext.configure(connection, opts={"render_as_batch": True})
        with Operations.context(context):
            for revision in reversed(chain):
                revision.module.upgrade()
    return engine
