"""Daily: warn of vetting renewals and term ends; tell the coordinator the day vetting lapses,
listing the visits still planned for the volunteer so someone else can be found.

Each volunteer gets each warning once per date: the notice key is the date and the threshold
(``2027-01-31/30``), so a renewed vetting date or a new term starts a new series. From the day
vetting lapses the rota leaves the volunteer out by itself (``volunteers.services.rosterable``
compares the date); this job makes sure the coordinator hears about it that day, once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from icv.clock import now_utc, today_local
from icv.extensions import db
from icv.jobs import emails
from icv.jobs.claims import plan, subject, take_and_act
from icv.jobs.models import ScheduledNotice
from icv.jobs.rules import Outcome, combine, did, lapse_to_report, warning_days, warning_due
from icv.settings import get_settings
from icv.signals import flat_replies, vetting_lapsed
from icv.volunteers.models import Volunteer

#: Volunteers who hold an appointment; a suspended one may come back, so is warned too.
APPOINTED = ("probation", "active", "suspended")


@dataclass(frozen=True)
class Expiry:
    """Something about a volunteer that runs out, and the mail that warns of it."""

    kind: str
    name: str
    ends_on: Callable[[Volunteer], date | None]
    #: The volunteer's reminder kind (``icv.notifications.preferences``).
    reminder: str
    #: The volunteer's template; the coordinators' is the same name with ``-coordinator``.
    template: str


EXPIRIES = (
    Expiry(
        "vetting_warning",
        "vetting warning",
        lambda volunteer: volunteer.vetting_expires_on,
        "vetting",
        "vetting-due",
    ),
    Expiry(
        "term_warning",
        "term warning",
        lambda volunteer: volunteer.term_ends_on,
        "term",
        "term-ending",
    ),
)


def warn_of_expiries() -> Outcome:
    """The job: every warning and lapse that falls due today, each sent once."""
    today, now = today_local(), now_utc()
    thresholds = warning_days(get_settings()["expiry_warning_days"])
    volunteers = list(
        db.session.scalars(
            select(Volunteer).where(Volunteer.status.in_(APPOINTED)).order_by(Volunteer.id)
        )
    )
    outcomes = [warn(expiry, volunteers, thresholds, today, now) for expiry in EXPIRIES]
    return combine(*outcomes, report_lapses(volunteers, today, now))


def mailed(volunteer_told: bool, coordinators: int) -> str:
    who = f"{coordinators} coordinator{'s' if coordinators != 1 else ''}"
    return f"mailed the volunteer and {who}" if volunteer_told else f"mailed {who}"


def current_volunteer(notice: ScheduledNotice) -> Volunteer | None:
    volunteer = db.session.get(Volunteer, notice.subject_id)
    if volunteer is None or volunteer.status not in APPOINTED:
        return None
    return volunteer


def warn(
    expiry: Expiry,
    volunteers: list[Volunteer],
    thresholds: tuple[int, ...],
    today: date,
    now: datetime,
) -> Outcome:
    for volunteer in volunteers:
        ends_on = expiry.ends_on(volunteer)
        days = warning_due(ends_on, today, thresholds)
        if days is not None:
            plan(expiry.kind, subject(volunteer), f"{ends_on.isoformat()}/{days}", now)

    def act(notice: ScheduledNotice) -> str | None:
        volunteer = current_volunteer(notice)
        if volunteer is None:
            return None
        ends_on = expiry.ends_on(volunteer)
        if ends_on is None or notice.key.split("/")[0] != ends_on.isoformat():
            return None  # the date changed since this was planned
        told = emails.expiry_reminder(volunteer, expiry.reminder, expiry.template, ends_on, today)
        coordinators = emails.expiry_notice(
            f"{expiry.template}-coordinator", volunteer, ends_on, today
        )
        return mailed(told, coordinators)

    return did(take_and_act(expiry.kind, now, act), "sent", expiry.name)


def report_lapses(volunteers: list[Volunteer], today: date, now: datetime) -> Outcome:
    for volunteer in volunteers:
        if lapse_to_report(volunteer.vetting_expires_on, today):
            plan(
                "vetting_lapsed", subject(volunteer), volunteer.vetting_expires_on.isoformat(), now
            )

    def act(notice: ScheduledNotice) -> str | None:
        volunteer = current_volunteer(notice)
        expires_on = volunteer.vetting_expires_on if volunteer else None
        if expires_on is None or expires_on.isoformat() != notice.key or expires_on >= today:
            return None  # renewed, or left, since this was planned
        # Lapsed vetting takes them off the rota (domain rule 19, the rota's receiver); the
        # visits now short of a visitor are listed for the coordinator, partners told.
        replies = vetting_lapsed.send(
            volunteer=volunteer, actor=None, now=now, expires_on=expires_on
        )
        taken_off = flat_replies(replies)
        visits = [emails.staff_line(visit, today) for visit in taken_off]  # who is left
        told = emails.expiry_notice(
            "vetting-lapsed-coordinator", volunteer, expires_on, today, visits=visits
        )
        return mailed(False, told)

    return did(take_and_act("vetting_lapsed", now, act), "reported", "vetting lapse")
