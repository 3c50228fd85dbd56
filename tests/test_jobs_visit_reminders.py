"""Visit reminders: each visitor of each published visit, once per day and threshold."""

from __future__ import annotations

import datetime as dt
from datetime import date, timedelta

import pytest
import time_machine

from icv.clock import SCHEME_TZ, today_local
from icv.extensions import db
from icv.jobs.models import ScheduledNotice
from icv.jobs.registry import job_by_id
from icv.jobs.runs import run
from icv.notifications.preferences import set_reminders
from icv.rota.places import replace_visitor
from icv.rota.services import cancel_visit, move_visit
from icv.settings import update_settings
from tests.factories import make_period, make_visitor
from tests.mail import outbox
from tests.rota_jobs import at, make_rota, notices, sent

#: Tuesday 24 November 2026, 07:10 in London, when the job runs.
TODAY = date(2026, 11, 24)


@pytest.fixture
def clock(ctx):
    with time_machine.travel(at(TODAY, 7, 10), tick=False) as traveller:
        yield traveller


@pytest.fixture
def rota(personas, clock):
    return make_rota(personas)


def test_it_reminds_each_visitor_three_days_before_once(rota, clock):
    friday = rota.visit(date(2026, 11, 27))
    rota.visit(date(2026, 11, 28))  # four days off: not yet
    rota.visit(date(2027, 1, 6), period=rota.draft)  # a draft: nobody has seen it

    first = run("visit_reminders")
    assert (first.did_something, first.summary) == (True, "sent 2 visit reminders")
    assert sent() == [
        ("val@example.org", "visit-reminder", "Reminder: your custody visit is in 3 days"),
        ("sam@example.org", "visit-reminder", "Reminder: your custody visit is in 3 days"),
    ]
    to_val, to_sam = outbox()
    assert to_val.body_text == (
        "Dear Val,\n\n"
        "Your custody visit is in 3 days:\n\n"
        "Friday 27 November 2026, evening (18:00 to 22:00), Leamington Spa, with Sam\n\n"
        "Agree the exact time within the time band with your partner, meet away from the "
        "station and arrive together. Keep the day and time to yourselves: visits are "
        "unannounced.\n\n"
        'If you can no longer go, ask to swap or drop it in "My visits" as soon as you can:\n\n'
        "http://icv.test/my-visits\n\n"
        "You can choose which reminders you get by email: http://icv.test/account/reminders\n\n"
        "Office of the Police and Crime Commissioner"
    )
    assert "Leamington Spa, with Val" in to_sam.body_text
    assert "Sam Person" not in to_val.body_text + to_val.body_html  # first names only

    assert run("visit_reminders").summary == "nothing to do"
    clock.shift(timedelta(days=1))  # two days left: the 3-day reminder is not sent again
    assert run("visit_reminders").summary == "sent 2 visit reminders"  # Saturday's
    assert len(outbox()) == 4
    assert notices("visit_reminder")[:2] == [
        (friday.id, f"{rota.val.id}/2026-11-27/3", "mailed the volunteer"),
        (friday.id, f"{rota.sam.id}/2026-11-27/3", "mailed the volunteer"),
    ]


def test_a_moved_visit_is_reminded_again_for_its_new_day(rota, clock):
    visit = rota.visit(date(2026, 11, 27))
    run("visit_reminders")
    move_visit(None, visit, date(2026, 11, 26), "evening", TODAY)
    db.session.commit()
    outbox_before = len(outbox())
    assert run("visit_reminders").summary == "sent 2 visit reminders"
    new = outbox()[outbox_before:]
    assert [m.subject for m in new] == ["Reminder: your custody visit is in 2 days"] * 2
    assert "Thursday 26 November 2026" in new[0].body_text


def test_a_cancelled_visit_gets_no_reminder(rota, clock):
    visit = rota.visit(date(2026, 11, 27))
    cancel_visit(None, visit, "Suite closed for repairs")
    db.session.commit()
    outbox_before = len(outbox())  # the cancellation itself was mailed
    assert run("visit_reminders").summary == "nothing to do"
    assert len(outbox()) == outbox_before


def test_a_visitor_taken_off_the_visit_gets_nothing_and_the_new_one_does(rota, clock):
    visit = rota.visit(date(2026, 11, 27))
    kim = make_visitor("kim@example.org", [rota.suite], name="Kim Third")
    # A notice planned for Sam before Sam left the visit lapses when it is taken.
    db.session.add(
        ScheduledNotice(
            kind="visit_reminder",
            subject_type="planned_visits",
            subject_id=visit.id,
            key=f"{rota.sam.id}/2026-11-27/3",
            due_at=at(TODAY, 7, 0),
        )
    )
    replace_visitor(None, visit, rota.sam, kim, TODAY)
    db.session.commit()
    outbox_before = len(outbox())
    assert run("visit_reminders").summary == "sent 2 visit reminders"
    assert [m.to_address for m in outbox()[outbox_before:]] == [
        "val@example.org",
        "kim@example.org",
    ]
    assert [(key.split("/")[0], outcome) for _, key, outcome in notices("visit_reminder")] == [
        (str(rota.sam.id), "no longer applies"),
        (str(rota.val.id), "mailed the volunteer"),
        (str(kim.id), "mailed the volunteer"),
    ]


def test_a_volunteer_who_turned_visit_reminders_off_gets_none(rota, clock):
    set_reminders(rota.sam.user, rota.sam.user, {"vetting", "term", "unconfirmed", "report"})
    db.session.commit()
    rota.visit(date(2026, 11, 27))
    assert run("visit_reminders").summary == "sent 1 visit reminder"
    assert [to for to, _, _ in sent()] == ["val@example.org"]


def test_a_volunteer_who_cannot_visit_that_day_is_not_reminded(rota, clock):
    rota.sam.vetting_expires_on = date(2026, 11, 26)  # lapses the day before the visit
    rota.visit(date(2026, 11, 27))
    assert run("visit_reminders").summary == "sent 1 visit reminder"
    assert [to for to, _, _ in sent()] == ["val@example.org"]


def test_it_uses_the_schemes_days_and_a_reminder_on_the_day(rota, clock):
    update_settings(None, {"visit_reminder_days": [7, 0]})
    db.session.commit()
    rota.visit(date(2026, 12, 1))  # 7 days
    rota.visit(date(2026, 11, 24), [rota.val])  # today
    rota.visit(date(2026, 11, 26), [rota.sam])  # 2 days: its 7-day reminder is caught up
    run("visit_reminders")
    assert sorted(key.split("/", 1)[1] for _, key, _ in notices("visit_reminder")) == [
        "2026-11-24/0",
        "2026-11-26/7",
        "2026-12-01/7",
        "2026-12-01/7",
    ]
    assert "Reminder: your custody visit is today" in [s for _, _, s in sent()]


def fire_times(job_id: str, first: date, last: date) -> list[dt.datetime]:
    """Every instant the real trigger gives for a job between two days."""
    trigger = job_by_id(job_id).schedule.trigger
    start = dt.datetime.combine(first, dt.time(), SCHEME_TZ)
    end = dt.datetime.combine(last + timedelta(days=1), dt.time(), SCHEME_TZ)
    times, previous = [], None
    while True:
        previous = trigger.get_next_fire_time(previous, previous or start)
        if previous >= end:
            return times
        times.append(previous)


@pytest.mark.parametrize("sunday", [date(2027, 3, 28), date(2026, 10, 25)])
def test_the_clock_change_weekend_gets_exactly_one_reminder_a_visit(ctx, personas, sunday):
    """The clocks go forward on 28 March 2027 (back on 25 October 2026) at 01:00 UTC."""
    with time_machine.travel(at(sunday - timedelta(days=10), 12), tick=False) as clock:
        rota = make_rota(personas)
        week = make_period(sunday - timedelta(days=6), weeks=2)
        days = [sunday + timedelta(days=n) for n in (-2, -1, 0, 1)]
        for n, day in enumerate(days):
            rota.visit(day, [make_visitor(f"v{n}@example.org", [rota.suite])], period=week)
        runs = fire_times("visit_reminders", sunday - timedelta(days=7), sunday + timedelta(days=2))
        reminded_on = {}
        for instant in runs:
            clock.move_to(instant)
            assert instant.astimezone(SCHEME_TZ).time() == dt.time(7, 10)
            before = len(outbox())
            run("visit_reminders")
            for message in outbox()[before:]:
                reminded_on.setdefault(message.to_address, []).append(today_local())
    assert len(runs) == 10  # one run a day, whatever the clocks do
    assert sorted(reminded_on.values()) == [[day - timedelta(days=3)] for day in days]
