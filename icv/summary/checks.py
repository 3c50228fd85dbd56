"""The structured checks, ratings, good practice and detainees by sex of a period's completed
visits: ``check_figures``, for the summary (page, exports, JSON) and for ICVA's return.

Reports filed before the structured checks (or imported without them) count as "not recorded",
never as "no": each check counts only the reports whose version asked it. The database does
the counting, in two statements whatever the number of reports (one, when the summary has
added the reports' sums to its own: ``report_columns``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Date,
    Select,
    and_,
    bindparam,
    case,
    func,
    select,
)
from sqlalchemy.orm import Session, aliased

from icv.visits.check_rules import THEMES, Kind, Rating
from icv.visits.models import Check, CheckAnswer, CheckSet, VisitReport
from icv.visits.rules import Outcome

SEX = ("male", "female", "sex_not_known")
ANSWER_COUNTS = ("asked", "answered", "total", "yes", "no")


def completed_between(start: Any, end: Any, suite_ids) -> list:
    """Completed visits counted in ``start``..``end`` (inclusive), of ``suite_ids`` if given
    (days and ids, or bound parameters)."""
    where = [VisitReport.outcome == Outcome.COMPLETED, VisitReport.counted_on.between(start, end)]
    if suite_ids is not None:
        in_suites = suite_ids if isinstance(suite_ids, BindParameter) else list(suite_ids)
        where.append(VisitReport.suite_id.in_(in_suites))
    return where


def total(value) -> Any:
    return func.coalesce(func.sum(value), 0)


def flag(condition) -> Any:
    return total(case((condition, 1), else_=0))


def report_columns(counted: ColumnElement[bool] | None, prefix: str = "") -> list[Any]:
    """Reports, ratings, good practice and the people by sex and under mental-health powers,
    of the reports ``counted`` picks out (completed visits; every report of the group when
    None), as labelled sums: the summary adds them to its other sums over the same reports
    (``queries.visit_totals``, which groups them by outcome)."""
    r = VisitReport
    no_sex = and_(*(getattr(r, name).is_(None) for name in SEX))

    def of(condition) -> Any:
        return flag(condition if counted is None else and_(counted, condition))

    def summed(column) -> Any:
        # NULL, as a report that left it out
        return total(column if counted is None else case((counted, column)))

    columns = {
        "reports": func.count() if counted is None else flag(counted),
        "recorded": of(r.check_set_id.is_not(None)),
        **{rating.value: of(r.rating == rating.value) for rating in Rating},
        "rating_not_recorded": of(r.rating.is_(None)),
        "good_practice_yes": of(r.good_practice_seen.is_(True)),
        "good_practice_no": of(r.good_practice_seen.is_(False)),
        "good_practice_not_recorded": of(r.good_practice_seen.is_(None)),
        **{name: summed(getattr(r, name)) for name in SEX},
        "sex_not_recorded": of(no_sex),
        "mental_health_powers": summed(r.mental_health_powers),
        "mental_health_not_recorded": of(r.mental_health_powers.is_(None)),
    }
    return [column.label(prefix + name) for name, column in columns.items()]


#: The names of the sums of ``report_columns``.
REPORT_SUMS = tuple(column.name for column in report_columns(None))


def reports_counted(row: Mapping[str, Any], prefix: str = "") -> dict[str, int]:
    """The sums of ``report_columns`` in a row (0 each when the row is empty: no report)."""
    return {name: int(row.get(prefix + name) or 0) for name in REPORT_SUMS}


def report_totals(session: Session, where: list) -> dict[str, int]:
    completed = VisitReport.outcome == Outcome.COMPLETED
    row = session.execute(select(*report_columns(completed)).where(*where)).mappings().one()
    return reports_counted(row)


def counted_checks(
    session: Session, start: date, end: date, suite_ids=None
) -> dict[str, tuple[Check, dict | None]]:
    """Each key ever asked, with its words as its latest version has them, in that order, and
    its counts (None if no report counted asked it): reports asked it (their version had it
    active), answered, the count given, yes and no, of ``completed_between``'s reports. One
    statement."""
    days: dict[str, Any] = {"start": start, "end": end}
    if suite_ids is not None:
        days["suite_ids"] = list(suite_ids)
    rows = session.execute(counted_checks_statement(suite_ids is not None), days)
    found: dict[str, tuple[Check, dict | None]] = {}
    for check, *values in rows:
        counted = (
            None
            if values[0] is None
            else {name: int(value) for name, value in zip(ANSWER_COUNTS, values, strict=True)}
        )
        found.pop(check.key, None)
        found[check.key] = (check, counted)
    return found


@cache
def counted_checks_statement(by_suite: bool) -> Select:
    """``counted_checks``' statement, built once per process with bound parameters (``start``,
    ``end`` and, ``by_suite``, ``suite_ids``): the summary's first view runs it, and building
    it cost more CPU than running it."""
    r, c, a = VisitReport, aliased(Check), CheckAnswer
    where = completed_between(
        bindparam("start", type_=Date),
        bindparam("end", type_=Date),
        bindparam("suite_ids", expanding=True) if by_suite else None,
    )
    answers = (
        select(
            c.key,
            func.count().label("asked"),
            func.count(a.report_id).label("answered"),
            total(a.count).label("total"),
            flag(a.answer == "yes").label("yes"),
            flag(a.answer == "no").label("no"),
        )
        .select_from(r)
        .join(c, and_(c.check_set_id == r.check_set_id, c.active))
        .outerjoin(a, and_(a.report_id == r.id, a.check_key == c.key))
        .where(*where)
        .group_by(c.key)
        .subquery()
    )
    counts = [answers.c[name] for name in ("asked", "answered", "total", "yes", "no")]
    return (
        select(Check, *counts)
        .join(CheckSet)
        .outerjoin(answers, answers.c.key == Check.key)
        .order_by(CheckSet.version, Check.position)
    )


def check_figure(check: Check, counted: dict[str, int] | None) -> dict[str, Any]:
    counted = counted or {"asked": 0, "answered": 0, "total": 0, "yes": 0, "no": 0}
    figure = {
        "label": check.label,
        "kind": check.kind,
        "asked": counted["asked"],
        "answered": counted["answered"],
        "not_checked": counted["asked"] - counted["answered"],
    }
    if check.kind == Kind.COUNT:
        return {**figure, "total": counted["total"]}
    return {**figure, "yes": counted["yes"], "no": counted["no"]}


def check_figures(
    session: Session,
    start: date,
    end: date,
    suite_ids=None,
    reports: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The checks of completed visits counted from ``start`` to ``end`` (inclusive), of the
    suites ``suite_ids`` (every suite when None):

    ``reports`` completed visits, ``recorded`` of them with structured checks and
    ``not_recorded`` without; ``themes``: theme -> check key -> {label, kind, asked (reports
    whose version asked it), answered, not_checked, and ``total`` (people, for a count) or
    ``yes`` and ``no``}; ``ratings``: satisfactory, concerns, unsatisfactory, not_recorded;
    ``good_practice``: yes, no, not_recorded (reports); ``detainees``: male, female,
    sex_not_known (people), sex_not_recorded (reports), mental_health_powers (people),
    mental_health_not_recorded (reports).

    ``reports``: the sums of ``report_columns`` when the caller has them already.
    """
    where = completed_between(start, end, suite_ids)
    if reports is None:
        reports = report_totals(session, where)
    themes: dict[str, dict[str, Any]] = {theme: {} for theme in THEMES}
    for key, (check, counted) in counted_checks(session, start, end, suite_ids).items():
        themes.setdefault(check.theme, {})[key] = check_figure(check, counted)
    return {
        "reports": reports["reports"],
        "recorded": reports["recorded"],
        "not_recorded": reports["reports"] - reports["recorded"],
        "themes": themes,
        "ratings": {
            **{rating.value: reports[rating.value] for rating in Rating},
            "not_recorded": reports["rating_not_recorded"],
        },
        "good_practice": {
            "yes": reports["good_practice_yes"],
            "no": reports["good_practice_no"],
            "not_recorded": reports["good_practice_not_recorded"],
        },
        "detainees": {
            **{name: reports[name] for name in (*SEX, "sex_not_recorded")},
            "mental_health_powers": reports["mental_health_powers"],
            "mental_health_not_recorded": reports["mental_health_not_recorded"],
        },
    }
