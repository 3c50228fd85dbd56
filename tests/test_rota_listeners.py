"""How the rota reacts to other areas' signals: a volunteer who can no longer visit comes off
the visits in those dates (partners told); lapsed vetting takes them off from the day it is
found, in UK time; a filed report completes its visit and a corrected one reopens it."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
import time_machine
from sqlalchemy import select

from icv.accounts.models import User
from icv.audit.models import AuditEvent
from icv.clock import SCHEME_TZ
from icv.extensions import db
from icv.jobs.models import ScheduledNotice
from icv.rota.models import SwapRequest
from icv.rota.requests import decided
from icv.signals import (
    flat_replies,
    report_corrected,
    report_filed,
    vetting_lapsed,
    volunteer_unavailable,
)
from icv.volunteers.services import change_status
from tests.factories import make_period
from tests.rota_jobs import at, make_rota

#: Friday 11 December 2026, in the published rota of the fixture (23 Nov 2026 to 3 Jan 2027).
TODAY = date(2026, 12, 11)
NOW = at(TODAY, 10, 0)


@pytest.fixture
def rota(ctx, personas):
    with time_machine.travel(NOW, tick=False):
        yield make_rota(personas)


def coordinator(personas) -> User:
    return db.session.get(User, personas["coordinator"])


def audited(action: str) -> list[tuple[int | None, str, dt.datetime]]:
    rows = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    )
    return [(row.actor_id, row.summary, row.at.astimezone(SCHEME_TZ)) for row in rows]


def test_an_unavailable_volunteer_comes_off_the_visits_in_those_dates_only(rota, personas):
    before, first, last, after = (rota.visit(date(2026, 12, d)) for d in (13, 14, 20, 21))
    boss = coordinator(personas)
    replies = volunteer_unavailable.send(
        volunteer=rota.val,
        actor=boss,
        now=NOW,
        start=date(2026, 12, 14),
        end=date(2026, 12, 20),
        reason="in hospital",
    )
    assert flat_replies(replies) == [first, last]
    assert [[pv.volunteer for pv in v.visitors] for v in (before, first, last, after)] == [
        [rota.val, rota.sam],
        [rota.sam],
        [rota.sam],
        [rota.val, rota.sam],
    ]
    assert audited("rota.volunteer_withdrawn") == [
        (
            boss.id,
            f"{rota.val.user.name} taken off 2 planned visit(s) from 14 Dec 2026: in hospital",
            NOW,
        )
    ]


def test_suspending_a_volunteer_takes_them_off_every_visit_from_today(rota, personas):
    past, today, later = (rota.visit(date(2026, 12, d)) for d in (10, 11, 31))
    with time_machine.travel(NOW, tick=False):
        change_status(coordinator(personas), rota.val, "suspended", "Complaint under review")
    assert [len(v.visitors) for v in (past, today, later)] == [2, 1, 1]
    (withdrawn,) = audited("rota.volunteer_withdrawn")
    assert withdrawn[0] == personas["coordinator"]
    assert withdrawn[1].endswith("2 planned visit(s) from 11 Dec 2026: suspended")


@time_machine.travel(dt.datetime(2027, 6, 30, 23, 30, tzinfo=dt.UTC), tick=False)
def test_lapsed_vetting_takes_them_off_from_the_uk_day_it_is_found(ctx, personas):
    rota = make_rota(personas)
    # 23:30 on Wednesday 30 June 2027 in UTC is already Thursday 1 July in London (BST).
    found = dt.datetime(2027, 6, 30, 23, 30, tzinfo=dt.UTC)
    summer = make_period(date(2027, 6, 28), weeks=1)
    wednesday = rota.visit(date(2027, 6, 30), period=summer)
    thursday = rota.visit(date(2027, 7, 1), period=summer)
    replies = vetting_lapsed.send(
        volunteer=rota.val, actor=None, now=found, expires_on=date(2027, 6, 30)
    )
    assert flat_replies(replies) == [thursday]
    assert [len(v.visitors) for v in (wednesday, thursday)] == [2, 1]
    assert [(actor, summary) for actor, summary, _ in audited("rota.volunteer_withdrawn")] == [
        (
            None,
            f"{rota.val.user.name} taken off 1 planned visit(s) from 1 Jul 2027: "
            "police vetting lapsed",
        )
    ]
    # The job acts on its own notice: no notice is settled for a lapse it reports itself.
    assert db.session.scalars(select(ScheduledNotice)).all() == []


def test_a_lapse_someone_recorded_settles_the_jobs_notice(rota, personas):
    boss = coordinator(personas)
    vetting_lapsed.send(volunteer=rota.val, actor=boss, now=NOW, expires_on=date(2026, 12, 10))
    notice = db.session.scalars(select(ScheduledNotice)).one()
    assert (notice.kind, notice.subject_type, notice.subject_id, notice.key) == (
        "vetting_lapsed",
        "volunteers",
        rota.val.id,
        "2026-12-10",
    )
    assert (notice.status, notice.outcome) == ("taken", f"acted on when {boss.name} recorded it")


class Report:
    """What the rota reads of a report: the visit it is of, the day it counts on and the band
    of the arrival (the visits area is above)."""

    def __init__(self, planned_visit, counted_on=date(2026, 12, 10), band="evening"):
        self.planned_visit = planned_visit
        self.counted_on, self.band = counted_on, band
        self.visitor_1_id = self.visitor_2_id = None  # read by the visits area's receiver


def test_a_filed_report_completes_its_visit(rota, personas):
    visit = rota.visit(date(2026, 12, 10))
    val = db.session.get(User, personas["volunteer"])
    report_filed.send(report=Report(visit), actor=val, now=NOW)
    assert visit.status == "completed"
    assert (visit.done_on, visit.done_band) == (date(2026, 12, 10), "evening")
    assert audited("rota.visit_completed") == [
        (val.id, "Leamington Spa visit completed: its report was filed", NOW)
    ]
    report_filed.send(report=Report(None), actor=val, now=NOW)  # a report of no visit
    assert len(audited("rota.visit_completed")) == 1


def test_a_corrected_report_reopens_the_visit_it_left_and_completes_the_new_one(rota, personas):
    left, now_of = rota.visit(date(2026, 12, 9)), rota.visit(date(2026, 12, 10))
    left.status = now_of.status = "completed"
    boss = coordinator(personas)
    report_corrected.send(report=Report(now_of), released=left, taken_by=None, actor=boss, now=NOW)
    assert (left.status, now_of.status) == ("planned", "completed")
    assert [a for a, *_ in audited("rota.visit_reopened")] == [boss.id]
    (reopened,) = audited("rota.visit_reopened")
    assert reopened[1] == (
        "Leamington Spa visit on 9 Dec 2026 planned again: "
        "its report was corrected to another visit"
    )
    assert [s for _, s, _ in audited("rota.visit_completed")] == [
        "Leamington Spa visit completed: its report was corrected to this visit"
    ]
    # Another report of the visit left behind takes it over: it stays completed.
    report_corrected.send(
        report=Report(None),
        released=now_of,
        taken_by=Report(now_of, date(2026, 12, 11), "late"),
        actor=boss,
        now=NOW,
    )
    assert now_of.status == "completed"
    assert (now_of.done_on, now_of.done_band) == (date(2026, 12, 11), "late")
    assert (left.done_on, left.done_band) == (None, None)
    assert [s for _, s, _ in audited("rota.visit_completed")][-1] == (
        "Leamington Spa visit completed: another report of it, after its first report was corrected"
    )


def test_a_request_cancelled_by_taking_the_volunteer_off_is_decided_then_and_listed_first(
    rota, personas
):
    """Its time of decision is set (it had none, so PostgreSQL listed it above every later
    decision and SQLite below them); one that has none still comes last on either engine."""
    visit, older = rota.visit(date(2026, 12, 14)), rota.visit(date(2026, 12, 13))
    asked = SwapRequest(visit=visit, volunteer=rota.val, kind="swap", reason="Away")
    legacy = SwapRequest(
        visit=older, volunteer=rota.sam, kind="drop", reason="Ill", status="cancelled"
    )
    declined = SwapRequest(
        visit=older, volunteer=rota.val, kind="swap", reason="Work", status="declined",
        resolved_at=NOW - dt.timedelta(days=1),
    )  # fmt: skip
    db.session.add_all([asked, legacy, declined])
    db.session.flush()
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        volunteer_unavailable.send(
            volunteer=rota.val,
            actor=coordinator(personas),
            now=NOW,
            start=date(2026, 12, 14),
            end=date(2026, 12, 20),
            reason="in hospital",
        )
    assert (asked.status, asked.resolved_at) == ("cancelled", NOW + dt.timedelta(hours=1))
    assert db.session.scalars(decided()).all() == [asked, declined, legacy]
