"""Scheduled notices: planned once, taken by exactly one transaction, outcome recorded."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from icv.extensions import db
from icv.jobs.claims import (
    SCHEME,
    NoticesFailed,
    claim,
    failures_held,
    plan,
    take_and_act,
    take_and_batch,
    take_due,
)
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


def fails_on(key: str):
    """An act that writes a row, then fails for the notice with ``key``."""

    def act(notice: ScheduledNotice) -> str:
        plan("side_effect", ("volunteers", notice.subject_id), notice.key, NOW)
        if notice.key == key:
            raise RuntimeError(f"no template for {key}")
        return "mailed 1"

    return act


def test_a_notice_that_fails_is_undone_alone_and_put_back_then_raised(ctx):
    for n, key in enumerate("abc", start=1):
        plan("reminder", ("volunteers", n), key, NOW)
    with pytest.raises(NoticesFailed) as raised:
        take_and_act("reminder", NOW, fails_on("b"))
    assert raised.value.failures == ["reminder of volunteers 2: RuntimeError: no template for b"]
    db.session.commit()  # the caller keeps what was done for the others
    assert notices() == [
        ("reminder", "a", "taken"),
        ("reminder", "b", "due"),  # taken again by the next run
        ("reminder", "c", "taken"),
        ("side_effect", "a", "due"),
        ("side_effect", "c", "due"),  # b's undone
    ]
    [b] = db.session.scalars(select(ScheduledNotice).where(ScheduledNotice.key == "b"))
    assert (b.claimed_at, b.outcome) == (None, None)
    assert take_and_act("reminder", NOW, fails_on("none")) == 1
    assert notices()[1] == ("reminder", "b", "taken")


def test_held_failures_are_listed_and_the_job_goes_on(ctx):
    plan("reminder", ("volunteers", 1), "a", NOW)
    plan("chaser", ("volunteers", 1), "b", NOW)
    with failures_held() as failures:
        assert take_and_act("reminder", NOW, fails_on("a")) == 0
        assert take_and_act("chaser", NOW, fails_on("a")) == 1
    assert failures == ["reminder of volunteers 1: RuntimeError: no template for a"]


def test_a_batch_that_fails_puts_back_every_notice_it_listed(ctx):
    for n in (1, 2, 3):
        plan("alert", ("volunteers", n), "k", NOW)

    def mail_of(items: list[int]) -> str:
        plan("side_effect", SCHEME, "mail", NOW)
        raise RuntimeError("mail server refused the list")

    def listed_unless_third(notice: ScheduledNotice) -> int | None:
        return notice.subject_id if notice.subject_id != 3 else None

    with failures_held() as failures:
        assert take_and_batch("alert", NOW, listed_unless_third, mail_of) == 0
    assert failures == [
        "alert of volunteers 1 and 1 more: RuntimeError: mail server refused the list"
    ]
    rows = db.session.scalars(select(ScheduledNotice).order_by(ScheduledNotice.id))
    assert [(n.kind, n.subject_id, n.status, n.outcome) for n in rows] == [
        ("alert", 1, "due", None),
        ("alert", 2, "due", None),
        ("alert", 3, "taken", "no longer applies"),
    ]


def test_a_check_that_fails_in_a_batch_puts_back_that_notice_alone(ctx):
    for n in (1, 2, 3):
        plan("alert", ("volunteers", n), "k", NOW)
    mailed: list[list[int]] = []

    def listed_unless_second(notice: ScheduledNotice) -> int:
        if notice.subject_id == 2:
            raise RuntimeError("its visit was deleted")
        return notice.subject_id

    def mail_of(items: list[int]) -> str:
        mailed.append(items)
        return "listed in 1 mail"

    with failures_held() as failures:
        assert take_and_batch("alert", NOW, listed_unless_second, mail_of) == 2
    assert failures == ["alert of volunteers 2: RuntimeError: its visit was deleted"]
    assert mailed == [[1, 3]]
    rows = db.session.scalars(select(ScheduledNotice).order_by(ScheduledNotice.id))
    assert [(n.subject_id, n.status, n.outcome) for n in rows] == [
        (1, "taken", "listed in 1 mail"),
        (2, "due", None),
        (3, "taken", "listed in 1 mail"),
    ]
