"""A lapsed vetting acts at once: a renewal date already past, recorded by the coordinator, takes
the volunteer off the visits still planned (as a suspension does), and the daily job catches any
lapse not acted on yet, however old."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import select

from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.jobs.models import ScheduledNotice
from icv.jobs.runs import run
from icv.rota.models import PlannedVisit
from tests.mail import outbox
from tests.rota_jobs import at, make_rota

#: Sunday 13 December 2026; the published rota of the fixture runs to Sunday 3 January 2027.
TODAY = date(2026, 12, 13)


@pytest.fixture
def clock(ctx):
    with time_machine.travel(at(TODAY, 10, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def rota(personas, clock):
    return make_rota(personas)


def record_vetting(client, volunteer_id: int, cleared: date, renewal: date):
    return client.post(
        f"/volunteers/{volunteer_id}/vetting",
        data={
            "vetting-vetting_level": "NPPV2",
            "vetting-vetting_cleared_on": [str(cleared.day), str(cleared.month), str(cleared.year)],
            "vetting-vetting_expires_on": [str(renewal.day), str(renewal.month), str(renewal.year)],
        },
    )


def visitors(visit_id: int) -> list[str]:
    visit = db.session.get(PlannedVisit, visit_id)
    db.session.refresh(visit)
    return [pv.volunteer.user.name for pv in visit.visitors]


def lapse_notices() -> list[tuple[str, str, str | None]]:
    rows = db.session.scalars(
        select(ScheduledNotice).where(ScheduledNotice.kind == "vetting_lapsed")
    )
    return [(n.key, n.status, n.outcome) for n in rows]


def test_a_past_renewal_date_takes_the_volunteer_off_their_visits_at_once(rota, login):
    yesterday_visit = rota.visit(TODAY - timedelta(days=1)).id  # already happened: kept
    today_visit = rota.visit(TODAY).id
    later_visit = rota.visit(date(2026, 12, 29)).id
    draft_visit = rota.visit(date(2027, 1, 6), period=rota.draft).id
    val_id = rota.val.id
    coordinator = login("coordinator")
    response = record_vetting(coordinator, val_id, date(2023, 12, 1), TODAY - timedelta(days=1))
    assert response.headers["Location"] == f"/volunteers/{val_id}"
    page = coordinator.get(f"/volunteers/{val_id}").text
    assert (
        "Vetting saved. Their vetting has lapsed: Val Person has been taken off 3 planned "
        "visits, and their partners told. Each visit needs another visitor."
    ) in page
    db.session.expire_all()
    assert visitors(yesterday_visit) == ["Val Person", "Sam Person"]
    for visit_id in (today_visit, later_visit, draft_visit):
        assert visitors(visit_id) == ["Sam Person"]
    # Sam is told of the two published visits; nobody is told of the draft.
    assert [m.to_address for m in outbox("rota-visit-changed")] == ["sam@example.org"] * 2
    [withdrawn] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "rota.volunteer_withdrawn")
    )
    assert withdrawn.actor.email == "chris@example.org"
    assert withdrawn.summary == (
        "Val Person taken off 3 planned visit(s) from 13 Dec 2026: police vetting lapsed"
    )
    assert (
        "This visit needs another visitor." in coordinator.get(f"/rota/visits/{later_visit}").text
    )
    # The daily job knows the lapse was acted on: no second withdrawal, no mail.
    assert lapse_notices() == [("2026-12-12", "taken", "acted on when Chris Person recorded it")]
    assert run("expiry_warnings").summary == "nothing to do"
    assert outbox("vetting-lapsed-coordinator") == []


def test_a_renewal_date_of_today_is_still_valid(rota, login):
    visit_id = rota.visit(date(2026, 12, 29)).id
    response = record_vetting(login("coordinator"), rota.val.id, date(2023, 12, 1), TODAY)
    assert response.status_code == 302
    db.session.expire_all()
    assert visitors(visit_id) == ["Val Person", "Sam Person"]
    assert lapse_notices() == []
    assert outbox() == []


def test_the_daily_job_catches_a_lapse_however_old(rota, clock):
    rota.val.vetting_expires_on = TODAY - timedelta(days=400)  # recorded without the form
    visit_id = rota.visit(date(2026, 12, 29)).id
    db.session.commit()
    clock.move_to(at(TODAY, 7, 0))
    assert run("expiry_warnings").summary == "reported 1 vetting lapse"
    assert visitors(visit_id) == ["Sam Person"]
    [lapse] = outbox("vetting-lapsed-coordinator")
    assert "was valid until 8 November 2025" in lapse.body_text
    assert lapse_notices() == [("2025-11-08", "taken", "mailed 1 coordinator")]
    assert run("expiry_warnings").summary == "nothing to do"
