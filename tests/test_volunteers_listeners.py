"""How volunteer records react to recruitment's signals: an applicant appointed on probation
becomes a volunteer, one confirmed in post becomes active (and the application appointed), and
one whose application closes leaves; each audited with the actor, at the time."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
import time_machine
from sqlalchemy import select

from icv.accounts.models import User
from icv.applications.services import ApplicationError, Appointment
from icv.audit.models import AuditEvent
from icv.clock import SCHEME_TZ
from icv.extensions import db
from icv.signals import applicant_appointed, appointment_ended, probation_completed
from icv.volunteers.models import Volunteer
from tests.factories import make_application, make_suite

#: Friday 11 December 2026, 10:00 in London.
NOW = dt.datetime(2026, 12, 11, 10, 0, tzinfo=SCHEME_TZ)


@pytest.fixture
def frozen(ctx):
    with time_machine.travel(NOW, tick=False):
        yield


def audited(action: str) -> list[tuple[int | None, dt.datetime]]:
    db.session.flush()
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action))
    return [(row.actor_id, row.at.astimezone(SCHEME_TZ)) for row in rows]


def appointed(personas) -> tuple[User, Volunteer]:
    boss = db.session.get(User, personas["coordinator"])
    suite = make_suite()
    application = make_application(stage="training", vetting_expires_on=date(2029, 1, 31))
    applicant_appointed.send(
        application=application,
        appointment=Appointment(appointed_on=date(2026, 12, 14), suite_ids=[suite.id]),
        actor=boss,
        now=NOW,
    )
    return boss, db.session.scalars(select(Volunteer)).one()


def test_an_appointed_applicant_becomes_a_volunteer_on_probation(frozen, personas):
    boss, volunteer = appointed(personas)
    assert (volunteer.status, volunteer.appointed_on, volunteer.term_ends_on) == (
        "probation",
        date(2026, 12, 14),
        date(2029, 12, 13),  # a term of three years (the default)
    )
    assert (volunteer.user.email, volunteer.vetting_expires_on) == (
        "jo@example.net",
        date(2029, 1, 31),
    )
    assert [s.name for s in volunteer.suites] == ["Leamington Spa"]
    assert audited("volunteer.appointed") == [(boss.id, NOW)]


def test_appointing_a_serving_volunteer_again_is_refused(frozen, personas):
    boss, volunteer = appointed(personas)
    with pytest.raises(ApplicationError, match="is already a volunteer"):
        applicant_appointed.send(
            application=volunteer.application,
            appointment=Appointment(appointed_on=date(2026, 12, 15)),
            actor=boss,
            now=NOW,
        )


def test_a_volunteer_confirmed_in_post_becomes_active_and_appointed(frozen, personas):
    boss, volunteer = appointed(personas)
    volunteer.application.stage = "probation"
    volunteer.probation_visits_before = volunteer.probation_visits_required
    probation_completed.send(
        application=volunteer.application, reason="Three good visits", actor=boss, now=NOW
    )
    assert (volunteer.status, volunteer.application.stage) == ("active", "appointed")
    assert audited("volunteer.status") == [(boss.id, NOW)]


def test_confirming_before_the_probation_visits_are_done_is_refused(frozen, personas):
    boss, volunteer = appointed(personas)
    with pytest.raises(ApplicationError):
        probation_completed.send(application=volunteer.application, reason="", actor=boss, now=NOW)
    assert volunteer.status == "probation"


def test_a_closed_application_ends_the_appointment(frozen, personas):
    boss, volunteer = appointed(personas)
    appointment_ended.send(
        application=volunteer.application,
        status="resigned",
        reason="Moved away",
        actor=boss,
        now=NOW,
    )
    assert (volunteer.status, volunteer.left_on) == ("resigned", date(2026, 12, 11))
    assert audited("volunteer.status") == [(boss.id, NOW)]
