"""The demo rota's history: published quarters up to last week, made from the demo's reports
(the visits area builds them, since the rota sits below visits and cannot read reports)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from icv.extensions import db
from icv.rota import problem_from_db
from icv.rota.demo import SEED
from icv.rota.models import PlannedVisit, PlannedVisitor, RotaPeriod
from icv.rota.rules import monday_of
from icv.visits.models import VisitReport

#: The demo's history begins with its reports (1 January 2025).
HISTORY_STARTS = date(2025, 1, 1)


def rota_history(today: date) -> None:
    """Published quarters up to last week, whose visits are the demo's reports (completed),
    with now and then a visit nobody reported (missed) or one called off (cancelled)."""
    last_sunday = monday_of(today) - timedelta(days=1)
    reports = db.session.scalars(
        select(VisitReport)
        .where(VisitReport.visit_date.between(HISTORY_STARTS, last_sunday))
        .order_by(VisitReport.visit_date, VisitReport.id)
    ).all()
    taken = {(r.suite_id, r.visit_date) for r in reports}
    starts = monday_of(HISTORY_STARTS)
    while starts <= last_sunday:
        ends = min(starts + timedelta(days=7 * 13 - 1), last_sunday)
        period = RotaPeriod(starts_on=starts, ends_on=ends, seed=SEED, status="published")
        period.published_at = datetime.combine(starts - timedelta(days=14), time(9), UTC)
        problem_from_db.keep_requirements(period)
        for n, report in enumerate(reports):
            if starts <= report.visit_date <= ends:
                period.visits.extend(past_visits(report, n, taken, ends))
        db.session.add(period)
        starts = ends + timedelta(days=1)
    db.session.flush()


def past_visits(report: VisitReport, n: int, taken: set, ends: date) -> list[PlannedVisit]:
    """The planned visit a demo report was of; after every 25th report a visit two days later
    went unreported (missed), and after every 60th one was called off (cancelled)."""
    visitors = [i for i in (report.visitor_1_id, report.visitor_2_id) if i]
    done = planned(report.suite_id, report.visit_date, report.band, visitors, "completed")
    report.planned_visit = done
    found = [done]
    later = report.visit_date + timedelta(days=2)
    if n % 25 == 12 and (report.suite_id, later) not in taken and later <= ends:
        found.append(planned(report.suite_id, later, "evening", visitors, "missed"))
    elif n % 60 == 30 and (report.suite_id, later) not in taken and later <= ends:
        off = planned(report.suite_id, later, "afternoon", visitors, "cancelled")
        off.cancel_reason = "The suite was closed for the day after a fire alarm"
        found.append(off)
    return found


def planned(suite_id: int, day: date, band: str | None, visitors: list[int], status: str):
    return PlannedVisit(
        suite_id=suite_id,
        visit_on=day,
        band=band or "day",
        status=status,
        status_changed_at=datetime.combine(day + timedelta(days=1), time(9), UTC),
        visitors=[PlannedVisitor(volunteer_id=i) for i in visitors],
    )
