"""Date and time functions the summary groups and sums by, written once for each engine (SQLite
and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class month_key(FunctionElement):
    """``YYYY-MM`` of a date."""

    type = String()
    inherit_cache = True


class weekday_number(FunctionElement):
    """Day of the week of a date, 0 for Sunday to 6 for Saturday (as both engines count)."""

    type = Integer()
    inherit_cache = True


class days_between(FunctionElement):
    """Whole days from the first date to the second."""

    type = Integer()
    inherit_cache = True


def _args(element: FunctionElement, compiler: Any, **kw: Any) -> list[str]:
    return [compiler.process(arg, **kw) for arg in element.clauses]


@compiles(month_key, "sqlite")
def _month_sqlite(element, compiler, **kw):
    return "strftime('%Y-%m', {})".format(*_args(element, compiler, **kw))


@compiles(month_key, "postgresql")
def _month_postgresql(element, compiler, **kw):
    return "to_char({}, 'YYYY-MM')".format(*_args(element, compiler, **kw))


@compiles(weekday_number, "sqlite")
def _weekday_sqlite(element, compiler, **kw):
    return "CAST(strftime('%w', {}) AS INTEGER)".format(*_args(element, compiler, **kw))


@compiles(weekday_number, "postgresql")
def _weekday_postgresql(element, compiler, **kw):
    return "CAST(EXTRACT(DOW FROM {}) AS INTEGER)".format(*_args(element, compiler, **kw))


@compiles(days_between, "sqlite")
def _days_sqlite(element, compiler, **kw):
    first, second = _args(element, compiler, **kw)
    return f"CAST(julianday({second}) - julianday({first}) AS INTEGER)"


@compiles(days_between, "postgresql")
def _days_postgresql(element, compiler, **kw):
    first, second = _args(element, compiler, **kw)
    return f"({second} - {first})"
