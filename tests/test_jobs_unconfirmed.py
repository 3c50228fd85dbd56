"""Unconfirmed visits: the volunteer is asked a week ahead; the coordinator told two days ahead."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from icv.extensions import db
from icv.jobs.runs import run
from icv.notifications.preferences import set_reminders
from icv.rota.requests import ask, confirm
from tests.mail import outbox
from tests.rota_jobs import at, make_rota, notices, sent

#: Tuesday 24 November 2026, 07:15 in London; the visit is a week later.
TODAY = date(2026, 11, 24)
VISIT_DAY = date(2026, 12, 1)


@pytest.fixture
def clock(ctx):
    with time_machine.travel(at(TODAY, 7, 15), tick=False) as traveller:
        yield traveller


@pytest.fixture
def rota(personas, clock):
    return make_rota(personas)


def test_it_asks_a_week_ahead_and_tells_the_coordinator_two_days_ahead_once(rota, clock):
    visit = rota.visit(VISIT_DAY)
    confirm(rota.sam, visit, TODAY)
    db.session.commit()

    first = run("unconfirmed_visits")
    assert (first.did_something, first.summary) == (True, "sent 1 request to confirm")
    assert sent() == [
        ("val@example.org", "visit-confirm", "Please confirm your custody visit in 7 days")
    ]
    assert outbox()[0].body_text == (
        "Dear Val,\n\n"
        "You have not confirmed this visit yet, and it is in 7 days:\n\n"
        "Tuesday 1 December 2026, evening (18:00 to 22:00), Leamington Spa, with Sam\n\n"
        'Please confirm it, or ask to swap or drop it, in "My visits":\n\n'
        "http://icv.test/my-visits\n\n"
        "You can choose which reminders you get by email: http://icv.test/account/reminders\n\n"
        "Office of the Police and Crime Commissioner"
    )
    for day in range(1, 5):  # 6 to 3 days ahead: nothing more
        clock.move_to(at(TODAY + timedelta(days=day), 7, 15))
        assert run("unconfirmed_visits").summary == "nothing to do"

    clock.move_to(at(date(2026, 11, 29), 7, 15))  # two days ahead
    assert run("unconfirmed_visits").summary == "listed 1 unconfirmed visitor"
    assert run("unconfirmed_visits").summary == "nothing to do"
    clock.move_to(at(date(2026, 11, 30), 7, 15))
    assert run("unconfirmed_visits").summary == "nothing to do"
    assert sent()[1:] == [
        ("chris@example.org", "visits-unconfirmed-coordinator", "Visits not confirmed: 1 visitor")
    ]
    assert outbox()[1].body_text == (
        "Dear Chris,\n\n"
        "These visitors have not confirmed visits that are close now. Please check that they "
        "can go, or find someone else:\n\n"
        "- Tuesday 1 December 2026, evening (18:00 to 22:00), Leamington Spa (in 2 days): "
        "Val Person\n"
        f"  http://icv.test/rota/visits/{visit.id}\n\n"
        "Independent Custody Visiting Scheme"
    )
    assert f'<a href="http://icv.test/rota/visits/{visit.id}">' in outbox()[1].body_html
    assert notices("unconfirmed_alert") == [
        (visit.id, f"{rota.val.id}/2026-12-01", "listed in the mail to 1 coordinator")
    ]


def test_a_visitor_who_confirms_in_time_is_not_listed(rota, clock):
    visit = rota.visit(VISIT_DAY)
    run("unconfirmed_visits")
    confirm(rota.val, visit, TODAY)
    confirm(rota.sam, visit, TODAY)
    db.session.commit()
    clock.move_to(at(date(2026, 11, 29), 7, 15))
    assert run("unconfirmed_visits").summary == "nothing to do"
    assert [kind for _, kind, _ in sent()] == ["visit-confirm", "visit-confirm"]


def test_one_mail_lists_every_visitor_still_unconfirmed(rota, clock):
    clock.move_to(at(date(2026, 11, 29), 7, 15))
    first = rota.visit(date(2026, 11, 30), [rota.val])
    second = rota.visit(VISIT_DAY, [rota.sam])
    assert run("unconfirmed_visits").summary == (
        "sent 2 requests to confirm; listed 2 unconfirmed visitors"
    )
    [alert] = outbox("visits-unconfirmed-coordinator")
    assert alert.subject == "Visits not confirmed: 2 visitors"
    assert "Leamington Spa (tomorrow): Val Person\n" in alert.body_text
    assert "Leamington Spa (in 2 days): Sam Person\n" in alert.body_text
    assert [visit_id for visit_id, _, _ in notices("unconfirmed_alert")] == [first.id, second.id]


def test_a_volunteer_who_asked_to_swap_or_turned_it_off_is_not_asked_but_still_listed(rota, clock):
    visit = rota.visit(VISIT_DAY)
    ask(rota.val, visit, "swap", "A family wedding", TODAY)
    set_reminders(rota.sam.user, rota.sam.user, {"vetting", "term", "visit", "report"})
    db.session.commit()
    outbox_before = len(outbox())  # the request went to the coordinator
    assert run("unconfirmed_visits").summary == "nothing to do"
    clock.move_to(at(date(2026, 11, 29), 7, 15))
    assert run("unconfirmed_visits").summary == "listed 2 unconfirmed visitors"
    assert [kind for _, kind, _ in sent()[outbox_before:]] == ["visits-unconfirmed-coordinator"]


def test_a_moved_visit_is_asked_about_again_and_a_cancelled_one_not(rota, clock):
    from icv.rota.services import cancel_visit, move_visit

    moved = rota.visit(VISIT_DAY)
    run("unconfirmed_visits")
    move_visit(None, moved, date(2026, 11, 28), "evening", TODAY)
    cancelled = rota.visit(date(2026, 11, 30))
    cancel_visit(None, cancelled, "Suite closed")
    db.session.commit()
    assert run("unconfirmed_visits").summary == "sent 2 requests to confirm"
    assert [key.split("/")[1] for _, key, _ in notices("confirm_reminder")] == [
        "2026-12-01",
        "2026-12-01",
        "2026-11-28",
        "2026-11-28",
    ]
