"""Before a swap becomes a drop: other times the same visit could be made, offered to the
volunteer who asks. By day, the days from the week before to the week after in the bands the
suite allows; by week, the weeks either side. Only times every rule allows for the pair as it
is (the partner's availability and spacing included) and within the asker's usual
availability. Choosing one moves the visit (``services.move_visit``: checked again, audited,
both visitors mailed). The caller commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _

from icv.i18n import format_date
from icv.rota import problem_from_db
from icv.rota.edit_rules import EditCheck
from icv.rota.engine.problem import WEEK_BAND, Visit
from icv.rota.models import PlannedVisit
from icv.rota.rules import edit_problem
from icv.rota.services import RotaError, move_visit
from icv.settings import time_bands
from icv.volunteers.models import Volunteer

#: At most this many times are offered: enough to choose from on a phone.
MOST = 6
#: How far from the visit's own day (or week) the times offered may be.
REACH = timedelta(days=7)


@dataclass(frozen=True)
class OtherTime:
    day: date
    band: str

    @property
    def value(self) -> str:
        """How the choice is posted: ``2027-01-06/evening``."""
        return f"{self.day.isoformat()}/{self.band}"

    def label(self, bands: dict[str, str]) -> str:
        if self.band == WEEK_BAND:
            day = format_date(self.day, "day_month")
            return _("Week of %(day)s, any day and time you choose", day=day)
        return f"{format_date(self.day, 'weekday')}, {bands.get(self.band, self.band)}"


def other_times(visit: PlannedVisit, asker: Volunteer, today: date) -> list[OtherTime]:
    """The times, soonest first, this visit could move to with the same people."""
    if edit_problem(visit.status, visit.last_day, today):
        return []
    check = EditCheck(visit.period, today, panel_of=visit.suite_id)  # its people are on it
    key = problem_from_db.volunteer_key(asker.id)
    people = problem_from_db.as_visit(visit).volunteers
    found = []
    for day, band in _times(visit, today):
        moved = Visit(problem_from_db.suite_key(visit.suite_id), day, band, people)
        if not check.outside(key, moved) and not check.problems(moved, visit):
            found.append(OtherTime(day, band))
            if len(found) == MOST:
                break
    return found


def _times(visit: PlannedVisit, today: date):
    period = visit.period
    first = max(visit.visit_on - REACH, period.starts_on, today + timedelta(days=1))
    last = min(visit.last_day + REACH, period.ends_on)
    if visit.by_week:
        monday = first + timedelta(days=-first.weekday() % 7)
        while monday + timedelta(days=6) <= last:
            if monday != visit.visit_on:
                yield monday, WEEK_BAND
            monday += timedelta(days=7)
        return
    allowed = visit.suite.bands or [band.id for band in time_bands()]
    day = first
    while day <= last:
        for band in time_bands():
            if band.id in allowed and (day, band.id) != (visit.visit_on, visit.band):
                yield day, band.id
        day += timedelta(days=1)


def move_to(asker: Volunteer, visit: PlannedVisit, choice: str, today: date) -> None:
    """Move the visit to one of the times offered (``OtherTime.value``)."""
    offered = {t.value: t for t in other_times(visit, asker, today)}
    if choice not in offered:
        raise RotaError(_("That time is no longer free: choose another, or ask to swap or drop"))
    move_visit(asker.user, visit, offered[choice].day, offered[choice].band, today)
