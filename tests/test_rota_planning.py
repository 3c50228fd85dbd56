"""The coordinator plans a period from live data, checks it, publishes it, or makes it again
or deletes it; publishing and deleting ask first."""

# ruff: noqa: F811 (the fixtures imported from tests/rota_planning.py are the tests' arguments)

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from icv.extensions import db
from icv.jobs import runs
from icv.rota import problem_from_db
from icv.rota.engine.checker import violations
from icv.rota.models import PlannedVisit, RotaPeriod
from icv.volunteers.models import AwayPeriod, Volunteer
from tests.mail import outbox
from tests.rota_planning import MONDAY, frozen, plan, scheme  # noqa: F401  (fixtures)


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
