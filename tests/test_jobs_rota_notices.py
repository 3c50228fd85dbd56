"""The coordinator is told when the next rota is late, and of the visits of a volunteer whose
vetting has lapsed."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from icv.extensions import db
from icv.jobs.runs import run
from icv.rota.models import RotaPeriod
from icv.rota.services import cancel_visit
from tests.factories import make_period
from tests.mail import outbox
from tests.rota_jobs import at, make_rota, notices, sent

#: The published rota runs to Sunday 3 January 2027; the next should start on Monday 4th.
NEXT_START = date(2027, 1, 4)


@pytest.fixture
def clock(ctx):
    with time_machine.travel(at(date(2026, 12, 13), 7, 20), tick=False) as traveller:
        yield traveller


@pytest.fixture
def rota(personas, clock):
    return make_rota(personas)


def without_draft(rota) -> None:
    db.session.delete(rota.draft)
    db.session.commit()


def test_the_coordinator_is_told_three_weeks_before_the_next_period_once(rota, clock):
    without_draft(rota)
    assert run("next_rota").summary == "nothing to do"  # 22 days to go
    clock.move_to(at(date(2026, 12, 14), 7, 20))
    first = run("next_rota")
    assert (first.did_something, first.summary) == (True, "sent 1 rota notice")
    assert sent() == [
        (
            "chris@example.org",
            "next-rota-coordinator",
            "The rota from 4 January 2027 is not published yet",
        )
    ]
    assert outbox()[0].body_text == (
        "Dear Chris,\n\n"
        "The published rota runs out on Sunday 3 January 2027. No rota from Monday 4 January "
        "2027 is published yet, and that is 21 days away.\n\n"
        "Plan the next period, then publish it so the volunteers can see and confirm their "
        "visits:\n\n"
        "http://icv.test/rota/new\n\n"
        "Independent Custody Visiting Scheme"
    )
    assert run("next_rota").summary == "nothing to do"
    clock.move_to(at(date(2027, 1, 5), 7, 20))  # it started unpublished: told once only
    assert run("next_rota").summary == "nothing to do"
    assert notices("next_rota") == [(0, "2027-01-04", "mailed 1 coordinator")]


def test_a_waiting_draft_is_linked(rota, clock):
    clock.move_to(at(date(2026, 12, 20), 7, 20))
    run("next_rota")
    [notice] = outbox()
    assert "A draft rota for 4 Jan 2027 to 4 Apr 2027 is waiting." in notice.body_text
    assert f"http://icv.test/rota/{rota.draft.id}\n" in notice.body_text
    assert "that is 15 days away" in notice.body_text


def test_publishing_the_next_period_moves_the_question_to_the_one_after(rota, clock):
    rota.draft.status = "published"
    db.session.commit()
    clock.move_to(at(date(2026, 12, 14), 7, 20))
    assert run("next_rota").summary == "nothing to do"
    clock.move_to(at(date(2027, 3, 15), 7, 20))  # three weeks before 5 April 2027
    assert run("next_rota").summary == "sent 1 rota notice"
    assert outbox()[0].subject == "The rota from 5 April 2027 is not published yet"


def test_a_period_published_after_the_notice_was_planned_is_not_reported(rota, clock):
    from icv.jobs.claims import SCHEME, plan

    plan("next_rota", SCHEME, NEXT_START.isoformat(), at(date(2026, 12, 14), 7, 20))
    rota.draft.status = "published"
    db.session.commit()
    clock.move_to(at(date(2026, 12, 14), 7, 20))
    assert run("next_rota").summary == "nothing to do"
    assert notices("next_rota") == [(0, "2027-01-04", "no longer applies")]


def test_no_published_rota_yet_means_nothing_to_say(ctx, clock):
    make_period(date(2027, 1, 4), status="draft")
    db.session.commit()
    assert run("next_rota").summary == "nothing to do"
    assert db.session.scalar(db.select(db.func.count()).select_from(RotaPeriod)) == 1


def test_a_lapse_takes_the_volunteer_off_the_rota_and_lists_the_visits_to_fill(rota, clock):
    rota.val.vetting_expires_on = date(2026, 12, 24)
    before = rota.visit(date(2026, 12, 21))  # before the lapse: kept
    after = rota.visit(date(2026, 12, 29))
    later = rota.visit(date(2026, 12, 26), [rota.val])
    called_off = rota.visit(date(2026, 12, 31))
    cancel_visit(None, called_off, "Suite closed")
    draft = rota.visit(date(2027, 1, 6), period=rota.draft)
    rota.visit(date(2027, 1, 2), [rota.sam])  # not Val's
    clock.move_to(at(date(2026, 12, 25), 7, 0))
    db.session.commit()
    outbox_before = len(outbox())
    assert run("expiry_warnings").summary == "reported 1 vetting lapse"
    on = {
        v.id: [pv.volunteer.user.name for pv in v.visitors] for v in (before, after, later, draft)
    }
    assert on == {
        before.id: ["Val Person", "Sam Person"],
        after.id: ["Sam Person"],
        later.id: [],
        draft.id: ["Sam Person"],
    }
    # The partner on the published visit is told; nobody is told of the draft.
    told = [m.to_address for m in outbox()[outbox_before:] if m.kind == "rota-visit-changed"]
    assert told == ["sam@example.org"]
    [lapse] = [m for m in outbox()[outbox_before:] if m.kind == "vetting-lapsed-coordinator"]
    assert lapse.subject == "Vetting lapsed: Val Person cannot be rostered"
    assert lapse.body_text == (
        "Dear Chris,\n\n"
        "Val Person's police vetting was valid until 24 December 2026 and no renewal has been "
        "recorded. They are left out of the rota until one is.\n\n"
        f"Record the renewal on their record: http://icv.test/volunteers/{rota.val.id}\n\n"
        "They have been taken off 3 planned visits from today, and their partners told. Please "
        "find someone else for each (Add a visitor, on the visit's page), or record the renewal "
        "and put them back.\n\n"
        "- Saturday 26 December 2026, evening (18:00 to 22:00), Leamington Spa (tomorrow): "
        "nobody\n"
        f"  http://icv.test/rota/visits/{later.id}\n"
        "- Tuesday 29 December 2026, evening (18:00 to 22:00), Leamington Spa (in 4 days): "
        "Sam Person\n"
        f"  http://icv.test/rota/visits/{after.id}\n"
        "- Wednesday 6 January 2027, evening (18:00 to 22:00), Leamington Spa (in 12 days): "
        "Sam Person\n"
        f"  http://icv.test/rota/visits/{draft.id}\n\n"
        "Independent Custody Visiting Scheme"
    )


def test_a_lapse_with_no_visits_left_says_so_plainly(rota, clock):
    rota.val.vetting_expires_on = date(2026, 12, 12)
    db.session.commit()
    run("expiry_warnings")
    [lapse] = outbox("vetting-lapsed-coordinator")
    assert lapse.body_text.endswith(
        f"Record the renewal on their record: http://icv.test/volunteers/{rota.val.id}\n\n"
        "Independent Custody Visiting Scheme"
    )
    assert "planned visit" not in lapse.body_html
