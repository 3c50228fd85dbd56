"""Daily: tell the coordinators about annual reviews coming due and overdue.

Each review not yet held of a current volunteer gives at most two notices, keyed by its due
date and the kind (``2027-03-01/soon``, ``2027-03-01/overdue``): "soon" from 30 days before it
is due, "overdue" from the day after (a review first seen overdue gets only that one). So each
is mailed once, and a review whose due date changes is reminded of afresh.
"""

from __future__ import annotations

from icv.clock import now_utc, today_local
from icv.extensions import db
from icv.jobs import emails
from icv.jobs.claims import plan, subject, take_and_act
from icv.jobs.models import ScheduledNotice
from icv.jobs.rules import Outcome, did, plural
from icv.training.models import AnnualReview
from icv.training.queries import reviews_not_done
from icv.training.rules import review_notices
from icv.volunteers.rules import VISITING


def remind_of_reviews() -> Outcome:
    """The job: each review reminder that falls due today, each sent once."""
    today, now = today_local(), now_utc()
    for review in reviews_not_done():
        for which in review_notices(review.due_on, today):
            plan("review_reminder", subject(review), f"{review.due_on.isoformat()}/{which}", now)

    def act(notice: ScheduledNotice) -> str | None:
        review = db.session.get(AnnualReview, notice.subject_id)
        due_on, which = notice.key.split("/")
        if (
            review is None
            or review.done_on is not None
            or review.due_on.isoformat() != due_on
            or review.volunteer.status not in VISITING
        ):
            return None  # held, moved or the volunteer has left since it was planned
        told = emails.review_reminder(review, which == "overdue", today)
        return f"mailed {plural(told, 'coordinator')}"

    return did(take_and_act("review_reminder", now, act), "sent", "review reminder")
