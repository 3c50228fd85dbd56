"""One small sender per message the jobs send; each renders ``templates/emails/<name>-*``.

Reminders to a volunteer go through ``remind`` (they can turn them off); mail to the
coordinators goes through ``to_coordinators`` and is never optional.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from icv.accounts.mail import queue_to_coordinators
from icv.jobs.rules import Line, relative_day
from icv.notifications.preferences import remind
from icv.notifications.services import external_url
from icv.rota.mail import lines_for, visit_words

if TYPE_CHECKING:
    from icv.jobs.digest import DigestPart
    from icv.jobs.visit_notices import Place
    from icv.rota.models import PlannedVisit, RotaPeriod
    from icv.training.models import AnnualReview
    from icv.volunteers.models import Volunteer


def to_coordinators(template: str, **context: Any) -> int:
    return queue_to_coordinators(template, **context)


def staff_line(visit: PlannedVisit, today: date, volunteers: list[Volunteer] | None = None) -> Line:
    """A visit as the coordinator sees it in a list: when, where, who, and its page."""
    people = volunteers if volunteers is not None else [v.volunteer for v in visit.visitors]
    names = " and ".join(v.user.name for v in people) or "nobody"
    when = relative_day((visit.visit_on - today).days)
    return Line(
        f"{visit_words(visit)} ({when}): {names}", external_url("rota.visit", visit_id=visit.id)
    )


def _visit(place: Place, today: date) -> dict[str, Any]:
    """What a volunteer's mail about one of their visits may say (see ``icv.rota.mail``)."""
    return {
        "volunteer": place.volunteer,
        "line": lines_for([place.visit], place.volunteer)[0],
        "days_left": (place.visit.visit_on - today).days,
        #: allocated by week: the days left are to its Monday, and the pair choose the day
        "by_week": place.visit.by_week,
        "my_visits_link": external_url("my_visits.upcoming"),
        "reminders_link": external_url("accounts.reminders"),
    }


def visit_reminder(place: Place, today: date) -> bool:
    """The volunteer's reminder of a visit a few days ahead, if they want it."""
    sent = remind(place.volunteer.user, "visit", "visit-reminder", **_visit(place, today))
    return sent is not None


def confirm_reminder(place: Place, today: date) -> bool:
    """Ask a volunteer who has not confirmed a near visit to confirm it or ask to swap."""
    sent = remind(place.volunteer.user, "unconfirmed", "visit-confirm", **_visit(place, today))
    return sent is not None


def unconfirmed_alert(places: list[Place], today: date) -> int:
    lines = [staff_line(p.visit, today, [p.volunteer]) for p in places]
    return to_coordinators("visits-unconfirmed-coordinator", lines=lines, today=today)


def report_reminder(place: Place, today: date, deadline: date) -> bool:
    """Ask the visitors to write the report of a visit that has none yet."""
    sent = remind(
        place.volunteer.user,
        "report",
        "report-reminder",
        deadline=deadline,
        reports_link=external_url("visits.reports"),
        **_visit(place, today),
    )
    return sent is not None


def reports_overdue(visits: list[PlannedVisit], today: date) -> int:
    lines = [staff_line(visit, today) for visit in visits]
    return to_coordinators("reports-overdue-coordinator", lines=lines, today=today)


def next_rota(starts_on: date, draft: RotaPeriod | None, today: date) -> int:
    """The next rota period, due to start on ``starts_on``, is not published."""
    return to_coordinators(
        "next-rota-coordinator",
        starts_on=starts_on,
        ends_on=starts_on - timedelta(days=1),
        days_left=(starts_on - today).days,
        draft=draft,
        draft_link=external_url("rota.period", period_id=draft.id) if draft else None,
        new_link=external_url("rota.new_period"),
    )


def review_reminder(review: AnnualReview, overdue: bool, today: date) -> int:
    """An annual review is due within the notice days, or overdue."""
    return to_coordinators(
        "review-due-coordinator",
        volunteer=review.volunteer,
        due_on=review.due_on,
        overdue=overdue,
        days_left=(review.due_on - today).days,
        link=external_url("training.review", review_id=review.id),
    )


def _about(volunteer: Volunteer, ends_on: date, today: date) -> dict[str, Any]:
    return {
        "volunteer": volunteer,
        "ends_on": ends_on,
        "days_left": (ends_on - today).days,
        "record_link": external_url("volunteers.detail", volunteer_id=volunteer.id),
        "account_link": external_url("accounts.account"),
        "reminders_link": external_url("accounts.reminders"),
    }


def expiry_reminder(
    volunteer: Volunteer, reminder: str, template: str, ends_on: date, today: date
) -> bool:
    """The volunteer's own warning (``vetting-due``, ``term-ending``), if they want it."""
    sent = remind(volunteer.user, reminder, template, **_about(volunteer, ends_on, today))
    return sent is not None


def expiry_notice(
    template: str, volunteer: Volunteer, ends_on: date, today: date, **more: Any
) -> int:
    """The coordinators' message about a volunteer (``vetting-due-coordinator``,
    ``term-ending-coordinator``, ``vetting-lapsed-coordinator`` with the ``visits`` still
    planned for them)."""
    return to_coordinators(template, **_about(volunteer, ends_on, today), **more)


def weekly_digest(parts: list[DigestPart], today: date) -> int:
    return to_coordinators("weekly-digest", parts=parts, today=today)
