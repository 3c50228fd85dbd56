"""Vetting and term warnings, and the day vetting lapses: exactly which mail, and only once."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
import time_machine

from icv.accounts.models import User
from icv.extensions import db
from icv.jobs.models import ScheduledNotice
from icv.jobs.runs import run
from icv.notifications.preferences import set_reminders
from icv.settings import update_settings
from icv.volunteers.services import rosterable
from tests.factories import make_user, make_volunteer
from tests.mail import outbox

#: 07:00 in London on Tuesday 24 November 2026 (GMT, so also 07:00 UTC).
MORNING = dt.datetime(2026, 11, 24, 7, 0, tzinfo=dt.UTC)
TODAY = date(2026, 11, 24)


def sent() -> list[tuple[str, str, str]]:
    return [(m.to_address, m.kind, m.subject) for m in outbox()]


def user(personas, persona: str) -> User:
    return db.session.get(User, personas[persona])


@pytest.fixture
def clock(ctx):
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


def appoint(personas, persona: str, vetting: date, term: date, reminders=None):
    volunteer = make_volunteer(
        user(personas, persona), vetting_expires_on=vetting, term_ends_on=term
    )
    if reminders is not None:
        set_reminders(volunteer.user, volunteer.user, reminders)
    db.session.commit()
    return volunteer


@pytest.fixture
def val(personas, clock):
    """Vetting valid for 30 more days; term a long way off."""
    return appoint(personas, "volunteer", date(2026, 12, 24), date(2028, 1, 5))


@pytest.fixture
def sam(personas, clock):
    """Term ends in exactly 90 days; has turned term reminders off."""
    return appoint(personas, "volunteer2", date(2027, 12, 1), date(2027, 2, 22), {"vetting"})


def test_it_warns_the_volunteer_and_the_coordinator_once(val, sam, clock):
    first = run("expiry_warnings")
    assert sent() == [
        (
            "val@example.org",
            "vetting-due",
            "Your police vetting needs renewing by 24 December 2026",
        ),
        (
            "chris@example.org",
            "vetting-due-coordinator",
            "Vetting renewal due: Val Person, 24 December 2026",
        ),
        # Sam turned term reminders off: only the coordinator hears about Sam's term.
        (
            "chris@example.org",
            "term-ending-coordinator",
            "Term ending: Sam Person, 22 February 2027",
        ),
    ]
    assert (first.did_something, first.summary) == (
        True,
        "sent 1 vetting warning; sent 1 term warning",
    )
    [to_val] = outbox("vetting-due")
    assert "valid until 24 December 2026, which is in 30 days" in to_val.body_text
    assert "http://icv.test/account/reminders" in to_val.body_text
    [to_chris] = outbox("vetting-due-coordinator")
    assert to_chris.body_text.startswith("Dear Chris,")
    assert f"http://icv.test/volunteers/{val.id}" in to_chris.body_text

    second = run("expiry_warnings")
    assert (second.did_something, second.summary) == (False, "nothing to do")
    clock.shift(dt.timedelta(days=1))  # 29 days left: the 30-day warning is not sent again
    run("expiry_warnings")
    assert len(outbox()) == 3
    notices = db.session.scalars(db.select(ScheduledNotice).order_by(ScheduledNotice.id)).all()
    assert [(n.kind, n.key, n.status, n.outcome) for n in notices] == [
        ("vetting_warning", "2026-12-24/30", "taken", "mailed the volunteer and 1 coordinator"),
        ("term_warning", "2027-02-22/90", "taken", "mailed 1 coordinator"),
    ]


def test_it_sends_each_threshold_in_turn_and_then_reports_the_lapse_once(val, clock):
    run("expiry_warnings")
    clock.move_to(dt.datetime(2026, 12, 17, 7, 0, tzinfo=dt.UTC))  # 7 days left
    run("expiry_warnings")
    clock.move_to(dt.datetime(2026, 12, 24, 7, 0, tzinfo=dt.UTC))  # last valid day
    run("expiry_warnings")
    assert [kind for _, kind, _ in sent()] == ["vetting-due", "vetting-due-coordinator"] * 2
    assert "which is in 7 days" in outbox("vetting-due")[1].body_text
    assert db.session.scalars(rosterable(date(2026, 12, 24))).all() == [val]

    clock.move_to(dt.datetime(2026, 12, 25, 7, 0, tzinfo=dt.UTC))  # vetting has lapsed
    assert run("expiry_warnings").summary == "reported 1 vetting lapse"
    run("expiry_warnings")
    clock.shift(dt.timedelta(days=1))
    run("expiry_warnings")
    assert sent()[4:] == [
        (
            "chris@example.org",
            "vetting-lapsed-coordinator",
            "Vetting lapsed: Val Person cannot be rostered",
        ),
    ]
    assert db.session.scalars(rosterable(date(2026, 12, 25))).all() == []


def test_a_renewed_vetting_date_starts_a_new_series(val, clock):
    run("expiry_warnings")
    val.vetting_expires_on = date(2027, 2, 22)  # renewed late in the day, to 90 days from now
    db.session.commit()
    assert run("expiry_warnings").summary == "sent 1 vetting warning"
    assert (
        outbox("vetting-due")[1].subject == "Your police vetting needs renewing by 22 February 2027"
    )


def test_a_warning_missed_while_the_scheduler_was_down_is_replaced_by_the_current_one(
    personas, clock
):
    make_volunteer(user(personas, "volunteer"), vetting_expires_on=date(2026, 12, 10))
    db.session.commit()  # 16 days left: the 90- and 30-day warnings fell due while it was down
    assert run("expiry_warnings").summary == "sent 1 vetting warning"
    assert [n.key for n in db.session.scalars(db.select(ScheduledNotice))] == ["2026-12-10/30"]


def test_a_volunteer_who_turned_reminders_off_gets_none_but_the_coordinator_does(val, clock):
    set_reminders(val.user, val.user, set())
    db.session.commit()
    run("expiry_warnings")
    assert [(to, kind) for to, kind, _ in sent()] == [
        ("chris@example.org", "vetting-due-coordinator")
    ]


def test_it_uses_the_schemes_thresholds(val, clock):
    update_settings(None, {"expiry_warning_days": [60, 14]})
    db.session.commit()
    run("expiry_warnings")
    [notice] = db.session.scalars(db.select(ScheduledNotice))
    assert notice.key == "2026-12-24/60"


def test_without_a_coordinator_the_contact_address_is_told(ctx, clock):
    volunteer = make_volunteer(make_user("solo@example.org"), vetting_expires_on=date(2026, 12, 1))
    db.session.commit()
    run("expiry_warnings")
    assert [(to, kind) for to, kind, _ in sent()] == [
        ("solo@example.org", "vetting-due"),
        ("icv@example.org", "vetting-due-coordinator"),
    ]
    assert outbox("vetting-due-coordinator")[0].body_text.startswith("Dear coordinator,")
    assert volunteer.id


@pytest.mark.parametrize(("status", "warned"), [("suspended", True), ("resigned", False)])
def test_it_warns_only_appointed_volunteers(personas, clock, status, warned):
    make_volunteer(user(personas, "volunteer"), status, vetting_expires_on=date(2026, 12, 24))
    db.session.commit()
    assert bool(run("expiry_warnings").did_something) is warned


def test_a_notice_that_fails_is_undone_alone_and_waits_for_the_next_run(
    val, sam, clock, monkeypatch
):
    """Val's coordinators' mail fails after Val's own was queued: both are undone and Val's
    notice is due again; Sam's term warning, another kind, goes all the same. The run is
    recorded as failed with the error, and commits the rest."""
    from icv.jobs import emails

    works = emails.to_coordinators

    def broken_for_val(template, **context):
        if template == "vetting-due-coordinator":
            raise RuntimeError("template missing")
        return works(template, **context)

    monkeypatch.setattr(emails, "to_coordinators", broken_for_val)
    failed = run("expiry_warnings")
    [val_notice] = db.session.scalars(
        db.select(ScheduledNotice.id).where(ScheduledNotice.kind == "vetting_warning")
    )
    assert (failed.status, failed.summary, failed.error) == (
        "failed",
        "sent 1 term warning; 1 failure",
        "NoticesFailed, put back for the next run: "
        f"vetting_warning of volunteers {val.id}: RuntimeError: template missing",
    )
    assert [kind for _, kind, _ in sent()] == ["term-ending-coordinator"]
    assert notices_by_kind() == {
        "vetting_warning": ("due", None),
        "term_warning": ("taken", "mailed 1 coordinator"),
    }
    monkeypatch.undo()
    assert run("expiry_warnings").summary == "sent 1 vetting warning"
    assert [kind for _, kind, _ in sent()] == [
        "term-ending-coordinator",
        "vetting-due",
        "vetting-due-coordinator",
    ]
    assert db.session.get(ScheduledNotice, val_notice).status == "taken"


def notices_by_kind() -> dict[str, tuple[str, str | None]]:
    rows = db.session.scalars(db.select(ScheduledNotice))
    return {n.kind: (n.status, n.outcome) for n in rows}


def test_a_job_that_fails_outside_its_notices_is_rolled_back_and_recorded(val, clock, monkeypatch):
    from icv.jobs import expiries

    def broken(*_args, **_kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(expiries, "plan", broken)
    failed = run("expiry_warnings")
    assert (failed.summary, failed.error) == ("failed", "RuntimeError: the database went away")
    assert outbox() == []
    assert db.session.scalars(db.select(ScheduledNotice)).all() == []
    monkeypatch.undo()
    assert run("expiry_warnings").summary == "sent 1 vetting warning"
