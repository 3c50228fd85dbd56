"""The coordinator takes an application from received to appointed, every check recorded."""

# ruff: noqa: F811 (the ``coordinator`` fixture imported from tests/pipeline.py is the tests' argument)

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from icv.accounts.models import User
from icv.accounts.roles import Role
from icv.applications.models import Application
from icv.extensions import db
from icv.training.queries import records_of, reviews_of
from icv.volunteers.models import Volunteer
from tests.factories import make_application, make_suite, make_user, make_volunteer
from tests.mail import link_path, outbox
from tests.pipeline import (
    coordinator,  # noqa: F401 (fixture)
    frozen,  # noqa: F401 (fixture)
    move,
    post_step,
)


@pytest.fixture
def application_id(app):
    with app.app_context():
        suite_id = make_suite("Nuneaton").id
        application = make_application()
        db.session.commit()
        return application.id, suite_id


def stage_of(app, application_id) -> str:
    with app.app_context():
        return db.session.get(Application, application_id).stage


def test_it_takes_an_application_to_appointment(app, coordinator, application_id):
    application_id, suite_id = application_id
    assert move(coordinator, application_id, "screened").status_code == 302
    assert move(coordinator, application_id, "shortlisted").status_code == 302
    response = move(coordinator, application_id, "interview")
    assert response.status_code == 400
    assert "Record the interview date and the panel first" in response.text
    assert stage_of(app, application_id) == "shortlisted"

    response = post_step(
        coordinator,
        application_id,
        "interview",
        interview_on=["9", "11", "2026"],
        interview_panel="C. Coordinator, J. Smith",
        interview_outcome="passed",
    )
    assert response.status_code == 302
    for stage in ("interview", "references"):
        assert move(coordinator, application_id, stage).status_code == 302
    for n in (1, 2):
        response = post_step(
            coordinator,
            application_id,
            f"referee-{n}",
            name=f"Referee {n}",
            relationship_to_applicant="Employer",
            requested_on=["10", "11", "2026"],
            received_on=["15", "11", "2026"],
            satisfactory="yes",
        )
        assert response.status_code == 302, response.text
    assert move(coordinator, application_id, "vetting").status_code == 302
    response = post_step(
        coordinator,
        application_id,
        "vetting",
        vetting_submitted_on=["16", "11", "2026"],
        vetting_outcome="cleared",
        vetting_level="NPPV2",
        vetting_cleared_on=["20", "11", "2026"],
    )
    assert response.status_code == 302
    assert move(coordinator, application_id, "training").status_code == 302
    post_step(coordinator, application_id, "training", training_completed_on=["21", "11", "2026"])

    response = coordinator.post(
        f"/applications/{application_id}/move",
        data={
            "appoint-appointed_on": ["23", "11", "2026"],
            "appoint-suites": [str(suite_id)],
            "appoint-submit": "Appoint on probation",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.stage == "probation"
        assert application.vetting_expires_on == date(2029, 11, 20)  # the scheme's 3 years
        volunteer = application.volunteer
        assert volunteer.status == "probation"
        assert (volunteer.appointed_on, volunteer.term_ends_on) == (
            date(2026, 11, 23),
            date(2029, 11, 22),
        )
        assert [s.name for s in volunteer.suites] == ["Nuneaton"]
        assert (volunteer.vetting_level, volunteer.vetting_expires_on) == (
            "NPPV2",
            date(2029, 11, 20),
        )
        # initial training from recruitment is the volunteer's first training record
        assert [(r.kind.name, r.completed_on) for r in records_of(volunteer)] == [
            ("Initial training", date(2026, 11, 21))
        ]
        assert [r.due_on for r in reviews_of(volunteer)] == [date(2027, 11, 23)]  # a year on
        user = volunteer.user
        assert (user.email, user.roles, user.has_password) == (
            "jo@example.net",
            {Role.VOLUNTEER},
            False,
        )
        [invitation] = outbox("invitation")
        assert invitation.to_address == "jo@example.net"
        assert link_path(invitation).startswith("/invitation/")
        assert len(outbox("application-update")) == 7  # one per move
        volunteer_id = volunteer.id

    response = move(coordinator, application_id, "appointed", "Went well")
    assert response.status_code == 400
    assert "Probation needs 3 accompanied visits; 0 recorded" in response.text
    coordinator.post(
        f"/volunteers/{volunteer_id}/record", data={"record-probation_visits_before": "3"}
    )
    assert move(coordinator, application_id, "appointed", "Went well").status_code == 302
    with app.app_context():
        volunteer = db.session.get(Volunteer, volunteer_id)
        assert (volunteer.status, volunteer.application.stage) == ("active", "appointed")
        summaries = [e.summary for e in volunteer.application.events]
        assert summaries[0] == "Moved to Screened"
        assert summaries[-1] == "Moved to Appointed"
        assert "Interview details recorded" in summaries
    page = coordinator.get(f"/applications/{application_id}").text
    assert "Moved to Appointed" in page
    assert "Went well" in page


def test_it_needs_a_reason_to_withdraw_and_keeps_it(app, coordinator, application_id):
    application_id, _ = application_id
    response = move(coordinator, application_id, "withdrawn")
    assert response.status_code == 400
    assert "Give the reason" in response.text
    assert move(coordinator, application_id, "withdrawn", "Moved away").status_code == 302
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert (application.stage, application.closed_reason) == ("withdrawn", "Moved away")
    assert move(coordinator, application_id, "screened").status_code == 400


def test_it_reconsiders_an_ineligible_application_with_a_reason(app, coordinator):
    with app.app_context():
        application_id = make_application(stage="ineligible", eligibility="fail").id
        db.session.commit()
    assert move(coordinator, application_id, "received").status_code == 400
    assert move(coordinator, application_id, "received", "Postcode was mistyped").status_code == 302
    assert stage_of(app, application_id) == "received"


def test_it_refuses_an_illegal_move_posted_by_hand(app, coordinator, application_id):
    application_id, _ = application_id
    response = move(coordinator, application_id, "appointed")
    assert response.status_code == 400
    assert stage_of(app, application_id) == "received"


def test_it_explains_a_bad_vetting_record(app, coordinator, application_id):
    application_id, _ = application_id
    response = post_step(
        coordinator,
        application_id,
        "vetting",
        vetting_outcome="cleared",
        vetting_cleared_on=["20", "11", "2026"],
        vetting_expires_on=["1", "1", "2020"],
    )
    assert response.status_code == 400
    assert "Select the vetting level" in response.text
    assert "The renewal date must be after the date cleared" in response.text


def test_appointing_someone_who_already_has_an_account_adds_the_role(app, coordinator):
    with app.app_context():
        user = make_user("jo@example.net", roles={Role.COMMISSIONER})
        application = make_application(
            stage="training", training_completed_on=date(2026, 11, 1), vetting_level="NPPV2"
        )
        db.session.commit()
        application_id, user_id = application.id, user.id
    response = coordinator.post(
        f"/applications/{application_id}/move",
        data={"appoint-appointed_on": ["23", "11", "2026"], "appoint-submit": "Appoint"},
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.roles == {Role.COMMISSIONER, Role.VOLUNTEER}
        assert outbox("invitation") == []  # they already have a password
        assert db.session.scalar(select(Volunteer.user_id)) == user_id


def test_withdrawing_on_probation_ends_the_appointment(app, coordinator):
    with app.app_context():
        user = make_user("jo@example.net")
        application = make_application(stage="probation")
        make_volunteer(user, status="probation", application=application)
        db.session.commit()
        application_id, user_id = application.id, user.id
    assert move(coordinator, application_id, "withdrawn", "Found it too hard").status_code == 302
    with app.app_context():
        user = db.session.get(User, user_id)
        volunteer = db.session.scalars(select(Volunteer)).one()
        assert (volunteer.status, volunteer.left_on) == ("resigned", date(2026, 11, 22))
        assert user.is_active is False
