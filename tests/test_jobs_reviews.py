"""The coordinators are reminded of each annual review once 30 days before it is due and once
when it is overdue; never twice, never for one held (frozen clock, the job run directly)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from icv.accounts.models import User
from icv.extensions import db
from icv.jobs.runs import run
from icv.training import services
from tests.factories import make_volunteer
from tests.mail import outbox
from tests.rota_jobs import at, sent

DUE = date(2027, 3, 1)


@pytest.fixture
def clock(ctx):
    with time_machine.travel(at(date(2027, 1, 29), 7, 25), tick=False) as traveller:
        yield traveller


@pytest.fixture
def review(personas, clock):
    val = make_volunteer(db.session.get(User, personas["volunteer"]))
    due = services.schedule_review(None, val, DUE)
    db.session.commit()
    return due


def on(clock, day: date) -> str:
    clock.move_to(at(day, 7, 25))
    return run("review_reminders").summary


SOON = ("chris@example.org", "review-due-coordinator", "Annual review due 1 March 2027: Val Person")
OVERDUE = ("chris@example.org", "review-due-coordinator", "Annual review overdue: Val Person")


def test_it_reminds_once_thirty_days_before_and_once_when_overdue(review, clock):
    assert on(clock, date(2027, 1, 29)) == "nothing to do"  # 31 days before
    assert on(clock, date(2027, 1, 30)) == "sent 1 review reminder"  # 30 days before
    assert on(clock, date(2027, 1, 30)) == "nothing to do"  # the same day again
    assert on(clock, date(2027, 2, 15)) == "nothing to do"
    assert on(clock, date(2027, 3, 1)) == "nothing to do"  # due today: not overdue yet
    assert on(clock, date(2027, 3, 2)) == "sent 1 review reminder"
    assert on(clock, date(2027, 3, 20)) == "nothing to do"
    assert sent() == [SOON, OVERDUE]
    assert outbox()[0].body_text.startswith(
        "Dear Chris,\n\nThe annual review of Val Person is due on Monday 1 March 2027, in 30 days."
    )
    assert f"http://icv.test/training/reviews/{review.id}" in outbox()[1].body_text


def test_a_review_first_seen_overdue_gets_only_the_overdue_reminder(review, clock):
    assert on(clock, date(2027, 3, 10)) == "sent 1 review reminder"
    assert on(clock, date(2027, 3, 11)) == "nothing to do"
    assert sent() == [OVERDUE]


def test_a_review_held_is_not_reminded_of(review, clock, personas):
    coordinator = db.session.get(User, personas["coordinator"])
    following = services.complete_review(coordinator, review, date(2027, 1, 20), "Went well")
    db.session.commit()
    assert following.due_on == date(2028, 1, 20)  # a year after the review held
    assert on(clock, date(2027, 3, 2)) == "nothing to do"
    assert sent() == []
