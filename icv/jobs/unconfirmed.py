"""Daily: ask volunteers to confirm their near visits; tell the coordinator of any still not
confirmed close to the day.

From ``confirm_reminder_days`` before a visit (7) a visitor who has not confirmed it, and has not
already asked to swap or drop it, is asked once to confirm or ask to swap (a reminder they may
turn off). From ``confirm_alert_days`` before it (2), each visitor still unconfirmed is listed
once in one mail to the coordinators, so someone can ring them. Keys as in
``icv.jobs.visit_notices``: a visit moved to another day starts afresh.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icv.clock import now_utc, today_local
from icv.jobs import emails
from icv.jobs.claims import plan, subject, take_and_act, take_and_batch
from icv.jobs.models import ScheduledNotice
from icv.jobs.rules import (
    Outcome,
    combine,
    confirm_alert_due,
    confirm_reminder_due,
    did,
    listed_in_mail,
)
from icv.jobs.visit_notices import Place, can_go, current_place, visitor_key
from icv.notifications.preferences import wants_reminder
from icv.rota.models import PlannedVisit
from icv.rota.queries import planned_between
from icv.rota.requests import open_request
from icv.settings import get_settings


def chase_confirmations() -> Outcome:
    """The job: today's requests to confirm, and today's list for the coordinators."""
    today, now = today_local(), now_utc()
    settings = get_settings()
    ask_days, alert_days = (
        int(settings["confirm_reminder_days"]),
        int(settings["confirm_alert_days"]),
    )
    coming = planned_between(
        today, today + timedelta(days=max(ask_days, alert_days)), published=True
    )
    return combine(
        ask_to_confirm(coming, ask_days, today, now),
        alert_coordinators(coming, alert_days, today, now),
    )


def unconfirmed(visit: PlannedVisit) -> list[Place]:
    return [Place(visit, visitor) for visitor in visit.visitors if visitor.confirmed_at is None]


def may_be_asked(place: Place) -> bool:
    """Not one who cannot go on the day (the coordinator is finding someone else), nor one who
    has asked to swap or drop the visit (the coordinator is dealing with it)."""
    return (
        can_go(place.volunteer, place.visit) and open_request(place.visit, place.volunteer) is None
    )


def ask_to_confirm(coming: list[PlannedVisit], days: int, today: date, now: datetime) -> Outcome:
    for visit in coming:
        if confirm_reminder_due(visit.visit_on, today, days):
            for place in unconfirmed(visit):
                if may_be_asked(place) and wants_reminder(place.volunteer.user, "unconfirmed"):
                    key = visitor_key(place.volunteer.id, visit.visit_on)
                    plan("confirm_reminder", subject(visit), key, now)

    def act(notice: ScheduledNotice) -> str | None:
        place = current_place(notice)
        if place is None or place.visitor.confirmed_at is not None or not may_be_asked(place):
            return None
        return "mailed the volunteer" if emails.confirm_reminder(place, today) else None

    return did(
        take_and_act("confirm_reminder", now, act),
        "sent",
        "request to confirm",
        "requests to confirm",
    )


def alert_coordinators(
    coming: list[PlannedVisit], days: int, today: date, now: datetime
) -> Outcome:
    for visit in coming:
        if confirm_alert_due(visit.visit_on, today, days):
            for place in unconfirmed(visit):
                plan(
                    "unconfirmed_alert",
                    subject(visit),
                    visitor_key(place.volunteer.id, visit.visit_on),
                    now,
                )

    def check(notice: ScheduledNotice) -> Place | None:
        place = current_place(notice)
        return place if place is not None and place.visitor.confirmed_at is None else None

    def act(places: list[Place]) -> str:
        return listed_in_mail(emails.unconfirmed_alert(places, today))

    listed = take_and_batch("unconfirmed_alert", now, check, act)
    return did(listed, "listed", "unconfirmed visitor")
