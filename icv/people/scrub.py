"""Replacing an erased person's details wherever free text or JSON holds them.

Their name, address and phone number can sit in any text a person typed or the app wrote (an
audit line, a coordinator's note, a report's comments, a mail to their partner), so every text
and JSON column of every table is searched, rather than a list that a new column would escape.
The database finds candidate rows (a case-insensitive ``LIKE``); Python replaces whole words.
"""

from __future__ import annotations

import re

from sqlalchemy import JSON, String, Table, Text, cast, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from icv.extensions import db
from icv.people.rules import pattern, scrubbed


def scrub_everywhere(details: list[str]) -> int:
    """Replace ``details`` in every table; returns the number of rows changed. The session is
    flushed first and expired after, so the objects loaded see the new values."""
    found = pattern(details)
    if found is None:
        return 0
    db.session.flush()
    changed = sum(scrub_table(table, details, found) for table in db.metadata.sorted_tables)
    db.session.expire_all()
    return changed


def text_columns(table: Table) -> list:
    return [c for c in table.columns if isinstance(c.type, String | Text | JSON)]


def as_text(column) -> ColumnElement[str]:
    # JSON is searched through its text (on PostgreSQL a json value casts to its text).
    return func.lower(cast(column, Text) if isinstance(column.type, JSON) else column)


def scrub_table(table: Table, details: list[str], found: re.Pattern[str]) -> int:
    columns = text_columns(table)
    keys = list(table.primary_key.columns)
    if not columns or not keys:
        return 0
    matches = or_(
        *(as_text(c).contains(d.lower(), autoescape=True) for c in columns for d in details)
    )
    changed = 0
    chosen = list(dict.fromkeys([*keys, *columns]))
    for row in db.session.execute(select(*chosen).where(matches)).mappings().all():
        values = {c.name: scrubbed(row[c.name], found) for c in columns}
        values = {name: v for name, v in values.items() if v != row[name]}
        if values:
            where = [k == row[k.name] for k in keys]
            db.session.execute(update(table).where(*where).values(**values))
            changed += 1
    return changed
