"""Historical visits and issues from CSV files (docs/import.md).

All or nothing: the file is streamed once to check every line, and any bad line rejects the
whole file with every bad line listed by its number; only then is it streamed again and its
visits inserted in batches, in the one transaction the caller commits. So 100,000 visits take
seconds and little memory (bench/README.md). A visit is identified by suite, date and arrival
time, an issue by its visit, category and description: importing the same file again adds
nothing, and a line that gives one of them again with other details is refused (which would
be right?). A suite named in a visits file that the scheme does not have yet is created;
suites are matched by ``suites.rules.name_key`` in Python, never by SQL's lower().
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import aliased

from icv.accounts.models import User
from icv.clock import now_utc
from icv.extensions import db
from icv.settings import time_bands
from icv.suites.models import Suite
from icv.suites.rules import name_key
from icv.suites.services import suites_by_name
from icv.visits.check_rules import CheckDef
from icv.visits.check_services import checks_of, ensure_check_set
from icv.visits.count_rules import import_count_problems
from icv.visits.duplicates import report_at
from icv.visits.import_checks import check_columns, checked_values, insert_check_answers
from icv.visits.import_lines import ImportFailed, Line, read_lines
from icv.visits.issue_rules import IssueStatus, match_category
from icv.visits.issue_services import add_event
from icv.visits.models import VisitIssue, VisitReport
from icv.visits.queries import categories
from icv.visits.rules import Mode, Outcome, time_problems
from icv.visits.services import derived
from icv.visits.values import ReportValues
from icv.volunteers.models import Volunteer

__all__ = ["ImportFailed", "Result", "import_issues", "import_visits"]

COUNTS = ("in_custody", "offered", "spoken", "observed", "declined", "not_offered", "juveniles")
VISIT_COLUMNS = ("date", "suite", "arrived", "left")
VISIT_KNOWN = (*VISIT_COLUMNS, "admitted", "mode", "outcome", "visitor_1", "visitor_2", *COUNTS,
               "notes")  # fmt: skip
#: Optional columns of the structured checks (docs/import.md); ``check_<key>`` per check too.
ISSUE_COLUMNS = ("date", "suite", "arrived", "category", "description")
ISSUE_KNOWN = (*ISSUE_COLUMNS, "serious", "resolved", "resolved_on")
#: Visits inserted in one statement.
BATCH = 2_000
#: Lines between two progress lines.
EVERY = 10_000

Progress = Callable[[str], None]


def quiet(_: str) -> None:
    """No progress lines (the tests, a caller that does not want them)."""


@dataclass
class Result:
    added: int = 0
    already: int = 0
    suites_created: list[str] = field(default_factory=list)


def visitor_ids() -> dict[str, int]:
    """Volunteers by name (case folded), for names that belong to exactly one."""
    names: dict[str, list[int]] = {}
    for volunteer_id, name in db.session.execute(select(Volunteer.id, User.name).join(User)):
        names.setdefault(name.casefold(), []).append(volunteer_id)
    return {name: ids[0] for name, ids in names.items() if len(ids) == 1}


def counts_problems(outcome: str, counts: dict[str, int | None], given: list[str]) -> list[str]:
    """A completed visit gives every count, any other all or none; the counts keep the bounds
    of historical records (rules.import_count_problems)."""
    if (outcome == Outcome.COMPLETED or given) and len(given) < len(COUNTS):
        empty = ", ".join(name for name in COUNTS if name not in given)
        return [f"{empty} empty: a completed visit needs every count"]
    if given and None not in counts.values():
        return import_count_problems(*(counts[name] for name in COUNTS))
    return []


def known_columns(checks: tuple[CheckDef, ...]) -> tuple[str, ...]:
    """The columns a visits file may have: those of docs/import.md and the checks'."""
    return (*VISIT_KNOWN, *check_columns(checks))


def visit_from(
    line: Line, known: dict[str, int], check: bool = True, checks: tuple[CheckDef, ...] = ()
) -> tuple[str, ReportValues]:
    """The suite named and the visit a line gives; ``check`` False reads a line checked
    already (storing it) without the rules across its fields again."""
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
    if check:
        line.problems += time_problems(
            arrived, admitted, left, outcome, historical=True, visit_date=visit_date
        ).values()
    counts = {name: line.number(name) for name in COUNTS}
    given = [name for name in COUNTS if line.text(name)]
    if check:
        line.problems += counts_problems(outcome, counts, given)
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
    checked_values(line, values, checks)
    return suite, values


def details(
    admitted: time | None, left: time, mode: str, outcome: str, visitors, counts, comments
) -> int:
    """What the import stores of a visit beyond its identity, as one number: two lines (or a
    line and a stored report) of one visit must agree on it. Visitors by name, case folded."""
    names = tuple((name or "").casefold() for name in visitors)
    return hash((admitted, left, mode, outcome, names, tuple(counts), comments or None))


def details_of(line: Line, values: ReportValues) -> int:
    counts = [values.counts.get(name) for name in COUNTS]
    visitors = (line.text("visitor_1")[:120], line.text("visitor_2")[:120])
    return details(
        values.admitted_at, values.left_at, values.mode, values.outcome, visitors, counts,
        values.comments,
    )  # fmt: skip


class Identities:
    """Visits by identity (suite, date, arrival) as small numbers, with their details: those
    stored already, and those of the file seen so far with the line that gave each."""

    def __init__(self, suites: dict[str, Suite]) -> None:
        self.suites: dict[str, int] = {}
        ids = {suite.id: key for key, suite in suites.items()}
        self.stored = {
            self.of(ids[row[0]], row[1], row[2]): details(*row[3:7], row[7:9], row[9:16], row[16])
            for row in db.session.execute(stored_details())
        }
        self.seen: dict[int, tuple[int, int]] = {}

    def of(self, suite_key: str, day: date, arrived: time) -> int:
        suite = self.suites.setdefault(suite_key, len(self.suites))
        return (suite * 10**10) + day.toordinal() * 1440 + arrived.hour * 60 + arrived.minute

    def repeat(self, line: Line, identity: int, found: int) -> bool:
        """Is the line a visit stored or seen already? Noted as a problem when its details
        differ from those first given."""
        if identity in self.stored:
            if self.stored[identity] != found:
                line.problems.append(
                    "a report of this visit (the same suite, date and arrival) is already "
                    "stored, with other details: correct that report in icv, or give the same "
                    "details here"
                )
            return True
        if identity in self.seen:
            first, first_found = self.seen[identity]
            if first_found != found:
                line.problems.append(
                    f"the same visit as line {first} (the same suite, date and arrival) with "
                    "other details: give each visit once"
                )
            return True
        self.seen[identity] = (line.line_number, found)
        return False


def stored_details():
    """Every stored report's identity and details, in ``details``' order (one statement)."""
    report = VisitReport
    first, second = aliased(Volunteer), aliased(Volunteer)
    first_user, second_user = aliased(User), aliased(User)
    return (
        select(
            *(report.suite_id, report.visit_date, report.arrived_at),
            *(report.admitted_at, report.left_at, report.mode, report.outcome),
            func.coalesce(first_user.name, report.visitor_1_name),
            func.coalesce(second_user.name, report.visitor_2_name),
            *(getattr(report, name) for name in COUNTS),
            report.comments,
        )
        .outerjoin(first, first.id == report.visitor_1_id)
        .outerjoin(first_user, first_user.id == first.user_id)
        .outerjoin(second, second.id == report.visitor_2_id)
        .outerjoin(second_user, second_user.id == second.user_id)
        .execution_options(yield_per=5_000)
    )


@dataclass
class Checked:
    """What checking a visits file found: the suites to create and the lines not to store."""

    new_suites: dict[str, str] = field(default_factory=dict)
    repeats: set[int] = field(default_factory=set)


def counted(lines: Iterator[Line], progress: Progress, doing: str) -> Iterator[Line]:
    for n, line in enumerate(lines, 1):
        yield line
        if n % EVERY == 0:
            progress(f"{doing} {n:,} lines")


def check_visits(path: Path, today: date, suites: dict[str, Suite], known, progress) -> Checked:
    checked, problems, identities = Checked(), [], Identities(suites)
    checks = checks_of(None)
    lines = read_lines(path, VISIT_COLUMNS, known_columns(checks), today)
    try:
        for line in counted(lines, progress, "checked"):
            suite_name, values = visit_from(line, known, checks=checks)
            if not line.problems:
                key = name_key(suite_name)
                identity = identities.of(key, values.visit_date, values.arrived_at)
                if identities.repeat(line, identity, details_of(line, values)):
                    checked.repeats.add(line.line_number)
                elif key not in suites:
                    checked.new_suites.setdefault(key, suite_name.strip())
            problems += line.report()
    except ImportFailed as failure:
        raise ImportFailed(problems + failure.lines) from None
    if problems:
        raise ImportFailed(problems)
    return checked


def import_visits(path: Path, today: date, progress: Progress = quiet) -> Result:
    """Check the whole file, then store its new visits (the caller commits)."""
    known, suites = visitor_ids(), suites_by_name()
    checked = check_visits(path, today, suites, known, progress)
    result = Result(already=len(checked.repeats))
    for key, name in checked.new_suites.items():
        suites[key] = Suite(name=name)
        db.session.add(suites[key])
        result.suites_created.append(name)
    db.session.flush()
    bands, now, batch = time_bands(), now_utc(), []
    checks, answers, check_set_id = checks_of(None), {}, None
    lines = read_lines(path, VISIT_COLUMNS, known_columns(checks), today)
    for line in counted(lines, progress, "stored"):
        if line.line_number in checked.repeats:
            continue
        suite_name, values = visit_from(line, known, check=False, checks=checks)
        if line.problems:  # the file changed since it was checked
            raise ImportFailed([*line.report(), "the file changed while it was imported"])
        values.suite_id = suites[name_key(suite_name)].id
        if values.checks or values.rating:
            # The version asked now: read (or stored, if none is yet) once an import.
            check_set_id = check_set_id or ensure_check_set(None).id
            values.check_set_id = check_set_id
            answers[(values.suite_id, values.visit_date, values.arrived_at)] = values.checks
        batch.append(
            {**values.columns(), **derived(values, bands), "source": "import"}
            | {"reviewed_at": now, "submitted_at": now, "updated_at": now}
        )
        if len(batch) == BATCH:
            result.added += insert_visits(batch)
    result.added += insert_visits(batch)
    insert_check_answers(answers, now)
    return result


def insert_visits(batch: list[dict]) -> int:
    """Insert a batch of visits in one statement (executemany); empties the batch."""
    if not batch:
        return 0
    db.session.execute(insert(VisitReport.__table__), batch)
    stored = len(batch)
    batch.clear()
    return stored


def issue_from(line: Line, names: dict[str, str], suites: dict[str, Suite]):
    visit_date, arrived = line.day("date"), line.clock("arrived")
    suite = suites.get(name_key(line.required("suite")))
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
        # Earlier records had one flag: serious in the scheme's own figures, so it counts as
        # the Panel's serious and as urgent, as the migration of stored issues does.
        is_serious=(serious := line.yes_no("serious")),
        is_urgent=serious,
        description=line.required("description"),
        status=IssueStatus.CLOSED if resolved else IssueStatus.NEW,
        raised_on=report.counted_on if report else visit_date,
        resolved_on=resolved_on,
    )
    return report, issue


def issue_details(issue: VisitIssue) -> tuple:
    return (issue.is_serious, issue.status == IssueStatus.CLOSED, issue.resolved_on)


def check_issues(path: Path, today: date, progress: Progress) -> list:
    """Every line's visit and issue; a line that gives an issue again (the same visit, category
    and description) with other details, in the file or stored, refuses the file."""
    names, suites = categories(), suites_by_name()
    checked, problems, seen = [], [], {}
    lines = read_lines(path, ISSUE_COLUMNS, ISSUE_KNOWN, today)
    try:
        for line in counted(lines, progress, "checked"):
            report, issue = issue_from(line, names, suites)
            if report is not None and not line.problems:
                identity = (report.id, issue.category, issue.description)
                stored = next(
                    (i for i in report.issues if (i.category, i.description) == identity[1:]), None
                )
                first = seen.setdefault(identity, (line.line_number, issue_details(issue)))
                if stored is not None and issue_details(stored) != issue_details(issue):
                    line.problems.append(
                        "this issue is already stored with other details (serious, resolved): "
                        "change it in icv, or give the same details here"
                    )
                elif first[1] != issue_details(issue):
                    line.problems.append(
                        f"the same issue as line {first[0]} with other details: give each "
                        "issue once"
                    )
            checked.append((report, issue))
            problems += line.report()
    except ImportFailed as failure:
        raise ImportFailed(problems + failure.lines) from None
    if problems:
        raise ImportFailed(problems)
    return checked


def import_issues(path: Path, today: date, progress: Progress = quiet) -> Result:
    result = Result()
    for report, issue in check_issues(path, today, progress):
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
