"""Small checks on text people type, shared by forms, rules and imports (pure)."""

from __future__ import annotations

import re
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


def choice_typed(raw: str) -> str:
    """A choice as posted (a radio's or a list's value), a value of only spaces read as no
    choice ("", as when nothing is chosen). A browser sends only the values offered, so spaces
    come from a crafted post or a damaged draft; read as given, an optional choice took them
    as its answer (a rating of " ", counted in no rating) and a required one called them not
    a valid choice rather than asking for one. The report's rules (``typed_fields.Reading``)
    and the forms' choice fields (``icv.forms.Radios``, ``Select``) read choices through
    this, so both give the same verdict."""
    return raw if raw.strip() else ""


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


def trimmed(value: object) -> object:
    """Text without the spaces around it (a box's filter: anything else as it is)."""
    return value.strip() if isinstance(value, str) else value


def trimmed_lower_cased(value: object) -> object:
    """Text trimmed and lower-cased, as account email addresses are compared."""
    return value.strip().lower() if isinstance(value, str) else value


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


#: The ``domain`` of a ``Problem`` whose words are WTForms' own (its catalogue translates them).
WTFORMS_WORDS = "wtforms"


class Worded(str):
    """Words among a ``Problem``'s values that are data in both languages (a check's label):
    they read as the English, and the page writes the Welsh to a Welsh reader when there is
    one (``icv.i18n.in_language``)."""

    cy: str

    def __new__(cls, english: str, cy: str = "") -> Worded:
        worded = super().__new__(cls, english)
        worded.cy = cy
        return worded


class Joined(str):
    """Words among a ``Problem``'s values joined by "and" ("month and year"): the page joins
    them in the reader's language (``icv.i18n.in_language``)."""

    parts: tuple[str, ...]

    def __new__(cls, parts: tuple[str, ...]) -> Joined:
        joined = super().__new__(cls, " and ".join(parts))
        joined.parts = tuple(parts)
        return joined


class Subject(str):
    """A field's label as the subject of a message, without its "(optional)": the page cuts
    the label in the reader's language (``icv.i18n.in_language``), as the forms do."""

    label: str

    def __new__(cls, label: str) -> Subject:
        subject = super().__new__(cls, str(label).split(" (")[0])
        subject.label = label
        return subject


#: The boxes of a date input, in order.
DATE_PARTS = ("day", "month", "year")
#: Their names in a message: "Date of birth must include a month and year".
PART_WORDS = {"day": Problem("day"), "month": Problem("month"), "year": Problem("year")}


class DateInvalid(ValueError):
    """What is wrong with a typed date (a ``Problem`` or words already in the reader's
    language), and which of its boxes are wrong."""

    def __init__(self, message: str, parts: tuple[str, ...] = DATE_PARTS) -> None:
        super().__init__(message)
        self.message = message
        self.parts = parts


def date_typed(day: str, month: str, year: str, subject: str) -> date:
    """The date typed in three boxes (each stripped), or DateInvalid with GOV.UK's message for
    it. ``subject`` names the date in the message ("Date of the visit")."""
    typed = dict(zip(DATE_PARTS, (day, month, year), strict=True))
    missing = tuple(part for part in DATE_PARTS if not typed[part])
    if missing:
        words = Joined(tuple(PART_WORDS[part] for part in missing))
        raise DateInvalid(
            Problem("%(subject)s must include a %(parts)s", subject=subject, parts=words), missing
        )
    month_no = month_number(month)
    readable = {"day": is_whole_number(day), "month": month_no is not None}
    readable["year"] = is_whole_number(year)
    wrong = tuple(part for part in DATE_PARTS if not readable[part])
    if wrong or not 1 <= int(day) <= 31:
        raise DateInvalid(
            Problem("%(subject)s must be a real date", subject=subject), wrong or ("day",)
        )
    if len(year) != 4:
        raise DateInvalid(Problem("Year must include 4 numbers"), ("year",))
    try:
        return date(int(year), month_no, int(day))  # type: ignore[arg-type]
    except ValueError:  # 31 June, 29 February 2027, year 0000
        raise DateInvalid(Problem("%(subject)s must be a real date", subject=subject)) from None


#: A date typed in one box as year-month-day (the office's list filters): ASCII digits only.
YEAR_MONTH_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: The example the messages give, in the format asked for.
EXAMPLE_DAY = "2026-11-01"


def day_typed(raw: str, subject: str) -> date | None:
    """A date typed in one box as year-month-day (stripped): None when empty, else
    DateInvalid with a message naming the date (``subject``: "from date") and the format, for
    another format ("01/11/2026") as for a day that does not exist ("2026-13-45")."""
    if not raw:
        return None
    if not YEAR_MONTH_DAY.fullmatch(raw):
        raise DateInvalid(
            Problem(
                "Enter the %(subject)s as year-month-day, like %(example)s",
                subject=subject,
                example=EXAMPLE_DAY,
            )
        )
    try:
        return date.fromisoformat(raw)
    except ValueError:  # 2026-13-45, 2027-02-29, 0000-01-01
        raise DateInvalid(
            Problem(
                "The %(subject)s must be a real date, like %(example)s",
                subject=subject,
                example=EXAMPLE_DAY,
            )
        ) from None


def whole_number_typed(raw: str, subject: str) -> int | None:
    """A count typed in a box (stripped): None when empty; ValueError with a ``Problem`` when
    it is not a whole number, or longer than any count or limit the scheme keeps (and a
    database integer)."""
    if not raw:
        return None
    if not is_whole_number(raw.removeprefix("-")):
        raise ValueError(Problem("%(subject)s must be a whole number, like 3", subject=subject))
    if len(raw) > 9:
        raise ValueError(Problem("%(subject)s is too large", subject=subject))
    return int(raw)


#: What people put between the digits of a phone number: spaces, hyphens or dashes, brackets.
PHONE_PUNCTUATION = re.compile(r"[\s()\-\u2010-\u2015]")


def normalise_phone(text: str) -> str | None:
    """``"+44 (0)1632 960-001"`` -> ``"+441632960001"``: the number with its country code, or
    None if it cannot be a phone number. (A pure rule: ``icv.forms.phone_field`` checks every
    phone box in the app with it, and what was typed is kept as typed.)

    Spaces, hyphens, dashes and brackets between the digits are ignored; a letter, an extension
    or any other sign is refused. A UK number is written with its leading 0 and has 10 or 11
    digits with it (``01632 960 001``, ``07700 900 982``), or starts with +44 and has the same
    digits after it without the 0 (a 0 after +44, as in ``+44 (0)1632``, is allowed). Another
    country's number starts with + and its country code, and has 8 to 15 digits after the +
    (15 is the most the international numbering plan, E.164, allows)."""
    compact = PHONE_PUNCTUATION.sub("", text)
    digits = compact.removeprefix("+")
    if not is_whole_number(digits):
        return None
    if digits == compact:  # no +: a UK number written with its leading 0
        if not digits.startswith("0") or len(digits) not in (10, 11):
            return None
        national = digits[1:]
    elif digits.startswith("44"):  # +44, perhaps with the 0 after it
        national = digits[2:].removeprefix("0")
        if len(national) not in (9, 10):
            return None
    else:
        return compact if 8 <= len(digits) <= 15 and not digits.startswith("0") else None
    # No UK number has a second 0 after the first (or after +44): 00 begins a call abroad.
    return None if national.startswith("0") else "+44" + national
