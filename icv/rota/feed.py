"""A volunteer's private iCalendar feed of their own published visits.

It carries no more than the visitor needs: the suite, its address, the time band and their
partner's first name. A visit allocated by week is an all-day event lasting the week. Times
are in UTC so no time zone table is needed; calendars show them in local time. A cancelled
visit stays in the feed as cancelled, so calendars remove it. Its words are in the
volunteer's language (the caller sets it: a calendar app has no session).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from icv.clock import SCHEME_TZ, now_utc
from icv.rota.mail import partner_names
from icv.rota.models import PlannedVisit, VisitStatus
from icv.rota.queries import published_visits_of
from icv.settings import band_by_id
from icv.volunteers.models import Volunteer

if TYPE_CHECKING:
    from icalendar import Event

#: Past visits stay in the feed this long, so a calendar keeps recent history.
KEEP_PAST = timedelta(days=90)


def band_times(day: date, band_id: str) -> tuple[datetime | date, datetime | date]:
    """Start and end of a band on ``day`` in UTC; a band that crosses midnight ends next day.
    A band no longer in the scheme's settings gives the whole day."""
    band = band_by_id(band_id)
    if band is None:
        return day, day + timedelta(days=1)
    start = datetime.combine(day, band.start, tzinfo=SCHEME_TZ)
    end_day = day + timedelta(days=1) if band.crosses_midnight else day
    end = datetime.combine(end_day, band.end, tzinfo=SCHEME_TZ)
    return start.astimezone(UTC), end.astimezone(UTC)


def visit_event(visit: PlannedVisit, volunteer: Volunteer, host: str) -> Event:
    from icalendar import Event  # imported with calendar_for's, see there

    start, end = band_times(visit.visit_on, visit.band)
    agree = _("Agree the exact time with your partner.")
    if visit.by_week:  # a week-long all-day event: the pair choose the day and time
        start, end = visit.visit_on, visit.visit_on + timedelta(days=7)
        agree = _("Choose the day and time in this week with your partner.")
    event = Event()
    event.add("uid", f"visit-{visit.id}-{volunteer.id}@{host}")
    event.add("dtstamp", now_utc())
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", _("Custody visit: %(suite)s", suite=visit.suite.name))
    event.add("location", visit.suite.address or visit.suite.name)
    event.add(
        "description",
        _(
            "With %(partners)s. %(agree)s "
            "Keep the day and time to yourselves: visits are unannounced.",
            partners=partner_names(visit, volunteer),
            agree=agree,
        ),
    )
    event.add("status", "CANCELLED" if visit.status == VisitStatus.CANCELLED else "CONFIRMED")
    return event


def calendar_for(volunteer: Volunteer, today: date, host: str, scheme_name: str) -> bytes:
    # Imported when used, not with the app: icalendar costs start-up time in every process
    # (bench/startup.py) and only the feed needs it.
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", f"-//{scheme_name}//icv//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("My custody visits"))
    for visit in published_visits_of(volunteer, since=today - KEEP_PAST):
        calendar.add_component(visit_event(visit, volunteer, host))
    return calendar.to_ical()
