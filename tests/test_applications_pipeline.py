"""The coordinator takes an application from received to appointed, every check recorded."""

from __future__ import annotations

import datetime as dt
import re
from datetime import date

import pytest
import time_machine
from sqlalchemy import select

from icv.accounts.models import User
from icv.accounts.roles import Role
from icv.applications import totals
from icv.applications.models import Application
from icv.applications.pipeline import Progress, allowed_moves, is_overdue, move_problem
from icv.applications.staff_routes import BOARD_PAGE_SIZE
from icv.applications.stages import Stage
from icv.extensions import db
from icv.training.queries import records_of, reviews_of
from icv.volunteers.models import Volunteer
from tests.factories import make_application, make_suite, make_user, make_volunteer
from tests.mail import link_path, outbox

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


# -- the rules of the pipeline -------------------------------------------------------------

READY = Progress(
    stage=Stage.RECEIVED,
    interview_on=date(2026, 10, 1),
    interview_panel="C. Coordinator",
    interview_outcome="passed",
    references=((True, True), (True, True)),
    vetting_outcome="cleared",
    vetting_level="NPPV2",
    vetting_cleared_on=date(2026, 10, 20),
    vetting_expires_on=date(2029, 10, 20),
    training_completed_on=date(2026, 11, 1),
    accompanied_visits=3,
)


@pytest.mark.parametrize(
    ("progress", "target", "note", "problem"),
    [
        (READY, Stage.SCREENED, "", None),
        (READY, Stage.INTERVIEW, "", "An application cannot move from Received to Interview"),
        (READY, Stage.APPOINTED, "", "An application cannot move from Received to Appointed"),
        (
            Progress(Stage.RECEIVED, eligibility="refer"),
            Stage.SCREENED,
            "",
            "This application was referred for a decision: record why it can go ahead",
        ),
        (Progress(Stage.RECEIVED, eligibility="refer"), Stage.SCREENED, "Spoke to them", None),
        (
            Progress(Stage.SHORTLISTED),
            Stage.INTERVIEW,
            "",
            "Record the interview date and the panel first",
        ),
        (
            Progress(Stage.INTERVIEW, interview_on=date(2026, 10, 1)),
            Stage.REFERENCES,
            "",
            "Record a successful interview first",
        ),
        (
            Progress(Stage.REFERENCES, references=((True, True), (True, None))),
            Stage.VETTING,
            "",
            "Both references must be received and satisfactory first",
        ),
        (
            Progress(Stage.REFERENCES, references=((True, True),)),
            Stage.VETTING,
            "",
            "Both references must be received and satisfactory first",
        ),
        (
            Progress(Stage.VETTING, vetting_outcome="refused"),
            Stage.TRAINING,
            "",
            "Record cleared police vetting first",
        ),
        (
            Progress(Stage.VETTING, vetting_outcome="cleared"),
            Stage.TRAINING,
            "",
            "Record the vetting level, clearance date and renewal date first",
        ),
        (
            Progress(Stage.TRAINING),
            Stage.PROBATION,
            "",
            "Record the date initial training was completed first",
        ),
        (
            Progress(Stage.PROBATION, accompanied_visits=2),
            Stage.APPOINTED,
            "",
            "Probation needs 3 accompanied visits; 2 recorded",
        ),
        (Progress(Stage.VETTING), Stage.WITHDRAWN, " ", "Give the reason"),
        (Progress(Stage.VETTING), Stage.REJECTED, "Vetting refused", None),
        (
            Progress(Stage.APPOINTED),
            Stage.WITHDRAWN,
            "x",
            "An application cannot move from Appointed to Withdrawn",
        ),
        (
            Progress(Stage.INELIGIBLE),
            Stage.RECEIVED,
            "",
            "Record why the application is being reconsidered",
        ),
        (
            Progress(Stage.INELIGIBLE, minimised=True),
            Stage.RECEIVED,
            "Asked again",
            "This application's details have been deleted; the person must apply again",
        ),
        (
            Progress(Stage.REJECTED),
            Stage.RECEIVED,
            "x",
            "An application cannot move from Not taken forward to Received",
        ),
    ],
)
def test_it_allows_and_refuses_moves(progress, target, note, problem):
    assert move_problem(progress, target, note) == problem


def test_it_lists_the_moves_from_each_stage():
    assert allowed_moves(Stage.RECEIVED) == (Stage.SCREENED, Stage.WITHDRAWN, Stage.REJECTED)
    assert allowed_moves(Stage.PROBATION) == (Stage.APPOINTED, Stage.WITHDRAWN, Stage.REJECTED)
    assert allowed_moves(Stage.INELIGIBLE) == (Stage.RECEIVED,)
    assert allowed_moves(Stage.APPOINTED) == ()
    assert allowed_moves(Stage.WITHDRAWN) == ()


def test_it_flags_an_application_past_its_stage_target():
    targets = {"received": 14}
    assert not is_overdue(Stage.RECEIVED, 14, targets)
    assert is_overdue(Stage.RECEIVED, 15, targets)
    assert not is_overdue(Stage.SCREENED, 99, targets)
    assert not is_overdue(Stage.REJECTED, 99, {"rejected": 1})


# -- the coordinator's pages ---------------------------------------------------------------


@pytest.fixture
def coordinator(login):
    return login("coordinator")


@pytest.fixture
def application_id(app):
    with app.app_context():
        suite_id = make_suite("Nuneaton").id
        application = make_application()
        db.session.commit()
        return application.id, suite_id


def post_step(client, application_id, step, **data):
    return client.post(
        f"/applications/{application_id}/{step}",
        data={f"{step}-{name}": value for name, value in data.items()},
    )


def move(client, application_id, target, note=""):
    return client.post(
        f"/applications/{application_id}/move", data={"move-target": target, "move-note": note}
    )


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


def test_the_board_counts_stages_and_flags_overdue_applications(app, coordinator):
    with app.app_context():
        old = make_application(name="Old Application", email="old@example.net")
        old.stage_changed_at = NOW - dt.timedelta(days=15)
        make_application(name="New Application", email="new@example.net")
        make_application(name="Gone", email="gone@example.net", stage="withdrawn")
        db.session.commit()
    page = coordinator.get("/applications").text
    assert "In progress (2)" in page
    assert "Received (2)" in page
    assert "Withdrawn (1)" in page
    assert "1 application is past the target time for its stage." in page
    old_row = page[page.index("Old Application") :].split("</tr>")[0]
    new_row = page[page.index("New Application") :].split("</tr>")[0]
    assert "Overdue" in old_row
    assert "Overdue" not in new_row
    assert "Gone" not in page
    assert "Gone" in coordinator.get("/applications?stage=withdrawn").text


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


def board_names(page: str) -> list[str]:
    return re.findall(r'href="/applications/\d+">([^<]+)</a>', page)


def test_the_board_comes_a_page_at_a_time_longest_waiting_first(app, coordinator):
    with app.app_context():
        for n in range(BOARD_PAGE_SIZE + 2):  # the n-th changed stage n hours before now
            made = make_application(name=f"Applicant {n:02}", email=f"a{n}@example.net")
            made.stage_changed_at = NOW - dt.timedelta(hours=n)
        make_application(name="Screened One", email="s@example.net", stage="screened")
        db.session.commit()
    first = coordinator.get("/applications").text
    # Received before screened (the pipeline's order), the longest in its stage first.
    waiting = [f"Applicant {n:02}" for n in range(BOARD_PAGE_SIZE + 1, -1, -1)]
    assert board_names(first) == waiting[:BOARD_PAGE_SIZE]
    assert "53 applications: 1 to 50" in first
    assert 'href="/applications?page=2" rel="next"' in first
    second = coordinator.get("/applications?page=2").text
    assert board_names(second) == [*waiting[BOARD_PAGE_SIZE:], "Screened One"]
    assert coordinator.get("/applications?page=3").status_code == 404
    by_stage = coordinator.get("/applications?stage=received").text
    assert 'href="/applications?page=2&amp;stage=received" rel="next"' in by_stage


def test_overdue_counts_every_application_not_only_the_page_shown(app, coordinator):
    """Received's target is 14 days: on 22 November, one in its stage since before the local
    midnight starting 8 November is overdue; one since that midnight is not."""
    with app.app_context():
        for n in range(BOARD_PAGE_SIZE):
            made = make_application(name=f"Late {n:02}", email=f"l{n}@example.net")
            made.stage_changed_at = dt.datetime(2026, 11, 7, 23, 59, tzinfo=dt.UTC)
        on_time = make_application(name="On Time", email="t@example.net")
        on_time.stage_changed_at = dt.datetime(2026, 11, 8, 0, 0, tzinfo=dt.UTC)
        db.session.commit()
        assert totals.overdue_count(NOW.date(), ["received"]) == BOARD_PAGE_SIZE
        assert totals.overdue_count(NOW.date(), ["screened"]) == 0
    second = coordinator.get("/applications?page=2").text
    assert "50 applications are past the target time for their stage." in second
    assert board_names(second) == ["On Time"]
    assert "Overdue" not in second.split("On Time")[1].split("</tr>")[0]
