"""Scheduled work that happens once, however many schedulers run and however often they run.

A job first *plans* each notice that is due, keyed by (kind, subject, key): an INSERT that does
nothing when the same notice exists, so planning twice plans once. It then *takes* the due
notices of its kind: one conditional UPDATE per notice (due -> taken) that only one transaction
can win, and it acts (queues mail) only for the notices it won, in the same transaction. The
claim and the mail commit together, so a crash leaves neither, and a second scheduler, blocked
on the row until the first commits, finds the notice taken and does nothing.

    for volunteer in due_for_a_warning:
        plan("vetting_warning", subject(volunteer), f"{expires_on}/{days}", now)
    for notice in take_due("vetting_warning", now):
        ...queue the mail...
        notice.outcome = "mailed the volunteer and 1 coordinator"

One notice that cannot be acted on (a template failing on one volunteer's data) holds up no
other: ``take_and_act`` and ``take_and_batch`` act in a savepoint, and a failure undoes that
notice's work only and puts it back as due, for the next run. Under ``failures_held`` (how
``icv.jobs.runs.run`` calls every job) the job goes on to its other notices and kinds, and the
run commits what they did and is recorded as failed with the notices' errors; without it, the
kind's other notices are acted on, then ``NoticesFailed`` is raised for the caller to commit
them or not.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import partial
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from icv.clock import now_utc
from icv.extensions import db
from icv.jobs.models import NoticeStatus, ScheduledNotice

T = TypeVar("T")

logger = logging.getLogger(__name__)

#: The failures of the run in hand, when its caller holds them (``failures_held``).
_held: ContextVar[list[str] | None] = ContextVar("notice_failures", default=None)

#: (table name, row id) of what a notice is about.
Subject = tuple[str, int]
#: The subject of notices about the whole scheme (a digest).
SCHEME: Subject = ("scheme", 0)


def subject(row: db.Model) -> Subject:
    return (row.__tablename__, row.id)


def plan(kind: str, about: Subject, key: str, due_at: datetime) -> bool:
    """Add a notice unless one with the same kind, subject and key exists; True if added."""
    values = {
        "kind": kind,
        "subject_type": about[0],
        "subject_id": about[1],
        "key": key,
        "due_at": due_at,
        "status": NoticeStatus.DUE.value,
        "planned_at": now_utc(),
    }
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    statement = (
        insert(ScheduledNotice)
        .values(values)
        .on_conflict_do_nothing(index_elements=["kind", "subject_type", "subject_id", "key"])
        .returning(ScheduledNotice.id)  # a row only when this call inserted one
    )
    return db.session.execute(statement).first() is not None


def claim(notice_id: int, now: datetime) -> bool:
    """Take one notice: True only for the single transaction whose UPDATE changed the row."""
    taken = db.session.execute(
        update(ScheduledNotice)
        .where(ScheduledNotice.id == notice_id, ScheduledNotice.status == NoticeStatus.DUE)
        .values(status=NoticeStatus.TAKEN, claimed_at=now)
    )
    return taken.rowcount == 1


def settle(kind: str, about: Subject, key: str, now: datetime, outcome: str) -> bool:
    """Record a notice as acted on outside its job (a lapse the coordinator recorded and acted
    on at once), so the job finds it taken and does not act again. True if it was still due."""
    plan(kind, about, key, now)
    notice = db.session.scalars(
        select(ScheduledNotice).where(
            ScheduledNotice.kind == kind,
            ScheduledNotice.subject_type == about[0],
            ScheduledNotice.subject_id == about[1],
            ScheduledNotice.key == key,
        )
    ).one()
    if not claim(notice.id, now):
        return False
    db.session.refresh(notice)
    notice.outcome = outcome
    return True


def take_due(kind: str, now: datetime) -> list[ScheduledNotice]:
    """Claim every notice of ``kind`` due by ``now``; return only those this run won."""
    due = db.session.scalars(
        select(ScheduledNotice.id)
        .where(
            ScheduledNotice.kind == kind,
            ScheduledNotice.status == NoticeStatus.DUE,
            ScheduledNotice.due_at <= now,
        )
        .order_by(ScheduledNotice.due_at, ScheduledNotice.id)
    ).all()
    won = [notice_id for notice_id in due if claim(notice_id, now)]
    if not won:
        return []
    return list(
        db.session.scalars(
            select(ScheduledNotice)
            .where(ScheduledNotice.id.in_(won))
            .order_by(ScheduledNotice.due_at, ScheduledNotice.id)
            .execution_options(populate_existing=True)
        )
    )


class NoticesFailed(Exception):
    """Notices that could not be acted on: each was undone and put back as due. What was done
    for the others stands, for the caller to commit."""

    def __init__(self, failures: list[str]) -> None:
        super().__init__("; ".join(failures))
        self.failures = failures


@contextmanager
def failures_held() -> Iterator[list[str]]:
    """Within: a notice that fails is listed in the list yielded, and nothing is raised for
    it, so the job goes on to its other notices and kinds."""
    failures: list[str] = []
    token = _held.set(failures)
    try:
        yield failures
    finally:
        _held.reset(token)


def isolated(notices: list[ScheduledNotice], work: Callable[[], T]) -> tuple[T | None, str]:
    """``work`` in a savepoint: what it returned and "" or, when it failed, None and what
    failed (its writes undone and ``notices`` put back as due: their claim stood till now)."""
    try:
        with db.session.begin_nested():
            return work(), ""
    except Exception as error:  # whatever it is, the other notices go on
        logger.exception("notices %s could not be acted on", [n.id for n in notices])
        for notice in notices:
            notice.status, notice.outcome, notice.claimed_at = NoticeStatus.DUE, None, None
        return None, f"{described(notices)}: {type(error).__name__}: {error}"


def report(failures: list[str]) -> None:
    """Hand the failures to the run holding them, or raise them."""
    if not failures:
        return
    held = _held.get()
    if held is None:
        raise NoticesFailed(failures)
    held.extend(failures)


def described(notices: list[ScheduledNotice]) -> str:
    """The first notice and how many more, e.g. "visit_reminder of volunteers 3"."""
    first = notices[0]
    more = f" and {len(notices) - 1} more" if len(notices) > 1 else ""
    return f"{first.kind} of {first.subject_type} {first.subject_id}{more}"


def take_and_act(kind: str, now: datetime, act: Callable[[ScheduledNotice], str | None]) -> int:
    """Take every due notice of ``kind`` and act on each one this run won.

    ``act`` queues the mail and returns what it did ("mailed the volunteer"), or None when the
    notice no longer applies (the volunteer left, the date changed). Returns how many were acted
    on; every taken notice records its outcome.
    """
    acted = 0
    failures = []
    for notice in take_due(kind, now):
        outcome, failure = isolated([notice], partial(act, notice))
        if failure:
            failures.append(failure)
            continue
        notice.outcome = outcome or "no longer applies"
        acted += outcome is not None
    report(failures)
    return acted


def take_and_batch(
    kind: str,
    now: datetime,
    check: Callable[[ScheduledNotice], T | None],
    act: Callable[[list[T]], str],
) -> int:
    """Take every due notice of ``kind`` and act once on all that still apply, e.g. one mail
    to the coordinators listing every visit not confirmed, rather than a mail per visit.

    ``check`` returns what to list for a notice, or None when it no longer applies; ``act``
    queues the mail and returns what it did. Returns how many notices were listed.
    """
    listed: list[tuple[ScheduledNotice, T]] = []
    failures = []
    for notice in take_due(kind, now):
        item, failure = isolated([notice], partial(check, notice))
        if failure:
            failures.append(failure)
        elif item is None:
            notice.outcome = "no longer applies"
        else:
            listed.append((notice, item))
    acted, failure = act_once(listed, act) if listed else (0, "")
    report([*failures, failure] if failure else failures)
    return acted


def act_once(
    listed: list[tuple[ScheduledNotice, T]], act: Callable[[list[T]], str]
) -> tuple[int, str]:
    """``take_and_batch``'s one act on every notice listed: how many it acted on and "", or 0
    and what failed (every listed notice put back)."""
    notices = [notice for notice, _ in listed]
    outcome, failure = isolated(notices, partial(act, [item for _, item in listed]))
    if failure:
        return 0, failure
    for notice in notices:
        notice.outcome = outcome
    return len(notices), ""
