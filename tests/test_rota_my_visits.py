"""A volunteer's own visits: seen, confirmed, swapped; and the private calendar feed."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import pytest
import time_machine
from icalendar import Calendar
from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.rota.models import PlannedVisit, PlannedVisitor, RequestStatus, SwapRequest, VisitOffer
from icv.volunteers.models import AvoidPair, Volunteer
from tests.factories import (
    make_period,
    make_planned_visit,
    make_suite,
    make_visitor,
    make_volunteer,
)
from tests.mail import outbox
from tests.statements import statements


@pytest.fixture
def frozen():
    with time_machine.travel(date(2026, 12, 1), tick=False) as traveller:
        yield traveller


@pytest.fixture
def rota(app, personas, frozen):
    """Val (the volunteer persona) and Sam on a published visit; Sam and Kim on another; a
    draft visit for Val that nobody may see yet; Kim is free to take Val's place."""
    with app.app_context():
        suite = make_suite("Nuneaton", "Vicarage Street, Nuneaton CV11 4JU")
        val = make_volunteer(db.session.get(User, personas["volunteer"]), suites=[suite])
        val.user.name, val.user.phone = "Val Volunteer", "07700 900001"
        val.weekly_availability = [[day, "evening"] for day in range(7)]
        sam = make_visitor("sam.s@example.org", [suite], name="Sam Second")
        sam.user.phone = "07700 900002"
        kim = make_visitor("kim@example.org", [suite], name="Kim Third")
        published = make_period(date(2026, 11, 30), weeks=5)
        ours = make_planned_visit(published, suite, date(2026, 12, 9), [val, sam])
        theirs = make_planned_visit(published, suite, date(2026, 12, 16), [sam, kim])
        past = make_planned_visit(published, suite, date(2026, 11, 30), [val, kim])
        draft = make_period(date(2027, 1, 4), status="draft")
        hidden = make_planned_visit(draft, suite, date(2027, 1, 6), [val, sam])
        db.session.commit()
        return {
            "ours": ours.id,
            "theirs": theirs.id,
            "past": past.id,
            "hidden": hidden.id,
            "val": val.id,
            "sam": sam.id,
            "kim": kim.id,
        }


def test_it_shows_only_my_published_visits_with_my_partner(login, rota):
    page = login("volunteer").get("/my-visits").text
    assert "Wed 9 Dec 2026, Evening (18:00 to 22:00)" in page
    assert "Sam, " in page
    assert 'href="tel:07700900002"' in page
    assert "Vicarage Street, Nuneaton CV11 4JU" in page
    assert "16 Dec" not in page  # Sam and Kim's visit
    assert "6 Jan 2027" not in page  # a draft
    assert "Sam Second" not in page  # first names only
    assert "Mon 30 Nov 2026" in page  # recent past


def test_another_volunteers_visit_is_not_found(login, rota):
    volunteer = login("volunteer")
    assert volunteer.post(f"/my-visits/{rota['theirs']}/confirm").status_code == 404
    assert volunteer.get(f"/my-visits/{rota['theirs']}/change").status_code == 404
    assert volunteer.get(f"/my-visits/{rota['hidden']}/change").status_code == 404


def test_a_volunteer_confirms_a_visit_once(app, login, rota):
    volunteer = login("volunteer")
    with statements(app) as confirming:
        response = volunteer.post(f"/my-visits/{rota['ours']}/confirm")
    assert response.headers["Location"] == "/my-visits"
    # the visit with its suite and visitors, not the rota's other visits (the rules of a
    # change of visit read them; a confirmation has none to apply)
    assert not [s for s in confirming if "planned_visits.period_id IN" in s], confirming
    with app.app_context():
        place = db.session.scalars(
            select(PlannedVisitor).where(
                PlannedVisitor.visit_id == rota["ours"], PlannedVisitor.volunteer_id == rota["val"]
            )
        ).one()
        first = place.confirmed_at
        assert first is not None
    volunteer.post(f"/my-visits/{rota['ours']}/confirm")
    with app.app_context():
        assert db.session.get(PlannedVisitor, place.id).confirmed_at == first
    page = volunteer.get("/my-visits").text
    assert "Confirmed" in page


def test_a_past_visit_cannot_be_confirmed(app, login, rota):
    volunteer = login("volunteer")
    volunteer.post(f"/my-visits/{rota['past']}/confirm")
    assert "This visit has already passed" in volunteer.get("/my-visits").text


def test_the_swap_loop_ends_with_a_replacement_and_everyone_told(app, login, client, rota):
    volunteer = login("volunteer")
    response = volunteer.post(
        f"/my-visits/{rota['ours']}/change", data={"kind": "drop", "reason": "Hospital appointment"}
    )
    assert response.headers["Location"] == "/my-visits"
    with app.app_context():
        swap = db.session.scalars(select(SwapRequest)).one()
        swap_id = swap.id
        assert [m.to_address for m in outbox("rota-request")] == ["chris@example.org"]
    again = volunteer.post(
        f"/my-visits/{rota['ours']}/change", data={"kind": "swap", "reason": "x"}
    )
    assert again.status_code == 400
    assert "You have already asked about this visit" in again.text

    client.post("/sign-out")
    coordinator = login("coordinator")
    page = coordinator.get(f"/rota/requests/{swap_id}").text
    assert "Hospital appointment" in page
    assert "Kim Third" in page  # free on 9 December
    response = coordinator.post(
        f"/rota/requests/{swap_id}/offer", data={"offer-volunteers": [str(rota["kim"])]}
    )
    assert response.headers["Location"] == f"/rota/requests/{swap_id}"
    with app.app_context():
        [offer] = db.session.scalars(select(VisitOffer)).all()
        offer_id = offer.id
        [mail] = outbox("rota-offer")
        assert mail.to_address == "kim@example.org"
        assert "Wednesday 9 December 2026, evening (18:00 to 22:00), Nuneaton" in mail.body_text

    response = coordinator.post(
        f"/rota/requests/{swap_id}/accept",
        data={"accept-replacement": str(rota["kim"]), "accept-note": "Get well soon"},
    )
    assert response.headers["Location"] == f"/rota/requests/{swap_id}"
    with app.app_context():
        visit = db.session.get(PlannedVisit, rota["ours"])
        assert sorted(pv.volunteer.user.name for pv in visit.visitors) == [
            "Kim Third",
            "Sam Second",
        ]
        swap = db.session.get(SwapRequest, swap_id)
        assert (swap.status, swap.replacement_id) == (RequestStatus.REPLACED, rota["kim"])
        [decided] = outbox("rota-request-decided")
        assert decided.to_address == "val@example.org"
        assert "Kim will make it instead" in decided.body_text
        assert "Get well soon" in decided.body_text
        changed = sorted(m.to_address for m in outbox("rota-visit-changed"))
        assert changed == ["kim@example.org", "sam.s@example.org", "val@example.org"]
        assert db.session.get(VisitOffer, offer_id).request.status == "replaced"


def test_an_offer_is_answered_in_my_visits(app, login, client, rota):
    with app.app_context():
        sam = db.session.get(Volunteer, rota["sam"])
        visit = db.session.get(PlannedVisit, rota["theirs"])
        swap = SwapRequest(visit=visit, volunteer=sam, kind="swap", reason="Away")
        db.session.add(swap)
        val = db.session.get(Volunteer, rota["val"])
        db.session.add(VisitOffer(request=swap, volunteer=val))
        db.session.commit()
        offer_id = swap.offers[0].id
    volunteer = login("volunteer")
    assert "Could you make these?" in volunteer.get("/my-visits").text
    response = volunteer.post(f"/my-visits/offers/{offer_id}/accept")
    assert response.headers["Location"] == "/my-visits"
    with app.app_context():
        offer = db.session.get(VisitOffer, offer_id)
        assert offer.response == "accepted"
        assert [m.to_address for m in outbox("rota-offer-answered")] == ["chris@example.org"]
    assert "Could you make these?" not in volunteer.get("/my-visits").text
    client.post("/sign-out")
    assert login("volunteer2").post(f"/my-visits/offers/{offer_id}/decline").status_code == 404


def test_a_request_can_be_declined_with_a_reason(app, login, rota):
    with app.app_context():
        sam = db.session.get(Volunteer, rota["sam"])
        swap = SwapRequest(
            visit=db.session.get(PlannedVisit, rota["theirs"]),
            volunteer=sam,
            kind="swap",
            reason="x",
        )
        db.session.add(swap)
        db.session.commit()
        swap_id = swap.id
    coordinator = login("coordinator")
    refused = coordinator.post(f"/rota/requests/{swap_id}/decline", data={"decline-note": ""})
    assert refused.status_code == 400
    assert "Tell the volunteer why the visit stays theirs" in refused.text
    coordinator.post(f"/rota/requests/{swap_id}/decline", data={"decline-note": "Nobody free"})
    with app.app_context():
        assert db.session.get(SwapRequest, swap_id).status == "declined"
        [mail] = outbox("rota-request-decided")
        assert "so the visit is still yours" in mail.body_text


def turn_on_calendar(volunteer) -> str:
    """Ask for a calendar address; the token in the address on the page that answers."""
    page = volunteer.post("/my-visits/calendar/on")
    assert page.status_code == 200
    assert "We show this address only once, now: we do not keep a copy." in page.text
    [token] = set(re.findall(r"/calendar/([A-Za-z0-9_-]{43})\.ics", page.text))
    return token


def test_the_calendar_address_is_kept_only_as_its_hash(app, login, rota):
    volunteer = login("volunteer")
    token = turn_on_calendar(volunteer)
    with app.app_context():
        stored = db.session.get(Volunteer, rota["val"]).calendar_token_hash
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    later = volunteer.get("/my-visits")
    assert token not in later.text
    assert "We showed it only once, when it was made" in later.text
    cookie = volunteer.get_cookie(app.config["SESSION_COOKIE_NAME"])
    kept = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    assert token not in str(kept)  # rendered, not flashed: nothing of it rides in the cookie


def test_the_calendar_feed_holds_only_my_published_visits(app, login, client, rota):
    volunteer = login("volunteer")
    token = turn_on_calendar(volunteer)
    client.post("/sign-out")
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [str(e["summary"]) for e in events] == ["Custody visit: Nuneaton"] * 2
    starts = [e.decoded("dtstart").isoformat() for e in events]
    assert starts == ["2026-11-30T18:00:00+00:00", "2026-12-09T18:00:00+00:00"]
    descriptions = [str(e["description"]).split(".")[0] for e in events]
    assert descriptions == ["With Kim", "With Sam"]
    assert b"Second" not in response.data  # first names only
    assert b"16 Dec" not in response.data
    assert len(events) == 2  # not Sam and Kim's visit, not the draft


def test_a_feed_address_stops_working_when_renewed_or_turned_off(app, login, client, rota):
    volunteer = login("volunteer")
    old = turn_on_calendar(volunteer)
    new = turn_on_calendar(volunteer)
    assert new != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200
    volunteer.post("/my-visits/calendar/off")
    assert client.get(f"/calendar/{new}.ics").status_code == 404


def test_a_summer_visit_is_in_british_summer_time(app, rota):
    from icv.rota.feed import band_times

    with app.app_context():
        assert [t.isoformat() for t in band_times(date(2027, 7, 1), "late")] == [
            "2027-07-01T21:00:00+00:00",
            "2027-07-02T06:00:00+00:00",
        ]


def test_only_volunteers_have_my_visits(login, rota):
    for persona in ("coordinator", "commissioner", "liaison", "admin"):
        assert login(persona).get("/my-visits").status_code == 403


def test_the_feed_stops_when_the_volunteer_no_longer_visits(app, login, client, rota):
    token = turn_on_calendar(login("volunteer"))
    with app.app_context():
        val = db.session.get(Volunteer, rota["val"])
        val.status = "suspended"
        db.session.commit()
    assert client.get(f"/calendar/{token}.ics").status_code == 404
    with app.app_context():
        db.session.get(Volunteer, rota["val"]).status = "active"
        db.session.commit()
    assert client.get(f"/calendar/{token}.ics").status_code == 200


def test_leaving_the_scheme_clears_the_feed(app, rota):
    from icv.volunteers.services import end_appointment

    with app.app_context():
        val = db.session.get(Volunteer, rota["val"])
        val.calendar_token_hash = "a" * 64
        coordinator = db.session.scalars(User.by_email("chris@example.org")).one()
        end_appointment(coordinator, val, "resigned", "Moved away")
        db.session.commit()
        assert db.session.get(Volunteer, rota["val"]).calendar_token_hash is None


def test_an_offer_never_names_the_volunteer_who_asked_to_leave(app, login, rota):
    with app.app_context():
        sam = db.session.get(Volunteer, rota["sam"])
        swap = SwapRequest(
            visit=db.session.get(PlannedVisit, rota["ours"]), volunteer=sam, kind="drop", reason="x"
        )
        db.session.add(swap)
        db.session.commit()
        swap_id = swap.id
    login("coordinator").post(
        f"/rota/requests/{swap_id}/offer", data={"offer-volunteers": [str(rota["kim"])]}
    )
    with app.app_context():
        [mail] = outbox("rota-offer")
        assert "Wednesday 9 December 2026, evening (18:00 to 22:00), Nuneaton, with Val" in (
            mail.body_text
        )
        assert "Sam" not in mail.body_text


def test_a_pair_kept_apart_with_someone_who_no_longer_visits_is_left_out(app, login, rota):
    # Found by the generated input (issue 18): Kim was kept apart from a volunteer who then
    # resigned; the rota's problem named someone it did not have, and both the request page and
    # offering the visit answered 500.
    with app.app_context():
        gone = make_visitor("gone@example.org", [], status="resigned")
        db.session.add(AvoidPair(volunteer_id=rota["kim"], other_id=gone.id))
        swap = SwapRequest(
            visit_id=rota["ours"], volunteer_id=rota["val"], kind="drop", reason="Away"
        )
        db.session.add(swap)
        db.session.commit()
        swap_id = swap.id
    coordinator = login("coordinator")
    assert "Kim Third" in coordinator.get(f"/rota/requests/{swap_id}").text
    response = coordinator.post(
        f"/rota/requests/{swap_id}/offer", data={"offer-volunteers": [str(rota["kim"])]}
    )
    assert response.status_code == 302
    with app.app_context():
        [offer] = db.session.scalars(select(VisitOffer)).all()
        assert offer.volunteer_id == rota["kim"]
