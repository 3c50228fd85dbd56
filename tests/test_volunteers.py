"""Volunteer records: who can be rostered, status changes, vetting, term renewal, privacy."""

from __future__ import annotations

import datetime as dt
import re
from datetime import date

import pytest
import time_machine
from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.volunteers.models import Volunteer
from icv.volunteers.routes import LIST_PAGE_SIZE
from icv.volunteers.rules import (
    renewal_problem,
    renewed_term,
    rostering_problem,
    status_change_problem,
    term_end,
)
from icv.volunteers.services import rosterable
from tests.factories import make_application, make_user, make_volunteer

TODAY = date(2026, 11, 22)
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


@pytest.mark.parametrize(
    ("status", "expires", "problem"),
    [
        ("active", date(2026, 11, 22), None),  # valid up to and including its last day
        ("probation", date(2027, 1, 1), None),
        ("active", date(2026, 11, 21), "vetting lapsed on 22 Nov 2026"),
        ("active", None, "no police vetting recorded"),
        ("suspended", date(2027, 1, 1), "suspended"),
        ("resigned", date(2027, 1, 1), "has resigned"),
        ("term_ended", date(2027, 1, 1), "term has ended"),
    ],
)
def test_it_decides_who_can_be_rostered(status, expires, problem):
    assert rostering_problem(status, expires, TODAY) == problem


@pytest.mark.parametrize(
    ("current", "target", "reason", "problem"),
    [
        ("active", "suspended", "Complaint under review", None),
        ("active", "suspended", "  ", "Give the reason for the change"),
        ("suspended", "active", "Review closed", None),
        ("probation", "active", "Done", "Probation needs 3 accompanied visits; 1 recorded"),
        (
            "resigned",
            "active",
            "Back",
            "This volunteer has left; they must apply again or have their term renewed",
        ),
        ("active", "probation", "x", "Choose a different status"),
    ],
)
def test_it_checks_status_changes(current, target, reason, problem):
    assert (
        status_change_problem(current, target, reason, probation_done=1, probation_required=3)
        == problem
    )


def test_it_works_out_terms_and_renewals():
    assert term_end(date(2026, 1, 1), 3) == date(2028, 12, 31)
    assert term_end(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert renewal_problem("active", date(2027, 6, 1), TODAY) == (
        "A term can be renewed from 30 November 2026, six months before it ends"
    )
    assert renewal_problem("active", date(2027, 5, 24), TODAY) is None
    assert renewal_problem("suspended", date(2027, 1, 1), TODAY) == (
        "Lift the suspension before renewing the term"
    )
    assert renewed_term(date(2027, 1, 31), TODAY, 3) == (date(2027, 2, 1), date(2030, 1, 31))
    # After a gap the new term starts on the day of re-appointment.
    assert renewed_term(date(2026, 6, 30), TODAY, 3) == (TODAY, date(2029, 11, 21))


def test_the_rota_query_matches_the_rule(app):
    with app.app_context():
        cases = {
            "ok@example.org": ("active", date(2027, 1, 1)),
            "last-day@example.org": ("probation", TODAY),
            "lapsed@example.org": ("active", date(2026, 11, 21)),
            "suspended@example.org": ("suspended", date(2027, 1, 1)),
            "resigned@example.org": ("resigned", date(2027, 1, 1)),
        }
        for email, (status, expires) in cases.items():
            make_volunteer(make_user(email), status=status, vetting_expires_on=expires)
        db.session.commit()
        emails = {v.user.email for v in db.session.scalars(rosterable(TODAY))}
        expected = {
            email
            for email, (status, expires) in cases.items()
            if rostering_problem(status, expires, TODAY) is None
        }
        assert emails == expected == {"ok@example.org", "last-day@example.org"}


@pytest.fixture
def record(app, personas):
    with app.app_context():
        volunteer = make_volunteer(db.session.get(User, personas["volunteer"]))
        db.session.commit()
        return volunteer.id


def change(client, volunteer_id, action, **data):
    return client.post(
        f"/volunteers/{volunteer_id}/{action}",
        data={f"{action}-{name}": value for name, value in data.items()},
    )


def test_a_suspended_volunteer_cannot_be_rostered(app, login, record):
    coordinator = login("coordinator")
    response = change(coordinator, record, "status", status="suspended")
    assert response.status_code == 400
    assert "Give the reason for the change" in response.text
    response = change(coordinator, record, "status", status="suspended", reason="Under review")
    assert response.status_code == 302
    page = coordinator.get(f"/volunteers/{record}").text
    assert "Cannot be put on a rota: suspended." in page
    assert "Active → Suspended. Under review" in page
    with app.app_context():
        assert db.session.scalars(rosterable(TODAY)).all() == []


def test_renewed_vetting_is_recorded_with_the_default_period(app, login, record):
    coordinator = login("coordinator")
    response = change(
        coordinator,
        record,
        "vetting",
        vetting_level="NPPV2",
        vetting_cleared_on=["1", "11", "2026"],
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Volunteer, record).vetting_expires_on == date(2029, 11, 1)


def test_a_term_is_renewed_only_near_its_end_and_after_a_review(app, login, record):
    coordinator = login("coordinator")
    response = change(coordinator, record, "renew", review="Review meeting 20 Nov")
    assert response.status_code == 400
    assert "A term can be renewed from 6 July 2027, six months before it ends" in response.text
    with app.app_context():
        db.session.get(Volunteer, record).term_ends_on = date(2027, 3, 31)
        db.session.commit()
    assert change(coordinator, record, "renew", review="").status_code == 400
    response = change(coordinator, record, "renew", review="Review meeting 20 Nov")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Volunteer, record).term_ends_on == date(2030, 3, 31)


def test_resigning_ends_the_volunteers_sign_in(app, login, record, personas):
    coordinator = login("coordinator")
    response = change(coordinator, record, "status", status="resigned", reason="Moving away")
    assert response.status_code == 302
    with app.app_context():
        volunteer = db.session.get(Volunteer, record)
        assert (volunteer.status, volunteer.left_on) == ("resigned", TODAY)
        assert db.session.get(User, personas["volunteer"]).is_active is False


def test_panels_and_notes_are_kept(app, login, record):
    from tests.factories import make_suite

    with app.app_context():
        suite_id = make_suite("Nuneaton").id
        db.session.commit()
    coordinator = login("coordinator")
    assert change(coordinator, record, "panels", suites=[str(suite_id)]).status_code == 302
    assert change(coordinator, record, "panels", suites=["999"]).status_code == 400
    assert change(coordinator, record, "record", notes="Prefers evenings").status_code == 302
    response = change(coordinator, record, "record", probation_visits_before="-1")
    assert "Enter a number of visits from 0 to 99" in response.text
    with app.app_context():
        volunteer = db.session.get(Volunteer, record)
        assert ([s.name for s in volunteer.suites], volunteer.notes) == (
            ["Nuneaton"],
            "Prefers evenings",
        )


def test_volunteers_see_only_their_own_record(app, login, record, personas):
    with app.app_context():
        other = make_volunteer(db.session.get(User, personas["volunteer2"]), notes="Private note")
        db.session.commit()
        other_id = other.id
    volunteer = login("volunteer")
    assert volunteer.get(f"/volunteers/{other_id}").status_code == 403
    assert volunteer.get("/volunteers").status_code == 403
    assert change(volunteer, other_id, "record", notes="x").status_code == 403
    account = volunteer.get("/account").text
    assert "Your appointment" in account
    assert "5 January 2028" in account  # their own term end
    assert "Private note" not in account
    with app.app_context():
        assert db.session.scalar(select(Volunteer.notes).where(Volunteer.id == other_id)) == (
            "Private note"
        )


def test_the_coordinators_home_lists_what_needs_attention(app, login, personas):
    with app.app_context():
        make_volunteer(
            db.session.get(User, personas["volunteer"]), vetting_expires_on=date(2027, 1, 10)
        )
        make_volunteer(db.session.get(User, personas["volunteer2"]), status="suspended")
        make_application(email="a@example.net")
        late = make_application(email="b@example.net", stage="vetting")
        late.stage_changed_at = NOW - dt.timedelta(days=61)
        db.session.commit()
    page = login("coordinator").get("/").text
    assert "2 applications in progress</a>, 1 new, 1 overdue" in page
    assert (
        "2 volunteers need attention</a>: Sam Person (suspended), "
        "Val Person (vetting due 10 Jan 2027)" in page
    )
    anonymous = app.test_client().get("/").text
    assert 'href="/apply"' in anonymous


def test_the_list_of_volunteers_comes_a_page_at_a_time_by_name(app, login):
    with app.app_context():
        for n in range(LIST_PAGE_SIZE + 1):
            make_volunteer(make_user(f"v{n}@example.org", f"Volunteer {n:02}", password=None))
        make_volunteer(make_user("gone@example.org", "Gone Volunteer", password=None), "left")
        db.session.commit()
    office = login("coordinator")
    names = r'href="/volunteers/\d+">([^<]+)</a>'
    first = office.get("/volunteers").text
    assert re.findall(names, first) == [f"Volunteer {n:02}" for n in range(LIST_PAGE_SIZE)]
    assert "51 volunteers: 1 to 50" in first
    assert 'href="/volunteers?status=current&amp;page=2" rel="next"' in first
    second = office.get("/volunteers?status=current&page=2").text
    assert re.findall(names, second) == ["Volunteer 50"]
    assert office.get("/volunteers?page=3").status_code == 404
    everyone = office.get("/volunteers?status=all&page=2").text
    # "Gone Volunteer" sorts first, so one more current volunteer moves to page 2.
    assert re.findall(names, everyone) == ["Volunteer 49", "Volunteer 50"]
    assert 'href="/volunteers?status=all&amp;page=1" rel="prev"' in everyone
