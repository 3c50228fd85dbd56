"""Reading the CSV files of historical records (docs/import.md) one line at a time: the header
(every column known, none missing or repeated) and each field of a line, with every problem
noted against its line number rather than raised. The file is streamed, never held whole.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

from icv.text import is_whole_number
from icv.visits.count_rules import MAX_COUNT

DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
TIME = re.compile(r"\d{1,2}:\d{2}", re.ASCII)


class ImportFailed(Exception):
    """The file was refused; ``lines`` says why, one bad line each."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines[0])
        self.lines = lines


def shown(raw: str) -> str:
    """A value quoted in a message, cut short: a bad line is listed in one line."""
    return repr(raw if len(raw) <= 40 else raw[:40] + "...")


class Line:
    """One row of the file, read field by field; each problem is noted, not raised."""

    def __init__(self, number: int, row: list[str], header: list[str], today: date) -> None:
        self.line_number, self.today = number, today
        raw = {name: value.strip() for name, value in zip(header, row, strict=False)}
        # PostgreSQL refuses a NUL even in a query; in a CSV file it means damage, so the line
        # is refused, and read without it meanwhile (an issue's line looks up its visit).
        self.problems = [
            f"{name} contains a NUL character (\\x00): the file may be damaged"
            for name, value in raw.items()
            if "\x00" in value
        ]
        self.row = {name: value.replace("\x00", "") for name, value in raw.items()}

    def text(self, name: str) -> str:
        return self.row.get(name, "")

    def required(self, name: str) -> str:
        if not self.text(name):
            self.problems.append(f"{name} is empty")
        return self.text(name)

    def day(self, name: str, optional: bool = False) -> date | None:
        raw = self.text(name) if optional else self.required(name)
        if not raw:
            return None
        try:
            value = date.fromisoformat(raw) if DATE.fullmatch(raw) else None
        except ValueError:
            value = None
        if value is None:
            self.problems.append(f"{name} {shown(raw)} is not a date like 2026-11-20")
        elif value > self.today:
            self.problems.append(f"{name} {raw} is in the future")
        return value

    def clock(self, name: str, optional: bool = False) -> time | None:
        raw = self.text(name) if optional else self.required(name)
        if not raw:
            return None
        hours, _, minutes = raw.partition(":")
        if not TIME.fullmatch(raw) or int(hours) > 23 or int(minutes) > 59:
            self.problems.append(f"{name} {shown(raw)} is not a time like 14:30")
            return None
        return time(int(hours), int(minutes))

    def choice(self, name: str, allowed: set[str], default: str) -> str:
        value = self.text(name).lower() or default
        if value not in allowed:
            listed = ", ".join(sorted(allowed))
            self.problems.append(f"{name} {shown(value)} is not one of {listed}")
        return value

    def yes_no(self, name: str) -> bool:
        return self.choice(name, {"yes", "no"}, "no") == "yes"

    def number(self, name: str) -> int | None:
        """A count of people: a whole number from 0 to MAX_COUNT."""
        raw = self.text(name)
        if not raw:
            return None
        if not is_whole_number(raw):
            self.problems.append(f"{name} {shown(raw)} is not a whole number of 0 or more")
            return None
        # Length first: int() of thousands of digits is refused (or slow) before any compare.
        if len(raw.lstrip("0")) > len(str(MAX_COUNT)) or int(raw) > MAX_COUNT:
            self.problems.append(f"{name} {shown(raw)} is more than {MAX_COUNT}")
            return None
        return int(raw)

    def report(self) -> list[str]:
        return [f"line {self.line_number}: {problem}" for problem in self.problems]


def header_problems(
    header: list[str], needed: tuple[str, ...], known: tuple[str, ...]
) -> list[str]:
    """The header must name every column needed, and only columns icv knows, once each: a
    misspelt optional column (``mdoe``) would otherwise be dropped without a word."""
    problems = []
    missing = [name for name in needed if name not in header]
    if missing:
        problems.append(f"line 1: the header has no column {', '.join(missing)}")
    for name in dict.fromkeys(name for name in header if name):  # a trailing comma is fine
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            problems.append(f"line 1: the header has a column icv does not know: {name}{hint}")
        elif header.count(name) > 1:
            problems.append(f"line 1: the header has the column {name} more than once")
    return problems


def read_lines(
    path: Path, needed: tuple[str, ...], known: tuple[str, ...], today: date
) -> Iterator[Line]:
    """Each line of the file after the header, read as it streams by (a file of 100,000
    lines is never held in memory). A header that is wrong refuses the file at once."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.reader(file)
        started = 1
        try:
            header = [name.strip().lower() for name in next(reader, [])]
            if problems := header_problems(header, needed, known):
                raise ImportFailed(problems)
            started = reader.line_num + 1
            for row in reader:
                if row:  # a blank line is no line, as for csv.DictReader
                    yield Line(started, row, header, today)
                started = reader.line_num + 1
        except csv.Error as error:
            raise ImportFailed([unreadable(started, error)]) from None
        except UnicodeDecodeError:
            raise ImportFailed(
                [f"line {started}: is not UTF-8 text; nothing after it was read"]
            ) from None


def unreadable(line_number: int, error: csv.Error) -> str:
    """Why the CSV reader stopped at a line, in words."""
    if "field larger than field limit" in str(error):
        return (
            f"line {line_number}: a field is longer than {csv.field_size_limit():,} "
            "characters (or a closing quotation mark is missing); nothing after it was read"
        )
    return f"line {line_number}: cannot be read as CSV ({error}); nothing after it was read"
