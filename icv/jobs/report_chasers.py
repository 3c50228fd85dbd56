"""Daily: chase the report of a visit that has none, and mark the visit missed at the deadline.

A visit of a published rota still ``planned`` after its day has no report (filing one completes
it). The day after it, each visitor is asked once to write it (a reminder they may turn off);
``report_chase_days`` after it (3), it is listed once in one mail to the coordinators; when the
scheme's deadline has passed (``report_deadline_days`` after the visit, 7, was its last day) the
visit is marked missed, once, with an audit row by the system, and the summary counts it so.
A run the scheduler missed is caught up the next day, within the deadline.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icv.clock import now_utc, today_local
from icv.extensions import db
from icv.jobs import emails
from icv.jobs.claims import plan, subject, take_and_act, take_and_batch
from icv.jobs.models import ScheduledNotice
from icv.jobs.rules import (
    Outcome,
    combine,
    did,
    listed_in_mail,
    report_alert_due,
    report_reminder_due,
)
from icv.jobs.visit_notices import current_place, still_planned, visitor_key
from icv.notifications.preferences import wants_reminder
from icv.rota.models import PlannedVisit
from icv.rota.outcomes import mark_missed
from icv.rota.queries import awaiting_report
from icv.rota.rules import outcome_due
from icv.settings import get_settings


def chase_reports() -> Outcome:
    """The job: today's reminders to the visitors, today's list for the coordinators, and the
    visits whose deadline has passed."""
    today, now = today_local(), now_utc()
    settings = get_settings()
    chase_days, deadline_days = (
        int(settings["report_chase_days"]),
        int(settings["report_deadline_days"]),
    )
    waiting = awaiting_report(today)
    return combine(
        remind_visitors(waiting, deadline_days, today, now),
        alert_coordinators(waiting, chase_days, deadline_days, today, now),
        mark_visits_missed(waiting, deadline_days, today, now),
    )


def remind_visitors(
    waiting: list[PlannedVisit], deadline_days: int, today: date, now: datetime
) -> Outcome:
    for visit in waiting:
        if report_reminder_due(visit.last_day, today, deadline_days):
            for visitor in visit.visitors:
                if wants_reminder(visitor.volunteer.user, "report"):
                    plan(
                        "report_reminder",
                        subject(visit),
                        visitor_key(visitor.volunteer_id, visit.visit_on),
                        now,
                    )

    def act(notice: ScheduledNotice) -> str | None:
        place = current_place(notice)
        if place is None:
            return None
        deadline = place.visit.last_day + timedelta(days=deadline_days)
        return "mailed the volunteer" if emails.report_reminder(place, today, deadline) else None

    return did(take_and_act("report_reminder", now, act), "sent", "report reminder")


def alert_coordinators(
    waiting: list[PlannedVisit], chase_days: int, deadline_days: int, today: date, now: datetime
) -> Outcome:
    for visit in waiting:
        if report_alert_due(visit.last_day, today, chase_days, deadline_days):
            plan("report_overdue", subject(visit), visit.visit_on.isoformat(), now)

    def act(visits: list[PlannedVisit]) -> str:
        return listed_in_mail(emails.reports_overdue(visits, today))

    return did(
        take_and_batch("report_overdue", now, still_planned, act), "listed", "overdue report"
    )


def mark_visits_missed(
    waiting: list[PlannedVisit], deadline_days: int, today: date, now: datetime
) -> Outcome:
    for visit in waiting:
        if outcome_due(visit.last_day, today, deadline_days):
            plan("visit_missed", subject(visit), visit.visit_on.isoformat(), now)

    def act(notice: ScheduledNotice) -> str | None:
        # Lock the row (PostgreSQL) so a report filed at this moment either completes the visit
        # before this reads it, or waits and completes it after: never missed with a report.
        # Only the visit's row: its suite is joined, and cannot be locked through an outer join.
        db.session.get(
            PlannedVisit,
            notice.subject_id,
            with_for_update={"of": PlannedVisit},
            populate_existing=True,
        )
        visit = still_planned(notice)
        if visit is None or not outcome_due(visit.last_day, today, deadline_days):
            return None
        mark_missed(visit, visit.last_day + timedelta(days=deadline_days))
        return "marked missed"

    return did(take_and_act("visit_missed", now, act), "marked", "visit missed", "visits missed")
