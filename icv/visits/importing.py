"""Historical visits and issues from CSV files (docs/import.md).

All or nothing: every line is checked first, and any bad line rejects the whole file with every
bad line listed by its number. A visit is identified by suite, date and arrival time, an issue
by its visit, category and description, so importing the same file again adds nothing. A suite
named in a visits file that the scheme does not have yet is created. The caller commits.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from sqlalchemy import func, select

from icv.clock import now_utc
from icv.extensions import db
from icv.suites.models import Suite
from icv.text import is_whole_number
from icv.visits.issue_rules import IssueStatus, match_category
from icv.visits.issue_services import add_event
from icv.visits.models import VisitIssue, VisitReport
from icv.visits.queries import categories
from icv.visits.rules import MAX_COUNT, Mode, Outcome, import_count_problems, time_problems
from icv.visits.services import report_at, store_report
from icv.visits.values import ReportValues
from icv.volunteers.models import Volunteer

COUNTS = ("in_custody", "offered", "spoken", "observed", "declined", "not_offered", "juveniles")
VISIT_COLUMNS = ("date", "suite", "arrived", "left")
ISSUE_COLUMNS = ("date", "suite", "arrived", "category", "description")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
TIME = re.compile(r"\d{1,2}:\d{2}", re.ASCII)


class ImportFailed(Exception):
    """The file was refused; ``lines`` says why, one bad line each."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines[0])
        self.lines = lines


@dataclass
class Result:
    added: int = 0
    already: int = 0
    suites_created: list[str] = field(default_factory=list)


def shown(raw: str) -> str:
    """A value quoted in a message, cut short: a bad line is listed in one line."""
    return repr(raw if len(raw) <= 40 else raw[:40] + "...")


class Line:
    """One row of the file, read field by field; each problem is noted, not raised."""

    def __init__(self, number: int, row: dict[str, str | None], today: date) -> None:
        self.line_number, self.today = number, today
        raw = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
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


def read_lines(path: Path, needed: tuple[str, ...], today: date) -> Iterator[Line]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed([f"{path.name} is not UTF-8 text"]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in needed if name not in header]
    if missing:
        raise ImportFailed([f"line 1: the header has no column {', '.join(missing)}"])
    started = reader.line_num + 1
    try:
        for row in reader:
            yield Line(started, row, today)
            started = reader.line_num + 1
    except csv.Error as error:
        raise ImportFailed([unreadable(started, error)]) from None


def unreadable(line_number: int, error: csv.Error) -> str:
    """Why the CSV reader stopped at a line, in words."""
    if "field larger than field limit" in str(error):
        return (
            f"line {line_number}: a field is longer than {csv.field_size_limit():,} "
            "characters (or a closing quotation mark is missing); nothing after it was read"
        )
    return f"line {line_number}: cannot be read as CSV ({error}); nothing after it was read"


def visitor_ids() -> dict[str, int]:
    """Volunteers by name (lower case), for names that belong to exactly one."""
    names: dict[str, list[int]] = {}
    for volunteer in db.session.scalars(select(Volunteer)):
        names.setdefault(volunteer.user.name.casefold(), []).append(volunteer.id)
    return {name: ids[0] for name, ids in names.items() if len(ids) == 1}


def visit_from(line: Line, known: dict[str, int]) -> tuple[str, ReportValues]:
    suite = line.required("suite")
    if len(suite) > 120:
        line.problems.append("suite is longer than 120 characters")
    visit_date = line.day("date")
    arrived, admitted, left = (
        line.clock("arrived"),
        line.clock("admitted", True),
        line.clock("left"),
    )
    mode = line.choice("mode", set(Mode), Mode.IN_PERSON)
    outcome = line.choice("outcome", set(Outcome), Outcome.COMPLETED)
    line.problems += time_problems(
        arrived, admitted, left, outcome, historical=True, visit_date=visit_date
    ).values()
    counts = {name: line.number(name) for name in COUNTS}
    given = [name for name in COUNTS if line.text(name)]
    if (outcome == Outcome.COMPLETED or given) and len(given) < len(COUNTS):
        empty = ", ".join(name for name in COUNTS if not line.text(name))
        line.problems.append(f"{empty} empty: a completed visit needs every count")
    elif given and None not in counts.values():
        line.problems += import_count_problems(*(counts[name] for name in COUNTS))
    visitors = [
        (line.text(name)[:120], known.get(line.text(name).casefold()))
        for name in ("visitor_1", "visitor_2")
    ]
    values = ReportValues(
        suite_id=0,
        visit_date=visit_date,
        arrived_at=arrived,
        admitted_at=admitted,
        left_at=left,
        mode=mode,
        outcome=outcome,
        visitor_1_id=visitors[0][1],
        visitor_1_name=None if visitors[0][1] else visitors[0][0] or None,
        visitor_2_id=visitors[1][1],
        visitor_2_name=None if visitors[1][1] else visitors[1][0] or None,
        counts=counts if given else {},
        comments=line.text("notes") or None,
    )
    return suite, values


def checked_lines(path: Path, columns: tuple[str, ...], today: date, read) -> list:
    """Every line of the file read by ``read(line)``; any problem anywhere refuses the file."""
    checked, problems = [], []
    try:
        for line in read_lines(path, columns, today):
            checked.append(read(line))
            problems += line.report()
    except ImportFailed as failure:
        raise ImportFailed(problems + failure.lines) from None
    if problems:
        raise ImportFailed(problems)
    return checked


def import_visits(path: Path, today: date) -> Result:
    known = visitor_ids()
    checked = checked_lines(path, VISIT_COLUMNS, today, lambda line: visit_from(line, known))
    result, seen = Result(), set()
    for suite_name, values in checked:
        suite = suite_named(suite_name, result)
        identity = (suite.id, values.visit_date, values.arrived_at)
        if identity in seen or report_at(*identity) is not None:
            result.already += 1
            continue
        seen.add(identity)
        values.suite_id = suite.id
        store_report(values, source="import", actor=None, reviewed_at=now_utc())
        result.added += 1
    return result


def suite_named(name: str, result: Result) -> Suite:
    suite = db.session.scalars(
        select(Suite).where(func.lower(Suite.name) == name.casefold())
    ).first()
    if suite is None:
        suite = Suite(name=name)
        db.session.add(suite)
        db.session.flush()
        result.suites_created.append(name)
    return suite


def issue_from(line: Line, names: dict[str, str]) -> tuple[VisitReport | None, VisitIssue]:
    visit_date, arrived = line.day("date"), line.clock("arrived")
    suite = db.session.scalars(
        select(Suite).where(func.lower(Suite.name) == line.required("suite").casefold())
    ).first()
    report = report_at(suite.id, visit_date, arrived) if suite and visit_date and arrived else None
    if report is None and not line.problems:
        line.problems.append(
            f"no visit to {line.text('suite')} on {visit_date} arriving at {line.text('arrived')}:"
            " import the visits first"
        )
    resolved, resolved_on = line.yes_no("resolved"), line.day("resolved_on", optional=True)
    if resolved_on and not resolved:
        line.problems.append("resolved_on is given but resolved is no")
    if resolved_on and visit_date and resolved_on < visit_date:
        line.problems.append(f"resolved_on {resolved_on} is before the visit")
    issue = VisitIssue(
        category=match_category(names, line.required("category"))[:60],
        is_serious=line.yes_no("serious"),
        description=line.required("description"),
        status=IssueStatus.CLOSED if resolved else IssueStatus.NEW,
        raised_on=report.counted_on if report else visit_date,
        resolved_on=resolved_on,
    )
    return report, issue


def import_issues(path: Path, today: date) -> Result:
    names = categories()
    checked = checked_lines(path, ISSUE_COLUMNS, today, lambda line: issue_from(line, names))
    result = Result()
    for report, issue in checked:
        same = (issue.category, issue.description)
        if any((i.category, i.description) == same for i in report.issues):
            result.already += 1
            continue
        issue.position = len(report.issues) + 1
        report.issues.append(issue)
        add_event(issue, None, "imported")
        result.added += 1
    db.session.flush()
    return result
