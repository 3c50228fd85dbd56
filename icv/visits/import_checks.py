"""The structured checks in a visits file (docs/import.md): their optional columns, read into
a report's values, and their answers stored once the visits are inserted."""

from __future__ import annotations

from sqlalchemy import insert, select

from icv.extensions import db
from icv.visits.check_rules import NOT_CHECKED, CheckDef, Kind, Rating, field_name
from icv.visits.import_lines import Line
from icv.visits.models import CheckAnswer, VisitReport
from icv.visits.services import answer_row, check_answers
from icv.visits.values import ReportValues

#: The optional columns of the checks beyond one per check (``check_<key>``).
CHECKED_COUNTS = ("male", "female", "sex_not_known", "mental_health_powers")
CHECK_EXTRAS = ("rating", "good_practice_seen", "good_practice", *CHECKED_COUNTS)


def check_columns(checks: tuple[CheckDef, ...]) -> tuple[str, ...]:
    """The optional columns of the checks: the extras and one per active check."""
    return (*CHECK_EXTRAS, *(field_name(c.key) for c in checks if c.active))


def check_answers_of(line: Line, checks: tuple[CheckDef, ...], spoken: int | None) -> dict:
    """The checks a line answers: a count of those spoken with (no more than them), or yes
    or no; empty or not_checked is not checked."""
    found: dict[str, str | int] = {}
    for check in checks:
        name = field_name(check.key)
        if not check.active or not line.text(name):
            continue
        if check.kind == Kind.COUNT:
            count = line.number(name)
            if count is not None and spoken is not None and count > spoken:
                line.problems.append(f"{name} ({count}) is more than spoken ({spoken})")
            if count is not None:
                found[check.key] = count
        elif (answer := line.choice(name, {"yes", "no", NOT_CHECKED}, NOT_CHECKED)) != NOT_CHECKED:
            found[check.key] = answer
    return found


def checked_values(line: Line, values: ReportValues, checks: tuple[CheckDef, ...]) -> None:
    """The optional columns of the structured checks, into ``values`` (bounds only, as for
    the other historical counts)."""
    in_custody = values.counts.get("in_custody")
    extra = {name: line.number(name) for name in CHECKED_COUNTS if line.text(name)}
    by_sex = sum(extra.get(name) or 0 for name in ("male", "female", "sex_not_known"))
    if in_custody is not None and by_sex > in_custody:
        line.problems.append(f"male + female + sex_not_known ({by_sex}) is more than in_custody")
    if in_custody is not None and (extra.get("mental_health_powers") or 0) > in_custody:
        line.problems.append("mental_health_powers is more than in_custody")
    if extra and not values.counts:
        line.problems.append("counts by sex or under mental-health powers need the other counts")
    values.counts |= extra
    if line.text("rating"):
        values.rating = line.choice("rating", set(Rating), "")
    if line.text("good_practice_seen"):
        values.good_practice_seen = line.yes_no("good_practice_seen")
    values.good_practice = line.text("good_practice") or None
    if values.good_practice and values.good_practice_seen is None:
        values.good_practice_seen = True
    values.checks = check_answers_of(line, checks, values.counts.get("spoken"))


def insert_check_answers(answers: dict[tuple, dict], imported_at) -> None:
    """The check answers of the visits just inserted (their ids found by identity, in one
    statement), in one statement."""
    if not any(answers.values()):
        return
    report = VisitReport
    ids = db.session.execute(
        select(report.id, report.suite_id, report.visit_date, report.arrived_at).where(
            report.source == "import", report.submitted_at == imported_at
        )
    )
    rows = [
        answer_row(report_id, a)
        for report_id, *identity in ids
        for a in check_answers(answers.get(tuple(identity), {}))
    ]
    if rows:
        db.session.execute(insert(CheckAnswer.__table__), rows)
