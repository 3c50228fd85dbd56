"""Custody suites for the coordinator: targets, time bands, temporary closures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.suites.models import Suite, SuiteClosure
from tests.factories import make_period, make_planned_visit, make_suite, make_visitor
from tests.reporting import field_error

EVERY_BAND = ["early", "day", "afternoon", "evening", "late"]


def suite_data(**overrides) -> dict:
    return {
        "name": "Rugby",
        "address": "Corporation Street, Rugby CV21 2DW",
        "visits_per_week": "2",
        "bands": ["day", "afternoon", "evening"],
        "is_active": "yes",
        **overrides,
    }


def test_it_adds_a_suite_with_its_target_and_times(app, login):
    coordinator = login("coordinator")
    response = coordinator.post("/suites/new", data=suite_data())
    with app.app_context():
        suite = db.session.scalars(select(Suite)).one()
        assert response.headers["Location"] == f"/suites/{suite.id}"
        assert (suite.name, suite.visits_per_week, suite.bands, suite.is_active) == (
            "Rugby",
            2,
            ["day", "afternoon", "evening"],
            True,
        )
        assert db.session.scalars(select(AuditEvent.action)).all() == ["suite.created"]


def test_every_band_is_stored_as_any_time(app, login):
    coordinator = login("coordinator")
    coordinator.post("/suites/new", data=suite_data(bands=EVERY_BAND))
    with app.app_context():
        assert db.session.scalars(select(Suite.bands)).one() is None


def test_it_explains_bad_suite_details_next_to_the_fields(app, login):
    with app.app_context():
        make_suite("Rugby")
        db.session.commit()
    coordinator = login("coordinator")
    response = coordinator.post("/suites/new", data=suite_data(visits_per_week="lots", bands=[]))
    assert response.status_code == 400
    assert "Visits a week must be a whole number, like 3" in response.text
    assert "Select at least one time of day" in response.text
    assert "Corporation Street, Rugby CV21 2DW" in response.text
    response = coordinator.post("/suites/new", data=suite_data(name="rugby", visits_per_week="9"))
    assert "Enter a number of visits a week from 0 to 7" in response.text
    response = coordinator.post("/suites/new", data=suite_data(name="rugby"))
    assert response.status_code == 400
    assert "There is already a suite called rugby" in response.text
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Suite)) == 1


def test_it_changes_a_suite_and_keeps_its_history(app, login):
    with app.app_context():
        suite_id = make_suite("Nuneaton").id
        db.session.commit()
    coordinator = login("coordinator")
    response = coordinator.post(
        f"/suites/{suite_id}", data=suite_data(name="Nuneaton", is_active="no")
    )
    assert response.headers["Location"] == f"/suites/{suite_id}"
    with app.app_context():
        suite = db.session.get(Suite, suite_id)
        assert (suite.is_active, suite.visits_per_week) == (False, 2)
        [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "suite.updated"))
        assert event.details["is_active"] == [True, False]


def test_a_suite_keeps_its_custody_offices_email_address(app, login):
    with app.app_context():
        suite_id = make_suite("Nuneaton").id
        db.session.commit()
    coordinator = login("coordinator")
    page = coordinator.get(f"/suites/{suite_id}").text
    assert "Email address of the custody office (optional)" in page
    bad = coordinator.post(
        f"/suites/{suite_id}", data=suite_data(name="Nuneaton", email="custody at police")
    )
    assert bad.status_code == 400
    assert field_error(bad.text, "email") == (
        "Enter the email address in the correct format, like custody.office@police.example"
    )
    assert 'value="custody at police"' in bad.text
    with app.app_context():
        assert db.session.get(Suite, suite_id).email is None
    saved = coordinator.post(
        f"/suites/{suite_id}", data=suite_data(name="Nuneaton", email=" Custody@Police.Example ")
    )
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.get(Suite, suite_id).email == "custody@police.example"
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "suite.updated"))
        assert event.one().details["email"] == [None, "custody@police.example"]
    coordinator.post(f"/suites/{suite_id}", data=suite_data(name="Nuneaton", email=""))
    with app.app_context():
        assert db.session.get(Suite, suite_id).email is None  # optional: cleared


def test_a_closure_warns_of_visits_already_planned(app, login):
    with app.app_context():
        suite = make_suite("Nuneaton")
        pair = [make_visitor(f"v{n}@example.org", [suite]) for n in (1, 2)]
        make_planned_visit(make_period(), suite, date(2027, 1, 6), pair)
        suite_id = suite.id
        db.session.commit()
    coordinator = login("coordinator")
    response = coordinator.post(
        f"/suites/{suite_id}/closures",
        data={
            "closure-starts_on": ["5", "1", "2027"],
            "closure-ends_on": ["8", "1", "2027"],
            "closure-reason": "Refurbishment",
        },
    )
    assert response.headers["Location"] == f"/suites/{suite_id}"
    page = coordinator.get(f"/suites/{suite_id}").text
    assert "Closure added. Visits are planned on 6 Jan: move or cancel them on the rota." in page
    with app.app_context():
        closure = db.session.scalars(select(SuiteClosure)).one()
        assert (closure.starts_on, closure.ends_on, closure.reason) == (
            date(2027, 1, 5),
            date(2027, 1, 8),
            "Refurbishment",
        )
        closure_id = closure.id
    response = coordinator.post(f"/suites/{suite_id}/closures/{closure_id}/delete")
    assert response.headers["Location"] == f"/suites/{suite_id}"
    with app.app_context():
        assert db.session.scalars(select(SuiteClosure)).all() == []


def test_a_closure_that_ends_before_it_starts_is_refused(app, login):
    with app.app_context():
        suite_id = make_suite().id
        db.session.commit()
    response = login("coordinator").post(
        f"/suites/{suite_id}/closures",
        data={"closure-starts_on": ["8", "1", "2027"], "closure-ends_on": ["5", "1", "2027"]},
    )
    assert response.status_code == 400
    assert "The last day must be on or after the first day" in response.text
    assert "There is a problem" in response.text
    with app.app_context():
        assert db.session.scalars(select(SuiteClosure)).all() == []


def test_a_suite_keeps_its_escalation_ladders_contacts(app, login):
    with app.app_context():
        suite_id = make_suite("Nuneaton").id
        db.session.commit()
    coordinator = login("coordinator")
    page = coordinator.get(f"/suites/{suite_id}").text
    assert 'name="inspector_email"' in page
    assert 'name="senior_email"' in page
    ladder = {
        "inspector_name": " Insp. Ravi Shah ",
        "inspector_email": "Ravi.Shah@Police.Example",
        "senior_name": "Supt. Kim Ode",
        "senior_email": "kim.ode at police",
    }
    bad = coordinator.post(f"/suites/{suite_id}", data=suite_data(name="Nuneaton", **ladder))
    assert bad.status_code == 400
    assert field_error(bad.text, "senior_email") == (
        "Enter the email address in the correct format, like custody.office@police.example"
    )
    ladder["senior_email"] = "kim.ode@police.example"
    saved = coordinator.post(f"/suites/{suite_id}", data=suite_data(name="Nuneaton", **ladder))
    assert saved.status_code == 302
    with app.app_context():
        suite = db.session.get(Suite, suite_id)
        assert (
            suite.inspector_name,
            suite.inspector_email,
            suite.senior_name,
            suite.senior_email,
        ) == (
            "Insp. Ravi Shah",
            "ravi.shah@police.example",
            "Supt. Kim Ode",
            "kim.ode@police.example",
        )
