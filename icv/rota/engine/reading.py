"""Checked reading of JSON values for the rota formats: every failure is one line for a person.

Each reader takes ``where`` (the place in the document, e.g. ``volunteer v003`` or ``bands[2]``)
and the field name, so the message says exactly what to fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date, time
from typing import Any

_TIME = re.compile(r"\d\d:\d\d")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")


class ProblemError(ValueError):
    """A rota instance or solution that cannot be used; the message is one line for a person."""


def shown(value: object) -> str:
    """A value as it was written in the JSON (strings quoted), for messages."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def kind(value: object) -> str:
    """The JSON name of a value's type, for messages."""
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string"}
    names.update({list: "a list", dict: "an object", type(None): "null"})
    return names.get(type(value), type(value).__name__)


def fields(
    raw: object, where: str, required: Iterable[str], optional: Iterable[str] = ()
) -> dict[str, Any]:
    """``raw`` as an object with every required key and no key outside required + optional."""
    if not isinstance(raw, dict):
        raise ProblemError(f"{where}: must be an object, got {kind(raw)}")
    required = tuple(required)
    for key in required:
        if key not in raw:
            raise ProblemError(f'{where}: missing "{key}"')
    known = set(required) | set(optional)
    for key in raw:
        if key not in known:
            raise ProblemError(f"{where}: unknown field {shown(key)}")
    return raw


def items(value: object, where: str, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise ProblemError(f"{where}: {name} must be a list, got {kind(value)}")
    return value


def text(value: object, where: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ProblemError(f"{where}: {name} must be a non-empty string, got {shown(value)}")
    return value


def whole(value: object, where: str, name: str, minimum: int, maximum: int | None = None) -> int:
    """A whole number from ``minimum`` (to ``maximum``); true/false and 2.0 are refused."""
    in_range = isinstance(value, int) and not isinstance(value, bool) and value >= minimum
    if in_range and (maximum is None or value <= maximum):
        return value
    if maximum is None:
        wanted = f"a whole number of at least {minimum}"
    else:
        wanted = f"a whole number from {minimum} to {maximum}"
    raise ProblemError(f"{where}: {name} must be {wanted}, got {shown(value)}")


def flag(value: object, where: str, name: str) -> bool:
    if not isinstance(value, bool):
        raise ProblemError(f"{where}: {name} must be true or false, got {shown(value)}")
    return value


def a_date(value: object, where: str, name: str) -> date:
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ProblemError(f"{where}: {name} must be a date YYYY-MM-DD, got {shown(value)}")


def a_time(value: object, where: str, name: str) -> time:
    if isinstance(value, str) and _TIME.fullmatch(value):
        hours, minutes = int(value[:2]), int(value[3:])
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise ProblemError(f"{where}: {name} must be HH:MM, got {shown(value)}")


def date_ranges(value: object, where: str, name: str) -> tuple[tuple[date, date], ...]:
    """Inclusive ranges written as ``[["2027-02-01", "2027-02-14"], ...]``."""
    ranges = []
    for index, pair in enumerate(items(value, where, name)):
        try:
            if not isinstance(pair, list) or len(pair) != 2:
                raise ProblemError
            ranges.append((a_date(pair[0], where, name), a_date(pair[1], where, name)))
        except ProblemError:
            wanted = 'two dates ["YYYY-MM-DD", "YYYY-MM-DD"]'
            raise ProblemError(
                f"{where}: {name}[{index}] must be {wanted}, got {shown(pair)}"
            ) from None
    return tuple(ranges)


def strings(value: object, where: str, name: str) -> tuple[str, ...]:
    """A list of non-empty strings, each at most once."""
    found: list[str] = []
    for index, item in enumerate(items(value, where, name)):
        text(item, where, f"{name}[{index}]")
        if item in found:
            raise ProblemError(f"{where}: {shown(item)} is listed twice in {name}")
        found.append(item)
    return tuple(found)
