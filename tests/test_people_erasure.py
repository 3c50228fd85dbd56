"""Erasure on request: the person anonymised, the scheme's figures unchanged, refused while a
serving volunteer still has visits planned, audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from icv.accounts.models import User, UserSession
from icv.applications.models import Application, ApplicationDraft
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.notifications.models import OutboxMessage
from icv.people.rules import FORMER_VISITOR
from icv.people.services import erase, find_person
from icv.rota.models import PlannedVisit
from icv.summary.rules import Basis, Period
from icv.summary.services import summary_for
from icv.visits.models import VisitReport
from tests.factories import make_application, make_period, make_planned_visit
from tests.people import VAL_PHONE, draft, every_row_as_text, mail_to, val_with_report, volunteer_of
from tests.reporting import NOW, count, frozen  # noqa: F401  (fixture: 24 November 2026, noon)
from tests.summary_data import hand_made_history

VAL = "val@example.org"
TODAY = NOW.date()
PERIODS = [
    Period(2024, Basis.CALENDAR),
    Period(2025, Basis.CALENDAR),
    Period(2025, Basis.FINANCIAL),
    Period(2026, Basis.CALENDAR),
]


def figures() -> list[dict]:
    return [summary_for(period, TODAY).figures for period in PERIODS]


def erased_events() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "person.erased")))


def test_the_summary_is_the_same_after_erasing_a_visitor(ctx, personas):
    """Val made most of the hand-made history's visits (tests/summary_data.py)."""
    history = hand_made_history()
    before = figures()
    assert before[1]["visits"]["attempted"] == 7  # the history is there
    erase(None, find_person(VAL), TODAY)
    db.session.commit()
    db.session.expire_all()
    assert figures() == before
    report = db.session.get(VisitReport, history["reports"]["jan"])
    assert report.visitor_names() == [FORMER_VISITOR, "Sam Person"]


def test_no_name_email_or_phone_of_the_erased_person_is_left(ctx, personas):
    made = val_with_report()
    make_application(name="Val Person", email=VAL, phone=VAL_PHONE, stage="appointed")
    db.session.add(draft(" VAL@example.org"))
    db.session.commit()
    assert "val person" in every_row_as_text()

    counts = erase(None, find_person(VAL), TODAY)
    db.session.commit()

    held = every_row_as_text()
    for detail in ("val person", VAL, VAL_PHONE):
        assert detail not in held
    assert counts["applications_minimised"] == 1
    assert counts["mail_removed"] == 1
    assert (counts["drafts_deleted"], count(ApplicationDraft)) == (1, 0)
    # Sam's record and the mail to him keep their sense, without her name.
    assert volunteer_of("sam@example.org").notes == "Pair with [erased] when possible"
    [left] = db.session.scalars(select(OutboxMessage)).all()
    assert (left.to_address, left.subject) == ("sam@example.org", "Your visit with [erased]")
    # Her report stays, made by a former visitor.
    report = db.session.get(VisitReport, made["report"])
    assert report.visitor_names() == [FORMER_VISITOR, "Sam Person"]
    assert report.good_practice == "The sergeant explained each step"


def test_the_account_is_ended_and_the_application_minimised(ctx, personas):
    val_with_report()
    application = make_application(name="Val Person", email=VAL, stage="appointed")
    db.session.add(UserSession(user_id=personas["volunteer"], token_hash="a" * 64))
    db.session.commit()
    erase(None, find_person(VAL), TODAY)
    db.session.commit()
    user = db.session.get(User, personas["volunteer"])
    assert (user.name, user.email, user.phone) == (
        FORMER_VISITOR,
        f"erased-{user.id}@erased.invalid",
        None,
    )
    assert (user.is_active, user.password_hash) == (False, None)
    assert db.session.scalars(select(UserSession)).all() == []
    volunteer = volunteer_of(user.email)
    assert (volunteer.notes, volunteer.weekly_availability, volunteer.status) == (
        None,
        [],
        "active",
    )
    application = db.session.get(Application, application.id)
    assert (application.name, application.email, application.referees) == ("Deleted", "", [])
    assert application.minimised_at == NOW


@pytest.fixture
def planned(app, personas):
    """Val with a visit planned today (the last day that still counts)."""
    with app.app_context():
        made = val_with_report()
        val = volunteer_of(VAL)
        suite = val.suites[0]
        period = make_period(starts_on=TODAY - timedelta(days=TODAY.weekday()))
        visit = make_planned_visit(period, suite, TODAY, [val])
        db.session.commit()
        return {**made, "visit": visit.id}


def test_a_serving_volunteer_with_a_visit_planned_today_is_refused(app, login, planned):
    client = login("admin")
    response = client.post("/admin/people/erase", data={"email": VAL, "confirmed": "yes"})
    assert response.status_code == 200
    assert "This person cannot be erased yet" in response.text
    assert "serving volunteer with 1 visit planned. End their appointment first" in response.text
    result = app.test_cli_runner().invoke(args=["person", "erase", VAL, "--yes"])
    assert result.exit_code == 1
    assert result.stderr.startswith("icv person: This person is a serving volunteer with 1 visit")
    with app.app_context():
        assert db.session.get(User, volunteer_of(VAL).user_id).name == "Val Person"
        assert erased_events() == []


def test_a_visit_planned_yesterday_does_not_hold_erasure_back(app, planned, personas):
    with app.app_context():
        visit = db.session.get(PlannedVisit, planned["visit"])
        visit.visit_on = TODAY - timedelta(days=1)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["person", "erase", VAL, "--yes"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("icv person: erased val@example.org (applications minimised: 0")


def test_a_volunteer_who_has_left_is_erased_though_still_on_the_rota(ctx, personas):
    val_with_report()
    volunteer = volunteer_of(VAL)
    volunteer.status = "resigned"
    make_planned_visit(
        make_period(starts_on=date(2026, 11, 23)), volunteer.suites[0], TODAY, [volunteer]
    )
    db.session.commit()
    erase(None, find_person(VAL), TODAY)
    assert db.session.get(User, volunteer.user_id).name == FORMER_VISITOR


def test_erasing_from_the_page_asks_first_and_is_audited(app, login, personas):
    with app.app_context():
        val_with_report()
        db.session.commit()
    client = login("admin")
    asked = client.post("/admin/people/erase", data={"email": VAL})
    assert asked.status_code == 200
    assert "Erase Val Person\u2019s personal data?" in asked.text
    assert 'name="confirmed" value="yes"' in asked.text
    with app.app_context():
        assert db.session.scalars(User.by_email(VAL)).one().is_active

    done = client.post("/admin/people/erase", data={"email": VAL, "confirmed": "yes"})
    assert done.status_code == 302
    assert done.headers["Location"] == "/admin/people"
    with app.app_context():
        assert db.session.scalars(User.by_email(VAL)).one_or_none() is None
        [event] = erased_events()
        assert event.actor_id == personas["admin"]
        assert event.details["user_id"] == personas["volunteer"]
        assert event.details["mail_removed"] == 1
        assert VAL not in str(event.details) + event.summary


def test_an_administrator_cannot_erase_their_own_account(app, login, personas):
    client = login("admin")
    response = client.post("/admin/people/erase", data={"email": "alex@example.org"})
    assert "You cannot erase your own account: ask another administrator." in response.text
    response = client.post(
        "/admin/people/erase", data={"email": "alex@example.org", "confirmed": "yes"}
    )
    assert response.status_code == 200
    with app.app_context():
        assert db.session.get(User, personas["admin"]).name == "Alex Person"
        assert erased_events() == []


def test_a_coordinator_erased_is_not_called_a_visitor(ctx, personas):
    erase(None, find_person("chris@example.org"), TODAY)
    assert db.session.get(User, personas["coordinator"]).name == "A former account holder"


def test_an_application_minimised_before_leaves_the_word_deleted_alone(ctx, personas):
    """Its name is already "Deleted": that word elsewhere is not someone's name."""
    make_application(email="jo@example.net", stage="withdrawn", name="Deleted")
    body = "Your visit was deleted from the rota"
    mail = mail_to("sam@example.org", "Your visit", body)
    db.session.add(mail)
    db.session.commit()
    erase(None, find_person("jo@example.net"), TODAY)
    assert db.session.get(OutboxMessage, mail.id).body_text == body
