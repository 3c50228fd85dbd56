"""A section's answers as typed, read field by field as the report's form fields read them
(pure: no Flask, no database): the same parsing (``icv.text``, ``icv.visits.times``), the same
presence and length checks, the same messages, without building a form.

Each reader returns the field's value as its form field would hold it and notes the field's
problem, if any, in ``problems`` (field name -> ``Problem``).
"""

from __future__ import annotations

from collections.abc import Collection

from icv.text import (
    WTFORMS_WORDS,
    DateInvalid,
    Problem,
    Subject,
    choice_typed,
    date_typed,
    whole_number_typed,
)
from icv.visits.times import time_read

#: WTForms' own words for a choice not offered: its catalogue translates them, not ours (so
#: they are not given to ``Problem`` as they are, where ``make translations`` would take them).
WTFORMS_NOT_A_CHOICE = "Not a valid choice."
NOT_A_CHOICE = Problem(WTFORMS_NOT_A_CHOICE)
NOT_A_CHOICE.domain = WTFORMS_WORDS


def too_long(label: str, limit: int) -> Problem:
    """What a text field longer than ``limit`` says (``icv.forms.text_checks``)."""
    return Problem(
        "%(subject)s must be %(count)d characters or fewer", subject=Subject(label), count=limit
    )


class Reading:
    """One section's (or one list entry's) answers as typed, read field by field."""

    def __init__(self, typed: dict[str, list[str]] | None, prefix: str = "") -> None:
        self.typed = typed or {}
        self.prefix = prefix
        self.problems: dict[str, str] = {}

    def raw(self, name: str) -> list[str]:
        return self.typed.get(self.prefix + name) or []

    def chosen(self, name: str) -> list[str]:
        """A choice's values as sent, a value of only spaces read as none (``choice_typed``)."""
        return [choice_typed(value) for value in self.raw(name)]

    def problem(self, name: str, message: str) -> None:
        self.problems.setdefault(self.prefix + name, message)

    def choice(
        self,
        name: str,
        allowed: Collection[str],
        required: str | None = None,
        default: str | None = None,
    ) -> str | None:
        """A radio answer: the value as sent. Required (with its message) or optional; a value
        not offered is refused either way; only spaces are no answer."""
        raw = self.chosen(name)
        value = raw[0] if raw else default
        if required is not None and not (raw and raw[0]):
            self.problem(name, required)
        elif (required is not None or (raw and raw[0])) and value not in allowed:
            self.problem(name, NOT_A_CHOICE)
        return value

    def select(self, name: str) -> str | None:
        """A list's choice, checked by the section (not against the list); only spaces are
        none."""
        raw = self.chosen(name)
        return raw[0] if raw else None

    def ticked(self, name: str) -> bool:
        raw = self.raw(name)
        return bool(raw) and raw[0] not in ("false", "")

    def text(self, name: str, label: str, limit: int, *, one_line: bool) -> str | None:
        """A text answer, optional: runs of spaces collapsed on one line, else stripped."""
        raw = self.raw(name)
        if not raw:
            return None
        value = " ".join(raw[0].split()) if one_line else raw[0].strip()
        if raw[0].strip() and len(value) > limit:
            self.problem(name, too_long(label, limit))
        return value

    def number(self, name: str, subject: str) -> int | None:
        raw = self.raw(name)
        try:
            return whole_number_typed((raw[0] if raw else "").strip(), subject)
        except ValueError as problem:
            self.problem(name, problem.args[0])
            return None

    def time(self, name: str, subject: str, required: str | None = None):
        """A time of day; required (with its message) or optional."""
        raw = self.raw(name)
        typed = (raw[0] if raw else "").strip()
        if not typed:
            if required is not None:
                self.problem(name, required)
            return None
        try:
            return time_read(typed, subject)
        except ValueError as problem:
            self.problem(name, problem.args[0])
            return None

    def date(self, name: str, subject: str, required: str):
        """A date from its three boxes (``DateInputField``)."""
        raw = self.raw(name)
        if not raw:
            self.problem(name, required)
            return None
        parts = [value.strip() for value in raw][:3]
        parts += [""] * (3 - len(parts))
        if not any(parts):
            self.problem(name, required)
            return None
        try:
            return date_typed(*parts, subject)
        except DateInvalid as problem:
            self.problem(name, problem.message)
            return None
