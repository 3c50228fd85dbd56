"""The coordinator changes a published rota by hand: a visit moved, cancelled or added, a
visitor replaced, each change checked against the rules and the pair told; suspending a
volunteer takes them off the rota and their place is filled."""

# ruff: noqa: F811 (the fixtures imported from tests/rota_planning.py are the tests' arguments)

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from icv.extensions import db
from icv.rota.models import PlannedVisit
from icv.volunteers.models import AwayPeriod, Volunteer
from tests.mail import outbox
from tests.rota_planning import frozen, one_visit, scheme  # noqa: F401  (fixtures)


def test_moving_a_visit_is_checked_and_the_pair_told(app, login, scheme, one_visit):
    coordinator = login("coordinator")
    response = coordinator.post(
        f"/rota/visits/{one_visit['visit']}/move",
        data={"move-visit_on": ["8", "1", "2027"], "move-band": "late"},
    )
    assert response.headers["Location"] == f"/rota/{one_visit['period']}"
    with app.app_context():
        visit = db.session.get(PlannedVisit, one_visit["visit"])
        assert (visit.visit_on, visit.band) == (date(2027, 1, 8), "late")
        assert sorted(m.to_address for m in outbox("rota-visit-changed")) == [
            "ann@example.org",
            "ben@example.org",
        ]
        assert "Friday 8 January 2027, late night (22:00 to 07:00), Nuneaton" in (
            outbox("rota-visit-changed")[0].body_text
        )


def test_a_change_that_breaks_a_rule_is_refused_in_plain_words(app, login, scheme, one_visit):
    with app.app_context():
        ben = db.session.get(Volunteer, scheme["Ben"])
        ben.away_periods.append(AwayPeriod(starts_on=date(2027, 1, 11), ends_on=date(2027, 1, 15)))
        db.session.commit()
    coordinator = login("coordinator")
    response = coordinator.post(
        f"/rota/visits/{one_visit['visit']}/move",
        data={"move-visit_on": ["12", "1", "2027"], "move-band": "day"},
    )
    assert response.status_code == 400
    assert "Ben is away on" in response.text
    response = coordinator.post(
        f"/rota/visits/{one_visit['visit']}/replace",
        data={"replace-leaving": str(scheme["Ann"]), "replace-joining": str(scheme["Sus"])},
    )
    assert response.status_code == 400
    assert "Sus cannot be rostered: suspended" in response.text
    with app.app_context():
        visit = db.session.get(PlannedVisit, one_visit["visit"])
        assert visit.visit_on == date(2027, 1, 6)
        assert sorted(pv.volunteer.user.name for pv in visit.visitors) == ["Ann", "Ben"]
        assert outbox() == []


def test_two_probationers_are_never_paired_by_hand(app, login, scheme, one_visit):
    with app.app_context():
        db.session.get(Volunteer, scheme["Ben"]).status = "probation"
        db.session.commit()
    response = login("coordinator").post(
        f"/rota/visits/{one_visit['visit']}/replace",
        data={"replace-leaving": str(scheme["Ann"]), "replace-joining": str(scheme["Pip"])},
    )
    assert response.status_code == 400
    assert "probation" in response.text


def test_a_cancelled_visit_needs_a_reason_and_tells_the_pair(app, login, scheme, one_visit):
    coordinator = login("coordinator")
    refused = coordinator.post(
        f"/rota/visits/{one_visit['visit']}/cancel", data={"cancel-reason": ""}
    )
    assert refused.status_code == 400
    assert "Give the reason the visit is cancelled" in refused.text
    coordinator.post(f"/rota/visits/{one_visit['visit']}/cancel", data={"cancel-reason": "Flood"})
    with app.app_context():
        visit = db.session.get(PlannedVisit, one_visit["visit"])
        assert (visit.status, visit.cancel_reason) == ("cancelled", "Flood")
        assert all("Reason: Flood" in m.body_text for m in outbox("rota-visit-changed"))
        assert len(outbox("rota-visit-changed")) == 2


def test_a_visit_is_added_by_hand_to_fill_a_gap(app, login, scheme, one_visit):
    coordinator = login("coordinator")
    form = coordinator.get(
        f"/rota/{one_visit['period']}/add?suite={scheme['leamington']}&week=2027-W02"
    ).text
    assert 'id="visit_on-day" name="visit_on" type="text" value="11"' in form  # week 2
    response = coordinator.post(
        f"/rota/{one_visit['period']}/add",
        data={
            "suite": str(scheme["leamington"]),
            "visit_on": ["13", "1", "2027"],
            "band": "afternoon",
            "first": str(scheme["Cat"]),
            "second": str(scheme["Dev"]),
        },
    )
    assert response.headers["Location"] == f"/rota/{one_visit['period']}"
    with app.app_context():
        added = db.session.scalars(
            select(PlannedVisit).where(PlannedVisit.visit_on == date(2027, 1, 13))
        ).one()
        assert sorted(pv.volunteer.user.name for pv in added.visitors) == ["Cat", "Dev"]
    same = coordinator.post(
        f"/rota/{one_visit['period']}/add",
        data={
            "suite": str(scheme["leamington"]),
            "visit_on": ["13", "1", "2027"],
            "band": "evening",
            "first": str(scheme["Ann"]),
            "second": str(scheme["Cat"]),
        },
    )
    assert same.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PlannedVisit)) == 2


def test_suspending_a_volunteer_takes_them_off_the_rota_and_the_place_is_filled(
    app, login, scheme, one_visit
):
    coordinator = login("coordinator")
    response = coordinator.post(
        f"/volunteers/{scheme['Ann']}/status",
        data={"status-status": "suspended", "status-reason": "Complaint being looked into"},
    )
    assert response.headers["Location"] == f"/volunteers/{scheme['Ann']}"
    with app.app_context():
        visit = db.session.get(PlannedVisit, one_visit["visit"])
        assert [pv.volunteer.user.name for pv in visit.visitors] == ["Ben"]
        assert [m.to_address for m in outbox("rota-visit-changed")] == ["ben@example.org"]
    page = coordinator.get(f"/rota/visits/{one_visit['visit']}").text
    assert "This visit needs another visitor." in page
    response = coordinator.post(
        f"/rota/visits/{one_visit['visit']}/fill", data={"fill-joining": str(scheme["Cat"])}
    )
    assert response.headers["Location"] == f"/rota/{one_visit['period']}"
    with app.app_context():
        visit = db.session.get(PlannedVisit, one_visit["visit"])
        assert sorted(pv.volunteer.user.name for pv in visit.visitors) == ["Ben", "Cat"]
    refused = coordinator.post(
        f"/rota/visits/{one_visit['visit']}/fill", data={"fill-joining": str(scheme["Ann"])}
    )
    assert refused.status_code == 400
    assert "Ann cannot be rostered: suspended" in refused.text
