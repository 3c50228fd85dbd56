"""Training, meetings, the memorandum and the coordinator's one-place view, through the pages;
a swap that would leave a TACT visit without a TACT-trained visitor is refused; initial
training recorded before the migration becomes a training record."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from icv.accounts.models import User
from icv.extensions import db
from icv.rota.places import candidates, replace_visitor
from icv.rota.services import RotaError
from icv.training.models import MeetingAttendance, MemorandumSignature, TrainingRecord
from icv.training.queries import needs_to_sign
from icv.volunteers.models import Volunteer
from tests.factories import (
    make_period,
    make_planned_visit,
    make_suite,
    make_training,
    make_visitor,
    make_volunteer,
)
from tests.reporting import field_error
from tests.rota_jobs import at

TODAY = date(2027, 2, 10)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(at(TODAY, 12, 0), tick=False):
        yield


@pytest.fixture
def people(app, personas):
    """Val ("volunteer") and Sam ("volunteer2") on Leamington Spa's panel."""
    with app.app_context():
        suite = make_suite()
        val = make_volunteer(db.session.get(User, personas["volunteer"]), suites=[suite])
        sam = make_volunteer(db.session.get(User, personas["volunteer2"]), suites=[suite])
        db.session.commit()
        return {"suite": suite.id, "val": val.id, "sam": sam.id}


def switch(client, login, persona: str):
    client.post("/sign-out")
    return login(persona)


def test_a_new_memorandum_asks_every_volunteer_to_sign_again(app, client, login, people):
    office = login("coordinator")
    published = office.post("/training/memorandum", data={"version": "2027-1", "text": "Be kind."})
    assert published.headers["Location"] == "/training/memorandum"
    val = switch(client, login, "volunteer")
    assert "/my-training/memorandum" in val.get("/").text
    assert "Be kind." in val.get("/my-training/memorandum").text
    refused = val.post("/my-training/memorandum", data={})
    assert refused.status_code == 400
    assert field_error(refused.text, "agree") == "Tick the box to say you have read and agree"
    signed = val.post("/my-training/memorandum", data={"agree": "yes"})
    assert signed.headers["Location"] == "/my-training"
    assert val.get("/my-training/memorandum").headers["Location"] == "/my-training"
    office = switch(client, login, "coordinator")
    again = office.post("/training/memorandum", data={"version": "2027-1", "text": "Again"})
    assert again.status_code == 400
    assert field_error(again.text, "version") == (
        "Version 2027-1 has already been published: give a new version"
    )
    office.post("/training/memorandum", data={"version": "2027-2", "text": "Be kinder."})
    with app.app_context():
        val_record = db.session.get(Volunteer, people["val"])
        assert needs_to_sign(val_record).version == "2027-2"
        rows = db.session.execute(
            select(MemorandumSignature.volunteer_id, MemorandumSignature.memorandum_id)
        ).all()
        assert [vid for vid, _ in rows] == [people["val"]]
    val = switch(client, login, "volunteer")
    assert "Be kinder." in val.get("/my-training/memorandum").text


def test_a_course_gives_each_attendee_training_with_its_expiry(app, client, login, people):
    with app.app_context():
        from icv.training.services import ensure_kinds

        tact = next(k for k in ensure_kinds() if k.name.startswith("Terrorism"))
        db.session.commit()
        tact_id = tact.id
    office = login("coordinator")
    response = office.post(
        "/training/sessions/new",
        data={
            "kind": str(tact_id),
            "held_on": ["11", "2", "2024"],
            "place": "Leek Wootton",
            "attendees": [str(people["val"]), str(people["sam"])],
        },
    )
    assert response.headers["Location"] == "/training"
    with app.app_context():
        rows = db.session.execute(
            select(TrainingRecord.volunteer_id, TrainingRecord.completed_on).order_by(
                TrainingRecord.volunteer_id
            )
        ).all()
        assert [tuple(r) for r in rows] == [
            (people["val"], date(2024, 2, 11)),
            (people["sam"], date(2024, 2, 11)),
        ]
    empty = office.post("/training/sessions/new", data={"kind": str(tact_id), "place": "X"})
    assert empty.status_code == 400
    assert field_error(empty.text, "attendees") == "Select who attended"
    # 36 months from 11 February 2024: in date to 10 February 2027, today
    record = office.get(f"/volunteers/{people['val']}").text
    assert "Completed 11 February 2024, in date to 10 February 2027" in record
    training = office.get(f"/training/volunteers/{people['val']}")
    assert training.status_code == 200
    assert "In date to 10 February 2027" in training.text
    assert "Runs out soon" in training.text  # within 60 days (it is the last day)
    val = switch(client, login, "volunteer")
    mine = val.get("/my-training").text
    assert "In date to 10 February 2027" in mine


def test_attendance_at_a_meeting_is_recorded_and_shown(app, client, login, people):
    office = login("coordinator")
    office.post("/training/meetings", data={"title": "Spring panel", "held_on": ["3", "2", "2027"]})
    with app.app_context():
        from icv.training.models import Meeting

        meeting_id = db.session.scalars(select(Meeting.id)).one()
    saved = office.post(
        f"/training/meetings/{meeting_id}",
        data={f"v{people['val']}": "present", f"v{people['sam']}": "apologies"},
    )
    assert saved.headers["Location"] == f"/training/meetings/{meeting_id}"
    with app.app_context():
        rows = db.session.execute(
            select(MeetingAttendance.volunteer_id, MeetingAttendance.status).order_by(
                MeetingAttendance.volunteer_id
            )
        ).all()
        assert [tuple(r) for r in rows] == [
            (people["val"], "present"),
            (people["sam"], "apologies"),
        ]
    record = office.get(f"/volunteers/{people['val']}").text
    for heading in ("Visits", "Training", "Panel meetings", "Memorandum and review"):
        assert f'<h2 class="govuk-heading-m">{heading}</h2>' in record
    assert "1 attended, 0 apologies" in record  # (1 apology for Sam)
    sam = switch(client, login, "volunteer2")
    assert "Sent apologies" in sam.get("/my-training").text


def test_a_swap_may_not_leave_a_tact_visit_without_a_trained_visitor(ctx):
    suite = make_suite("Leamington Spa")
    suite.holds_tact = True
    tess = make_visitor("tess@example.org", [suite], name="Tess Trained")
    una = make_visitor("una@example.org", [suite], name="Una Untrained")
    ned = make_visitor("ned@example.org", [suite], name="Ned New")
    nia = make_visitor("nia@example.org", [suite], name="Nia Trained")
    make_training(tess, date(2025, 1, 6))
    make_training(nia, date(2025, 1, 6))
    period = make_period(date(2027, 3, 1), weeks=2)
    visit = make_planned_visit(period, suite, date(2027, 3, 3), [tess, una])
    # the swap's list of who could go instead (and the offers made from it) names only Nia
    offered = [c.volunteer.user.name for c in candidates(visit, tess, TODAY)]
    assert offered == ["Nia Trained"]
    with pytest.raises(RotaError, match="needs a visitor whose TACT training is in date"):
        replace_visitor(None, visit, tess, ned, TODAY)
    replace_visitor(None, visit, tess, nia, TODAY)
    assert {pv.volunteer.user.name for pv in visit.visitors} == {"Nia Trained", "Una Untrained"}


def test_initial_training_recorded_before_the_upgrade_becomes_a_record(ctx):
    downgrade(revision="fd6adb385704")
    try:
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (email, name, password_hash, is_active, created_at) "
                    "VALUES ('old@example.org', 'Old Hand', NULL, true, CURRENT_TIMESTAMP)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO volunteers (user_id, status, status_changed_at, appointed_on, "
                    "term_ends_on, probation_visits_required, probation_visits_done, "
                    "weekly_availability, training_completed_on) SELECT id, 'active', "
                    "CURRENT_TIMESTAMP, '2020-01-06', '2029-01-05', 3, 3, '[]', '2019-12-14' "
                    "FROM users WHERE email = 'old@example.org'"
                )
            )
    finally:
        upgrade()
    with db.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT training_kinds.name, training_records.completed_on FROM training_records "
                "JOIN training_kinds ON training_kinds.id = training_records.kind_id"
            )
        ).all()
    assert [(name, str(day)) for name, day in rows] == [("Initial training", "2019-12-14")]
