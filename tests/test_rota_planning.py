"""The coordinator plans a period from live data, checks it, changes it by hand, publishes it."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from icv.extensions import db
from icv.jobs import runs
from icv.rota import problem_from_db
from icv.rota.engine.checker import violations
from icv.rota.models import PlannedVisit, RotaPeriod
from icv.suites.models import Suite
from icv.volunteers.models import AwayPeriod, Volunteer
from tests.factories import make_period, make_planned_visit, make_suite, make_visitor
from tests.mail import outbox
from tests.statements import statements

MONDAY = date(2027, 1, 4)


@pytest.fixture
def frozen():
    with time_machine.travel(date(2026, 12, 1), tick=False) as traveller:
        yield traveller


@pytest.fixture
def scheme(app, personas, frozen):
    """Two suites needing a visit a week; six volunteers who can go any time; one on
    probation, one suspended, one whose vetting lapses mid-period."""
    with app.app_context():
        leamington, nuneaton = make_suite("Leamington Spa"), make_suite("Nuneaton")
        people = {
            name: make_visitor(f"{name.lower()}@example.org", [leamington, nuneaton], name=name)
            for name in ("Ann", "Ben", "Cat", "Dev")
        }
        people["Pip"] = make_visitor(
            "pip@example.org", [leamington, nuneaton], status="probation", name="Pip"
        )
        people["Sus"] = make_visitor(
            "sus@example.org", [leamington], status="suspended", name="Sus"
        )
        people["Lapse"] = make_visitor(
            "lapse@example.org", [nuneaton], name="Lapse", vetting_expires_on=MONDAY + timedelta(6)
        )
        db.session.commit()
        return {name: v.id for name, v in people.items()} | {
            "leamington": leamington.id,
            "nuneaton": nuneaton.id,
        }


def plan(client, starts="4 1 2027", ends="28 2 2027"):
    """Ask for a draft, and run the scheduler's job that makes it (as the scheduler would)."""
    response = ask_for_draft(client, starts, ends)
    with client.application.app_context():
        assert runs.run("rota_drafts").status == "succeeded"
    return response


def ask_for_draft(client, starts="4 1 2027", ends="28 2 2027"):
    return client.post("/rota/new", data={"starts_on": starts.split(), "ends_on": ends.split()})


def test_the_new_period_form_offers_the_next_quarter(login, scheme):
    page = login("coordinator").get("/rota/new").text
    # Monday 7 December 2026 to Sunday 7 March 2027: thirteen weeks.
    assert 'id="starts_on-day" name="starts_on" type="text" value="07"' in page
    assert 'id="starts_on-month" name="starts_on" type="text" value="12"' in page
    assert 'id="ends_on-day" name="ends_on" type="text" value="07"' in page
    assert 'id="ends_on-month" name="ends_on" type="text" value="03"' in page
    assert 'id="ends_on-year" name="ends_on" type="text" value="2027"' in page


def test_a_draft_follows_every_hard_rule_and_leaves_out_who_cannot_go(app, login, scheme):
    response = plan(login("coordinator"))
    with app.app_context():
        period = db.session.scalars(select(RotaPeriod)).one()
        assert response.headers["Location"] == f"/rota/{period.id}"
        assert (period.status, period.starts_on, period.ends_on) == (
            "draft",
            MONDAY,
            date(2027, 2, 28),
        )
        assert len(period.visits) == 16  # 8 weeks, 2 suites, 1 a week each
        assert period.unfilled == []
        names = {pv.volunteer.user.name for v in period.visits for pv in v.visitors}
        assert "Sus" not in names
        lapse_days = [
            v.visit_on
            for v in period.visits
            for pv in v.visitors
            if pv.volunteer.user.name == "Lapse"
        ]
        assert all(day <= MONDAY + timedelta(6) for day in lapse_days)
        built = problem_from_db.build_problem(period.starts_on, period.ends_on, period.seed, MONDAY)
        assert violations(built.problem, problem_from_db.period_visits(period)) == []
        assert outbox() == []  # nobody is told of a draft


def test_the_period_pages_show_the_rota_by_suite_by_volunteer_and_its_quality(app, login, scheme):
    coordinator = login("coordinator")
    plan(coordinator)
    with app.app_context():
        period_id = db.session.scalar(select(RotaPeriod.id))
    by_suite = coordinator.get(f"/rota/{period_id}").text
    assert "16 of 16 required visits planned." in by_suite
    assert "Leamington Spa" in by_suite
    assert "Week of 4 January 2027" in by_suite
    assert "2027-W01" not in by_suite
    by_volunteer = coordinator.get(f"/rota/{period_id}?view=volunteer").text
    assert "Ann" in by_volunteer
    quality = coordinator.get(f"/rota/{period_id}?view=quality")
    assert quality.status_code == 200
    assert "Coverage" in quality.text
    assert coordinator.get(f"/rota/{period_id}?view=other").status_code == 404


def test_gaps_come_with_a_reason_to_act_on(app, login, scheme):
    with app.app_context():
        for name in ("Ann", "Ben", "Cat", "Dev", "Pip", "Lapse"):
            volunteer = db.session.get(Volunteer, scheme[name])
            volunteer.away_periods.append(
                AwayPeriod(starts_on=MONDAY, ends_on=MONDAY + timedelta(6))
            )
        db.session.commit()
    coordinator = login("coordinator")
    plan(coordinator, ends="17 1 2027")
    with app.app_context():
        period = db.session.scalars(select(RotaPeriod)).one()
        assert {(u["week"], u["suite_id"]) for u in period.unfilled} == {
            ("2027-W01", scheme["leamington"]),
            ("2027-W01", scheme["nuneaton"]),
        }
        assert [(u["code"], u["params"]["week"]) for u in period.unfilled] == [
            ("none_available", "2027-W01")
        ] * 2  # a code, worded where it is read
    page = coordinator.get(f"/rota/{period.id}").text
    assert "Visits that could not be filled" in page
    assert f"/rota/{period.id}/add?suite={scheme['leamington']}&amp;week=2027-W01" in page


def test_an_overlapping_period_is_refused_next_to_the_field(app, login, scheme):
    coordinator = login("coordinator")
    plan(coordinator)
    response = plan(coordinator, starts="22 2 2027", ends="14 3 2027")
    assert response.status_code == 400
    assert "The period overlaps the rota for 4 Jan 2027 to 28 Feb 2027" in response.text
    response = plan(coordinator, starts="2 3 2027", ends="14 3 2027")
    assert "The period must start on a Monday; 2 March 2027 is a Tuesday" in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RotaPeriod)) == 1


def test_publishing_mails_each_volunteer_only_their_own_visits(app, login, scheme):
    coordinator = login("coordinator")
    plan(coordinator)
    with app.app_context():
        period = db.session.scalars(select(RotaPeriod)).one()
        period_id = period.id
        mine = {}
        for visit in period.visits:
            for place in visit.visitors:
                mine.setdefault(place.volunteer.user.email, []).append(visit.visit_on)
    response = coordinator.post(f"/rota/{period_id}/publish")
    assert response.headers["Location"] == f"/rota/{period_id}"
    with app.app_context():
        assert db.session.get(RotaPeriod, period_id).status == "published"
        mails = outbox("rota-published")
        assert sorted(m.to_address for m in mails) == sorted(mine)
        for mail in mails:
            days = mine[mail.to_address]
            assert mail.body_text.count("- ") == len(days)
            for day in days:
                assert f"{day:%A %-d %B %Y}" in mail.body_text
    again = coordinator.post(f"/rota/{period_id}/publish")
    assert again.headers["Location"] == f"/rota/{period_id}"
    assert "This rota is already published" in coordinator.get(f"/rota/{period_id}").text
    assert coordinator.post(f"/rota/{period_id}/delete").headers["Location"] == f"/rota/{period_id}"
    with app.app_context():
        assert len(outbox("rota-published")) == len(mine)
        assert db.session.get(RotaPeriod, period_id) is not None


def test_a_draft_is_made_again_with_a_new_seed_or_deleted(app, login, scheme):
    coordinator = login("coordinator")
    plan(coordinator)
    with app.app_context():
        period = db.session.scalars(select(RotaPeriod)).one()
        period_id, seed = period.id, period.seed
    asked = coordinator.post(f"/rota/{period_id}/regenerate")
    assert asked.headers["Location"] == f"/rota/{period_id}"
    with app.app_context():
        period = db.session.get(RotaPeriod, period_id)
        assert (period.planning, period.visits) == ("queued", [])  # made in the background
        assert runs.run("rota_drafts").summary == "made 1 rota draft"
        period = db.session.get(RotaPeriod, period_id)
        assert period.seed != seed
        assert len(period.visits) == 16
    response = coordinator.post(f"/rota/{period_id}/delete")
    assert response.headers["Location"] == "/rota"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PlannedVisit)) == 0


@pytest.fixture
def one_visit(app, scheme):
    """A published visit on Wednesday 6 January 2027 at Nuneaton, by Ann and Ben."""
    with app.app_context():
        ann, ben = (db.session.get(Volunteer, scheme[n]) for n in ("Ann", "Ben"))
        period = make_period(MONDAY, weeks=2)
        suite = db.session.get(type(ann.suites[0]), scheme["nuneaton"])
        visit = make_planned_visit(period, suite, date(2027, 1, 6), [ann, ben])
        db.session.commit()
        return {"visit": visit.id, "period": period.id}


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


def test_the_commissioner_sees_coverage_figures_but_no_rota(app, login, client, scheme, one_visit):
    commissioner = login("commissioner")
    page = commissioner.get("/rota/coverage")
    assert page.status_code == 200
    assert "Nuneaton" in page.text
    assert re.search(r"\bAnn\b", page.text) is None  # no names ("Annual summary" is fine)
    assert "6 Jan" not in page.text
    assert commissioner.get(f"/rota/{one_visit['period']}").status_code == 403
    assert commissioner.get(f"/rota/visits/{one_visit['visit']}").status_code == 403
    client.post("/sign-out")
    liaison = login("liaison")
    for path in ("/rota", "/rota/coverage", f"/rota/{one_visit['period']}", "/rota/requests"):
        assert liaison.get(path).status_code == 403


def test_publishing_and_deleting_ask_first(app, login, scheme):
    coordinator = login("coordinator")
    plan(coordinator)
    with app.app_context():
        period_id = db.session.scalar(select(RotaPeriod.id))
    page = coordinator.get(f"/rota/{period_id}").text
    assert f'href="/rota/{period_id}/publish"' in page
    ask = coordinator.get(f"/rota/{period_id}/publish").text
    assert "Publish this rota?" in ask
    assert "Each volunteer on this rota will be sent their own visits by email" in ask
    assert "Any changes you made by hand" in coordinator.get(f"/rota/{period_id}/regenerate").text
    assert "Delete this draft?" in coordinator.get(f"/rota/{period_id}/delete").text
    with app.app_context():
        assert db.session.get(RotaPeriod, period_id).status == "draft"  # asking changed nothing
        assert outbox() == []


def test_the_coverage_page_costs_the_same_statements_for_any_number_of_periods(app, login, scheme):
    coordinator = login("coordinator")

    def cost() -> int:
        with statements(app) as sent:
            assert coordinator.get("/rota/coverage").status_code == 200
        return len(sent)

    def add_periods(first: int, last: int) -> None:
        with app.app_context():
            suite = db.session.get(Suite, scheme["nuneaton"])
            pair = [db.session.get(Volunteer, scheme[n]) for n in ("Ann", "Ben")]
            for n in range(first, last):
                period = make_period(MONDAY + timedelta(weeks=n), weeks=1)
                make_planned_visit(period, suite, period.starts_on, pair)
            db.session.commit()

    add_periods(0, 1)
    one = cost()
    add_periods(1, 6)
    assert cost() == one


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
