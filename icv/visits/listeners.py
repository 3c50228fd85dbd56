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


def visits_made(volunteer_id: int, this_year: int) -> tuple[int, int, date | None]:
    """Reports sent with this volunteer as a visitor: how many count in ``this_year`` and in
    the year before (by the day each counts on), and the day of the latest visit; one
    statement, not one for the counts and one for the latest."""
    theirs = or_(VisitReport.visitor_1_id == volunteer_id, VisitReport.visitor_2_id == volunteer_id)

    def counted_in(year: int):
        return VisitReport.counted_on.between(date(year, 1, 1), date(year, 12, 31))

    in_year, year_before, last = db.session.execute(
        select(
            func.count().filter(counted_in(this_year)),
            func.count().filter(counted_in(this_year - 1)),
            func.max(VisitReport.visit_date),
        ).where(theirs)
    ).one()
    return in_year, year_before, last


@volunteer_record_shown.connect
def visits_section(_sender: Any, *, volunteer: Volunteer, today: date, **_: Any) -> list:
    in_year, year_before, last = visits_made(volunteer.id, today.year)
    rows = [
        (f"Visits in {today.year}", str(in_year)),
        (f"Visits in {today.year - 1}", str(year_before)),
        ("Last visit", f"{last:%-d %B %Y}" if last else "None yet"),
    ]
    return [RecordSection("Visits", rows, order=10)]
