"""The structured checks, ratings, good practice and detainees by sex of a period's completed
visits: ``check_figures``, for the summary (page, exports, JSON) and for ICVA's return.

Reports filed before the structured checks (or imported without them) count as "not recorded",
never as "no": each check counts only the reports whose version asked it. The database does
the counting, in three statements whatever the number of reports.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from icv.visits.check_rules import THEMES, Kind, Rating
from icv.visits.models import Check, CheckAnswer, CheckSet, VisitReport
from icv.visits.rules import Outcome

SEX = ("male", "female", "sex_not_known")


def completed_between(start: date, end: date, suite_ids) -> list:
    """Completed visits counted in ``start``..``end`` (inclusive), of ``suite_ids`` if given."""
    where = [VisitReport.outcome == Outcome.COMPLETED, VisitReport.counted_on.between(start, end)]
    if suite_ids is not None:
        where.append(VisitReport.suite_id.in_(list(suite_ids)))
    return where


def total(value) -> Any:
    return func.coalesce(func.sum(value), 0)


def flag(condition) -> Any:
    return total(case((condition, 1), else_=0))


def report_totals(session: Session, where: list) -> dict[str, int]:
    """Reports, ratings, good practice and the people by sex and under mental-health powers."""
    r = VisitReport
    no_sex = and_(*(getattr(r, name).is_(None) for name in SEX))
    columns = [
        func.count().label("reports"),
        func.count(r.check_set_id).label("recorded"),
        *(flag(r.rating == rating.value).label(rating.value) for rating in Rating),
        flag(r.rating.is_(None)).label("rating_not_recorded"),
        flag(r.good_practice_seen.is_(True)).label("good_practice_yes"),
        flag(r.good_practice_seen.is_(False)).label("good_practice_no"),
        flag(r.good_practice_seen.is_(None)).label("good_practice_not_recorded"),
        *(total(getattr(r, name)).label(name) for name in SEX),
        flag(no_sex).label("sex_not_recorded"),
        total(r.mental_health_powers).label("mental_health_powers"),
        flag(r.mental_health_powers.is_(None)).label("mental_health_not_recorded"),
    ]
    row = session.execute(select(*columns).where(*where)).mappings().one()
    return {key: int(value) for key, value in row.items()}


def answer_totals(session: Session, where: list) -> dict[str, dict[str, int]]:
    """Per check key: reports asked it (their version had it active), answered, the count
    given, and yes and no."""
    r, c, a = VisitReport, Check, CheckAnswer
    query = (
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
    )
    rows = session.execute(query).mappings()
    return {row["key"]: {k: int(v) for k, v in row.items() if k != "key"} for row in rows}


def every_check(session: Session) -> dict[str, Check]:
    """Each key ever asked, with its words as its latest version has them, in that order."""
    rows = session.scalars(select(Check).join(CheckSet).order_by(CheckSet.version, Check.position))
    found: dict[str, Check] = {}
    for check in rows:
        found.pop(check.key, None)
        found[check.key] = check
    return found


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


def check_figures(session: Session, start: date, end: date, suite_ids=None) -> dict[str, Any]:
    """The checks of completed visits counted from ``start`` to ``end`` (inclusive), of the
    suites ``suite_ids`` (every suite when None):

    ``reports`` completed visits, ``recorded`` of them with structured checks and
    ``not_recorded`` without; ``themes``: theme -> check key -> {label, kind, asked (reports
    whose version asked it), answered, not_checked, and ``total`` (people, for a count) or
    ``yes`` and ``no``}; ``ratings``: satisfactory, concerns, unsatisfactory, not_recorded;
    ``good_practice``: yes, no, not_recorded (reports); ``detainees``: male, female,
    sex_not_known (people), sex_not_recorded (reports), mental_health_powers (people),
    mental_health_not_recorded (reports).
    """
    where = completed_between(start, end, suite_ids)
    reports = report_totals(session, where)
    answers = answer_totals(session, where)
    themes: dict[str, dict[str, Any]] = {theme: {} for theme in THEMES}
    for key, check in every_check(session).items():
        themes.setdefault(check.theme, {})[key] = check_figure(check, answers.get(key))
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
