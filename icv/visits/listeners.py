"""How visit reports answer other areas (``icv.signals``): the coordinator's page of a
volunteer shows the visits they made, from the reports sent."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, or_, select

from icv.extensions import db
from icv.signals import RecordSection, volunteer_record_shown
from icv.visits.models import VisitReport
from icv.volunteers.models import Volunteer


def visits_by_year(volunteer_id: int, years: tuple[int, ...]) -> dict[int, int]:
    """Reports sent with this volunteer as a visitor, per year of the day they count on."""
    year = func.extract("year", VisitReport.counted_on)
    rows = db.session.execute(
        select(year, func.count())
        .where(
            or_(VisitReport.visitor_1_id == volunteer_id, VisitReport.visitor_2_id == volunteer_id),
            VisitReport.counted_on >= date(min(years), 1, 1),
            VisitReport.counted_on <= date(max(years), 12, 31),
        )
        .group_by(year)
    ).all()
    return {int(found): count for found, count in rows}


@volunteer_record_shown.connect
def visits_section(_sender: Any, *, volunteer: Volunteer, today: date, **_: Any) -> list:
    counts = visits_by_year(volunteer.id, (today.year - 1, today.year))
    last = db.session.scalar(
        select(func.max(VisitReport.visit_date)).where(
            or_(VisitReport.visitor_1_id == volunteer.id, VisitReport.visitor_2_id == volunteer.id)
        )
    )
    rows = [
        (f"Visits in {today.year}", str(counts.get(today.year, 0))),
        (f"Visits in {today.year - 1}", str(counts.get(today.year - 1, 0))),
        ("Last visit", f"{last:%-d %B %Y}" if last else "None yet"),
    ]
    return [RecordSection("Visits", rows, order=10)]
