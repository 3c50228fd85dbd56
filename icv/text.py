"""Small checks on text people type, shared by forms, rules and imports (pure)."""

from __future__ import annotations

from datetime import date


def is_whole_number(text: str) -> bool:
    """True for ASCII digits only ("42"); False for "", "-1", "4.2" or "²", which
    ``str.isdigit`` would let through to a crash in ``int``."""
    return text.isascii() and text.isdigit()


MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def month_number(text: str) -> int | None:
    """1 to 12 for a month typed as a number ("6", "06"), a name ("June", "jun", "Sept.") in any
    case; None for anything else. (GOV.UK date inputs accept month names and abbreviations.)"""
    word = text.strip().lower().removesuffix(".")
    if is_whole_number(word):
        return int(word) if 1 <= int(word) <= 12 else None
    for number, name in enumerate(MONTH_NAMES, start=1):
        if word in (name, name[:3]) or (word == "sept" and number == 9):
            return number
    return None


#: What a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> object:
    """Text that cannot run as a spreadsheet formula (names and descriptions are typed in)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def N_(text: str) -> str:
    """Marks ``text`` for translation where it is defined, leaving it as it is: pure modules
    (``rules.py``) keep plain English and the form or template translates it where it is
    shown (``make translations`` extracts ``N_`` too)."""
    return text


class Problem(str):
    """A message from a pure rule: it reads as its English words (a ``str``, so callers and
    tests compare it as before), and keeps its template and values, so a page can write it in
    the reader's language (``icv.visits.forms.in_language``). ``make translations`` extracts
    the template (the keyword ``Problem``)."""

    template: str
    values: dict

    def __new__(cls, template: str, **values: object) -> Problem:
        problem = super().__new__(cls, template % values if values else template)
        problem.template, problem.values = template, values
        return problem


class Day(str):
    """A date among a ``Problem``'s values: it reads "28 March 2027" in English, and the page
    writes it in the reader's language (``icv.visits.forms.in_language``)."""

    day: date

    def __new__(cls, day: date) -> Day:
        written = super().__new__(cls, f"{day.day} {MONTH_NAMES[day.month - 1].title()} {day.year}")
        written.day = day
        return written
