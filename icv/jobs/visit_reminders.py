"""Daily: remind each volunteer of each of their visits a few days before it.

The scheme sets the days (``visit_reminder_days``, e.g. ``[3]`` or ``[7, 1]``). Each visitor
of each planned visit in a published rota gets each reminder once: the notice is keyed by the
volunteer, the visit's day and the threshold (``12/2027-03-28/3``), so a visit moved to another
day is reminded again for its new day, and a reminder missed while the scheduler was down is
replaced by the next one (``warning_due``). A cancelled visit, a volunteer taken off it, one who
cannot visit on the day, or one who turned visit reminders off, gets nothing.
"""

from __future__ import annotations

from datetime import timedelta

from icv.clock import now_utc, today_local
from icv.jobs import emails
from icv.jobs.claims import plan, subject, take_and_act
from icv.jobs.models import ScheduledNotice
from icv.jobs.rules import Outcome, did, warning_days, warning_due
from icv.jobs.visit_notices import can_go, current_place, visitor_key
from icv.notifications.preferences import wants_reminder
from icv.rota.queries import planned_between
from icv.settings import get_settings

#: Used when the scheme's setting holds no usable number of days.
DEFAULT_DAYS = (3,)


def remind_of_visits() -> Outcome:
    """The job: every visit reminder that falls due today, each sent once."""
    today, now = today_local(), now_utc()
    thresholds = warning_days(get_settings()["visit_reminder_days"], DEFAULT_DAYS, smallest=0)
    coming = planned_between(today, today + timedelta(days=max(thresholds)), published=True)
    for visit in coming:
        days = warning_due(visit.visit_on, today, thresholds)
        for visitor in visit.visitors:
            volunteer = visitor.volunteer
            if can_go(volunteer, visit) and wants_reminder(volunteer.user, "visit"):
                key = visitor_key(volunteer.id, visit.visit_on, days)
                plan("visit_reminder", subject(visit), key, now)

    def act(notice: ScheduledNotice) -> str | None:
        place = current_place(notice)
        if place is None or not can_go(place.volunteer, place.visit):
            return None
        return "mailed the volunteer" if emails.visit_reminder(place, today) else None

    return did(take_and_act("visit_reminder", now, act), "sent", "visit reminder")
