"""Scheduled notices: planned once, taken by exactly one transaction, outcome recorded."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import select

from icv.extensions import db
from icv.jobs.claims import SCHEME, claim, plan, take_and_act, take_due
from icv.jobs.models import NoticeStatus, ScheduledNotice

NOW = dt.datetime(2026, 11, 24, 7, 0, tzinfo=dt.UTC)


def notices() -> list[tuple[str, str, str]]:
    rows = db.session.scalars(select(ScheduledNotice).order_by(ScheduledNotice.id))
    return [(n.kind, n.key, n.status) for n in rows]


def test_planning_the_same_notice_twice_creates_it_once(ctx):
    assert plan("weekly_digest", SCHEME, "2026-W48", NOW) is True
    assert plan("weekly_digest", SCHEME, "2026-W48", NOW) is False
    db.session.commit()
    assert plan("weekly_digest", SCHEME, "2026-W48", NOW + dt.timedelta(days=1)) is False
    assert plan("weekly_digest", SCHEME, "2026-W49", NOW) is True
    assert plan("weekly_digest", ("volunteers", 3), "2026-W48", NOW) is True
    db.session.commit()
    assert notices() == [
        ("weekly_digest", "2026-W48", "due"),
        ("weekly_digest", "2026-W49", "due"),
        ("weekly_digest", "2026-W48", "due"),
    ]


def test_only_notices_already_due_are_taken(ctx):
    plan("reminder", ("volunteers", 1), "now", NOW)
    plan("reminder", ("volunteers", 2), "later", NOW + dt.timedelta(hours=1))
    plan("other", ("volunteers", 1), "now", NOW)
    [taken] = take_due("reminder", NOW)
    assert (taken.key, taken.status, taken.claimed_at) == ("now", NoticeStatus.TAKEN, NOW)
    assert take_due("reminder", NOW) == []


def test_a_notice_taken_by_one_run_is_not_taken_by_another(app, ctx):
    plan("reminder", ("volunteers", 1), "now", NOW)
    db.session.commit()
    [notice_id] = db.session.scalars(select(ScheduledNotice.id))
    assert [n.id for n in take_due("reminder", NOW)] == [notice_id]
    db.session.commit()
    with app.app_context():  # another scheduler, with its own session
        assert claim(notice_id, NOW) is False
        assert take_due("reminder", NOW) == []


def test_of_two_concurrent_claims_only_the_first_wins(app, ctx):
    """The second UPDATE waits for the first transaction, then finds the row taken."""
    plan("reminder", ("volunteers", 1), "now", NOW)
    db.session.commit()
    [notice_id] = db.session.scalars(select(ScheduledNotice.id))
    assert claim(notice_id, NOW) is True  # held, not yet committed
    results = []

    def second_scheduler() -> None:
        with app.app_context():
            results.append(claim(notice_id, NOW))
            db.session.commit()

    other = threading.Thread(target=second_scheduler)
    other.start()
    other.join(timeout=0.5)
    assert other.is_alive()  # blocked behind the first claim
    db.session.commit()
    other.join(timeout=10)
    assert results == [False]


def test_acting_records_what_was_done_or_that_it_no_longer_applies(ctx):
    plan("reminder", ("volunteers", 1), "a", NOW)
    plan("reminder", ("volunteers", 2), "b", NOW)
    acted = take_and_act("reminder", NOW, lambda n: "mailed 1" if n.key == "a" else None)
    assert acted == 1
    rows = db.session.scalars(select(ScheduledNotice).order_by(ScheduledNotice.id))
    assert [(n.key, n.status, n.outcome) for n in rows] == [
        ("a", "taken", "mailed 1"),
        ("b", "taken", "no longer applies"),
    ]
