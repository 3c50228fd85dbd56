"""Visits short of a visitor, and who joins one: only the people the rules allow, best first, and
someone outside their usual availability only with the reason recorded."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from sqlalchemy import select

from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.rota.edit_rules import EditCheck
from icv.rota.models import PlannedVisit, RotaPeriod, SwapRequest
from icv.rota.places import candidates
from icv.rota.problem_from_db import key_id
from icv.suites.models import Suite
from icv.volunteers.models import AvoidPair, Volunteer
from tests.factories import make_period, make_planned_visit, make_suite, make_visitor
from tests.mail import outbox

TODAY = date(2026, 12, 1)
WEDNESDAY = date(2027, 1, 6)
REASON = "Agreed by phone on 1 December to go this once"


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def rota(app, frozen):
    """Ann and Ben visit Leamington Spa on Wednesday 6 January (evening), in a published rota
    of two weeks. Cat has no visit yet; Dev has two, one with Ben. Eve visits only on Monday
    mornings; Fay is suspended; Gus is on Nuneaton's panel only; Hal is never paired with Ben."""
    with app.app_context():
        leamington, nuneaton = make_suite("Leamington Spa"), make_suite("Nuneaton")
        people = {
            name: make_visitor(f"{name.lower()}@example.org", [leamington], name=f"{name} Person")
            for name in ("Ann", "Ben", "Cat", "Dev", "Hal")
        }
        people["Eve"] = make_visitor(
            "eve@example.org", [leamington], name="Eve Person", weekly_availability=[[0, "early"]]
        )
        people["Fay"] = make_visitor(
            "fay@example.org", [leamington], status="suspended", name="Fay Person"
        )
        people["Gus"] = make_visitor("gus@example.org", [nuneaton], name="Gus Person")
        low, high = sorted((people["Ben"].id, people["Hal"].id))
        db.session.add(AvoidPair(volunteer_id=low, other_id=high, reason="Neighbours"))
        period = make_period(date(2027, 1, 4), weeks=2)
        visit = make_planned_visit(period, leamington, WEDNESDAY, [people["Ann"], people["Ben"]])
        make_planned_visit(period, leamington, date(2027, 1, 12), [people["Dev"], people["Ben"]])
        make_planned_visit(period, leamington, date(2027, 1, 15), [people["Dev"], people["Ann"]])
        db.session.commit()
        return {name: v.id for name, v in people.items()} | {
            "visit": visit.id,
            "period": period.id,
            "leamington": leamington.id,
        }


def names(found) -> list[tuple[str, int, int, bool]]:
    return [(c.volunteer.user.name, c.visits, c.together, c.outside) for c in found]


def test_only_people_the_rules_allow_are_candidates_best_first(app, rota):
    with app.app_context():
        visit = db.session.get(PlannedVisit, rota["visit"])
        ann = db.session.get(Volunteer, rota["Ann"])
        assert names(candidates(visit, ann, TODAY)) == [
            ("Cat Person", 0, 0, False),
            ("Dev Person", 2, 1, False),
            ("Eve Person", 0, 0, True),
        ]


def test_the_rules_for_a_places_candidates_read_only_the_suites_panel(app, rota):
    """Every rule reads only the people on the rota's visits and the one taking the place, so
    the problem the candidates are checked against leaves out Gus (Nuneaton's panel only),
    whom the rota's whole problem has: a thousand such at a national scale."""
    with app.app_context():
        visit = db.session.get(PlannedVisit, rota["visit"])
        panel = EditCheck(visit.period, TODAY, panel_of=visit.suite_id).built.volunteers
        whole = EditCheck(visit.period, TODAY).built.volunteers
        assert {key_id(key) for key in panel} == {
            rota[name] for name in ("Ann", "Ben", "Cat", "Dev", "Eve", "Hal")
        }
        assert {key_id(key) for key in whole} == {key_id(key) for key in panel} | {rota["Gus"]}


def radio_labels(page: str) -> list[str]:
    return re.findall(
        r'<label class="govuk-label govuk-radios__label" for="[^"]+">\s*([^<]+?)\s*</label>', page
    )


def test_the_who_goes_instead_page_lists_them_with_what_ranks_them(login, rota):
    page = (
        login("coordinator").get(f"/rota/visits/{rota['visit']}/replace?leaving={rota['Ann']}").text
    )
    assert "Who goes instead of Ann Person?" in page
    assert radio_labels(page) == ["Cat Person", "Dev Person", "Eve Person"]
    assert '<div class="govuk-radios__divider">or</div>' in page
    assert "0 visits on this rota" in page
    assert "2 visits on this rota, 1 with the same partner" in page
    assert (
        "Does not usually visit on Wednesdays in the evening: only if they agreed to go. "
        "0 visits on this rota."
    ) in page
    for nobody in ("Fay Person", "Gus Person", "Hal Person"):
        assert nobody not in page


def replace(client, rota, joining: str, why: str = ""):
    return client.post(
        f"/rota/visits/{rota['visit']}/replace",
        data={
            "replace-leaving": str(rota["Ann"]),
            "replace-joining": str(rota[joining]),
            "replace-why": why,
        },
    )


def test_outside_their_availability_needs_the_reason_which_is_kept(app, login, rota):
    coordinator = login("coordinator")
    refused = replace(coordinator, rota, "Eve")
    assert refused.status_code == 400
    message = (
        "Eve Person does not usually visit on Wednesdays in the evening: if they agreed to go, "
        "say why"
    )
    assert f'<a href="#replace-why">{message}</a>' in refused.text
    with app.app_context():
        visit = db.session.get(PlannedVisit, rota["visit"])
        assert [pv.volunteer.user.name for pv in visit.visitors] == ["Ann Person", "Ben Person"]
        assert outbox() == []
    done = replace(coordinator, rota, "Eve", REASON)
    assert done.headers["Location"] == f"/rota/{rota['period']}"
    with app.app_context():
        visit = db.session.get(PlannedVisit, rota["visit"])
        kept = [(pv.volunteer.user.name, pv.availability_override) for pv in visit.visitors]
        assert kept == [("Eve Person", REASON), ("Ben Person", None)]
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "rota.visitor_replaced")
        ).one()
        assert event.details == {"availability_override": REASON}
        assert event.summary.endswith(f"outside their usual availability: {REASON}")
        told = sorted(m.to_address for m in outbox("rota-visit-changed"))
        assert told == ["ann@example.org", "ben@example.org", "eve@example.org"]
    page = coordinator.get(f"/rota/visits/{rota['visit']}").text
    assert f"Eve Person goes outside their usual availability: {REASON}" in page
    assert "Eve Person (outside their usual availability)" in page


def test_a_reason_does_not_lift_any_other_rule(app, login, rota):
    refused = replace(login("coordinator"), rota, "Hal", REASON)
    assert refused.status_code == 400
    assert "Hal Person and Ben Person are not to visit together" in refused.text
    refused = replace(login("coordinator"), rota, "Fay", REASON)
    assert "Fay Person cannot be rostered: suspended" in refused.text


@pytest.fixture
def short(app, rota):
    """Ann comes off a published visit and off a visit of a February draft."""
    with app.app_context():
        visit = db.session.get(PlannedVisit, rota["visit"])
        ann = db.session.get(Volunteer, rota["Ann"])
        visit.visitors.remove(visit.visitor_for(ann))
        draft = make_period(date(2027, 2, 1), weeks=2, status="draft")
        suite = db.session.get(Suite, rota["leamington"])
        make_planned_visit(draft, suite, date(2027, 2, 3), [db.session.get(Volunteer, rota["Cat"])])
        db.session.commit()
        return draft.id


def test_visits_short_of_a_visitor_are_counted_and_listed(login, rota, short):
    coordinator = login("coordinator")
    page = coordinator.get(f"/rota/{rota['period']}").text
    assert "1 planned visit needs a visitor (see below)." in page
    assert "Visits that need a visitor" in page
    assert (
        f'<a class="govuk-link" href="/rota/visits/{rota["visit"]}">Wed 6 Jan 2027, Evening '
        "(18:00 to 22:00), Leamington Spa</a>: Ben Person</li>"
    ) in page
    publish = coordinator.get(f"/rota/{short}/publish").text
    assert "1 visit on this rota needs another visitor." in publish
    assert "Wed 3 Feb 2027, Evening (18:00 to 22:00), Leamington Spa</a>: Cat Person</li>" in (
        publish
    )
    home = coordinator.get("/").text
    assert "2 planned visits need a visitor:" in home
    assert "Leamington Spa</a>: Ben Person</li>" in home
    assert "Leamington Spa</a>: Cat Person (draft rota)</li>" in home


def test_a_visitor_is_added_from_the_best_first_list(app, login, rota, short):
    coordinator = login("coordinator")
    page = coordinator.get(f"/rota/visits/{rota['visit']}").text
    assert f'href="/rota/visits/{rota["visit"]}/fill">Add a visitor</a>' in page
    form = coordinator.get(f"/rota/visits/{rota['visit']}/fill").text
    assert "Who joins the visit?" in form
    # Ann came off by hand and could go again: one visit on this rota, after Cat's none.
    assert radio_labels(form) == ["Cat Person", "Ann Person", "Dev Person", "Eve Person"]
    nobody = coordinator.post(f"/rota/visits/{rota['visit']}/fill", data={})
    assert nobody.status_code == 400
    assert '<a href="#fill-joining">Select who joins the visit</a>' in nobody.text
    done = coordinator.post(
        f"/rota/visits/{rota['visit']}/fill", data={"fill-joining": str(rota["Cat"])}
    )
    assert done.headers["Location"] == f"/rota/{rota['period']}"
    with app.app_context():
        visit = db.session.get(PlannedVisit, rota["visit"])
        assert [pv.volunteer.user.name for pv in visit.visitors] == ["Ben Person", "Cat Person"]
        assert visit.visitors[1].availability_override is None


def test_the_swap_page_offers_the_same_people_best_first(app, login, rota):
    with app.app_context():
        # Abe comes first by name, but has two visits at Nuneaton on this rota.
        nuneaton = db.session.scalars(select(Suite).where(Suite.name == "Nuneaton")).one()
        leamington = db.session.get(Suite, rota["leamington"])
        abe = make_visitor("abe@example.org", [leamington, nuneaton], name="Abe Person")
        gus, period = (
            db.session.get(Volunteer, rota["Gus"]),
            db.session.get(RotaPeriod, rota["period"]),
        )
        for day in (9, 13):
            make_planned_visit(period, nuneaton, date(2027, 1, day), [abe, gus])
        request = SwapRequest(visit_id=rota["visit"], volunteer_id=rota["Ann"], kind="drop")
        request.reason = "Away"
        db.session.add(request)
        db.session.commit()
        request_id = request.id
    page = login("coordinator").get(f"/rota/requests/{request_id}").text
    offer = page[page.index('id="offer"') :]
    assert radio_labels(page[: page.index('id="offer"')]) == [
        "Cat Person",
        "Abe Person",
        "Dev Person",
    ]
    assert "Eve Person" not in offer
