"""Availability: kept by the volunteer on their phone; limits and pairs set by the coordinator."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.volunteers.models import AvoidPair, AwayPeriod, Volunteer
from tests.factories import (
    make_period,
    make_planned_visit,
    make_suite,
    make_visitor,
    make_volunteer,
)


@pytest.fixture
def frozen():
    with time_machine.travel(date(2026, 11, 24), tick=False) as traveller:
        yield traveller


@pytest.fixture
def val(app, personas):
    """The volunteer persona's record, on the panels of two suites."""
    with app.app_context():
        leamington, nuneaton = make_suite("Leamington Spa"), make_suite("Nuneaton")
        user = db.session.get(User, personas["volunteer"])
        volunteer = make_volunteer(user, suites=[leamington, nuneaton])
        db.session.commit()
        return {"id": volunteer.id, "leamington": leamington.id, "nuneaton": nuneaton.id}


def test_a_volunteer_sets_the_times_they_can_visit_and_the_suites_they_reach(app, login, val):
    volunteer = login("volunteer")
    page = volunteer.get("/my-visits/availability")
    assert page.status_code == 200
    assert "Monday" in page.text
    assert "Evening, 18:00 to 22:00" in page.text
    response = volunteer.post(
        "/my-visits/availability",
        data={
            "monday": ["evening", "late"],
            "saturday": ["day"],
            "reachable": [str(val["nuneaton"])],
        },
    )
    assert response.headers["Location"] == "/my-visits/availability"
    with app.app_context():
        record = db.session.get(Volunteer, val["id"])
        assert record.weekly_availability == [[0, "evening"], [0, "late"], [5, "day"]]
        assert [s.name for s in record.unreachable_suites] == ["Leamington Spa"]
        assert [s.name for s in record.rota_suites] == ["Nuneaton"]
        assert record.availability_updated_at is not None
    page = volunteer.get("/my-visits/availability").text
    assert 'value="late" checked' in page


def test_a_volunteer_must_reach_at_least_one_suite(app, login, val):
    response = login("volunteer").post("/my-visits/availability", data={"monday": ["day"]})
    assert response.status_code == 400
    assert "Select at least one suite you can get to" in response.text
    with app.app_context():
        assert db.session.get(Volunteer, val["id"]).weekly_availability == []


def test_a_band_that_does_not_exist_is_refused(app, login, val):
    response = login("volunteer").post(
        "/my-visits/availability",
        data={"monday": ["midnight"], "reachable": [str(val["nuneaton"])]},
    )
    assert response.status_code == 400
    assert "Choose only from the options shown" in response.text


def test_dates_away_warn_of_visits_already_on_the_rota(app, login, val, frozen):
    with app.app_context():
        partner = make_visitor("partner@example.org", [])
        record = db.session.get(Volunteer, val["id"])
        suite = record.suites[1]
        make_planned_visit(make_period(), suite, date(2027, 1, 6), [record, partner])
        db.session.commit()
    volunteer = login("volunteer")
    response = volunteer.post(
        "/my-visits/away",
        data={"away-starts_on": ["4", "1", "2027"], "away-ends_on": ["10", "1", "2027"]},
    )
    assert response.headers["Location"] == "/my-visits/availability#away"
    page = volunteer.get("/my-visits/availability").text
    assert (
        "Dates away added. You are on the rota on Wednesday 6 January: ask to swap or drop in "
        "My visits." in page
    )
    with app.app_context():
        away = db.session.scalars(select(AwayPeriod)).one()
        assert (away.starts_on, away.ends_on) == (date(2027, 1, 4), date(2027, 1, 10))
        away_id = away.id
    assert volunteer.post(f"/my-visits/away/{away_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.scalars(select(AwayPeriod)).all() == []


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [
        (
            ["10", "1", "2027"],
            ["4", "1", "2027"],
            "The last day away must be on or after the first",
        ),
        (["1", "11", "2026"], ["2", "11", "2026"], "These dates have passed"),
        (["1", "1", "2027"], ["5", "1", "2028"], "Give away dates of a year or less"),
        (["31", "2", "2027"], ["5", "3", "2027"], "The first day away must be a real date"),
    ],
)
def test_bad_away_dates_are_explained(app, login, val, frozen, starts, ends, message):
    response = login("volunteer").post(
        "/my-visits/away", data={"away-starts_on": starts, "away-ends_on": ends}
    )
    assert response.status_code == 400
    assert message in response.text
    with app.app_context():
        assert db.session.scalars(select(AwayPeriod)).all() == []


def test_dates_away_never_reveal_a_draft_rota(app, login, val, frozen):
    with app.app_context():
        partner = make_visitor("partner@example.org", [])
        record = db.session.get(Volunteer, val["id"])
        draft = make_period(status="draft")
        make_planned_visit(draft, record.suites[1], date(2027, 1, 6), [record, partner])
        db.session.commit()
    volunteer = login("volunteer")
    volunteer.post(
        "/my-visits/away",
        data={"away-starts_on": ["4", "1", "2027"], "away-ends_on": ["10", "1", "2027"]},
    )
    page = volunteer.get("/my-visits/availability").text
    assert "Dates away added." in page
    assert "6 January" not in page


def test_another_volunteers_away_dates_cannot_be_removed(app, login, val):
    with app.app_context():
        other = make_visitor("other@example.org", [])
        other.away_periods.append(AwayPeriod(starts_on=date(2027, 1, 4), ends_on=date(2027, 1, 5)))
        db.session.commit()
        away_id = other.away_periods[0].id
    assert login("volunteer").post(f"/my-visits/away/{away_id}/delete").status_code == 404
    with app.app_context():
        assert db.session.get(AwayPeriod, away_id) is not None


def test_the_coordinator_sets_a_monthly_limit_suites_to_avoid_and_pairs(app, login, val):
    with app.app_context():
        other = make_visitor("sam.other@example.org", [], name="Sam Other")
        db.session.commit()
        other_id = other.id
    coordinator = login("coordinator")
    response = coordinator.post(
        f"/volunteers/{val['id']}/limits",
        data={"limits-max_per_month": "2", "limits-avoided": [str(val["leamington"])]},
    )
    assert response.headers["Location"] == f"/volunteers/{val['id']}"
    response = coordinator.post(
        f"/volunteers/{val['id']}/pair",
        data={"pair-other": str(other_id), "pair-reason": "Married"},
    )
    assert response.headers["Location"] == f"/volunteers/{val['id']}"
    again = coordinator.post(f"/volunteers/{val['id']}/pair", data={"pair-other": str(other_id)})
    assert again.status_code == 400
    assert "Sam Other is already never paired with them" in again.text
    with app.app_context():
        record = db.session.get(Volunteer, val["id"])
        assert record.max_per_month == 2
        assert [s.name for s in record.rota_suites] == ["Nuneaton"]
        pair = db.session.scalars(select(AvoidPair)).one()
        assert (pair.volunteer_id, pair.other_id, pair.reason) == (
            min(val["id"], other_id),
            max(val["id"], other_id),
            "Married",
        )
        pair_id = pair.id
    page = coordinator.get(f"/volunteers/{val['id']}").text
    assert "Never paired with Sam Other (Married)." in page
    response = coordinator.post(f"/volunteers/{val['id']}/pairs/{pair_id}/delete")
    assert response.headers["Location"] == f"/volunteers/{val['id']}#rota"
    with app.app_context():
        assert db.session.scalars(select(AvoidPair)).all() == []


def test_a_volunteer_never_sees_pairs_or_limits(app, login, val):
    page = login("volunteer").get("/my-visits/availability").text
    assert "Never pair" not in page
    assert "Most visits a month" not in page
    assert login("volunteer").get(f"/volunteers/{val['id']}").status_code == 403


def test_a_volunteer_account_without_a_record_is_told_they_are_not_on_the_rota(login):
    page = login("volunteer2").get("/my-visits")
    assert page.status_code == 200
    assert "You are not on the rota yet" in page.text
    assert login("volunteer2").get("/my-visits/availability").status_code == 404


def test_personas_reach_availability_only_as_volunteers(login, val):
    for persona in ("coordinator", "commissioner", "liaison", "admin"):
        assert login(persona).get("/my-visits/availability").status_code == 403


def test_the_dates_away_form_posts_to_an_address_without_a_fragment(app, login, val, frozen):
    # A fragment (#away) would scroll the answer there and take the focus from the error summary.
    volunteer = login("volunteer")
    page = volunteer.get("/my-visits/availability").text
    assert '<form method="post" action="/my-visits/away" novalidate>' in page
    response = volunteer.post("/my-visits/away", data={"away-starts_on": ["40", "1", "2027"]})
    assert response.status_code == 400
    summary = response.text.split('<div class="govuk-error-summary"')[1].split("</ul>")[0]
    assert 'href="#away-starts_on"' in summary
    assert "The first day away must be a real date" in summary
