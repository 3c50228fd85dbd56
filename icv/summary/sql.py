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


class minutes_between(FunctionElement):
    """Whole minutes from the first time of day to the second; a second time earlier than the
    first is on the next day (rules.visit_minutes). Seconds are dropped."""

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


#: The minute of the day of a time. SQLite stores a time as text, 'HH:MM:SS' with any fraction
#: after, so the hours and minutes are read from their places. PostgreSQL floors the seconds
#: since midnight (one double per time: three times faster than EXTRACT of hour and minute,
#: which gives numerics, on a year of visits).
MINUTE_OF_DAY = {
    "sqlite": "(CAST(substr({0}, 1, 2) AS INTEGER) * 60 + CAST(substr({1}, 4, 2) AS INTEGER))",
    "postgresql": "CAST(FLOOR(date_part('epoch', {0}) / 60) AS INTEGER)",
}


def _minutes(element, compiler, dialect: str, **kw) -> list[str]:
    """The minute of the day of each argument; an argument is compiled once per use, so a bound
    value is sent once per placeholder."""
    template = MINUTE_OF_DAY[dialect]
    uses = template.count("{")
    return [
        template.format(*(compiler.process(arg, **kw) for _ in range(uses)))
        for arg in element.clauses
    ]


@compiles(minutes_between, "sqlite")
def _minutes_sqlite(element, compiler, **kw):
    start, end = _minutes(element, compiler, "sqlite", **kw)
    return f"(({end} - {start} + 1440) % 1440)"


# PostgreSQL's drivers would read a bare % as a parameter: MOD says the same.
@compiles(minutes_between, "postgresql")
def _minutes_postgresql(element, compiler, **kw):
    start, end = _minutes(element, compiler, "postgresql", **kw)
    return f"MOD({end} - {start} + 1440, 1440)"
