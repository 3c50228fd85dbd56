"""Rotas respect their neighbours: a draft or a hand change counts each volunteer's visits in
other rotas (other periods) for the spacing rule and the monthly limit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from icv.extensions import db
from icv.rota import problem_from_db
from icv.rota.engine.checker import violations
from icv.rota.models import PlannedVisit, RotaPeriod
from icv.suites.models import Suite
from icv.volunteers.models import Volunteer
from tests import rota_planning as planning
from tests.factories import make_period, make_planned_visit
from tests.rota_planning import MONDAY, plan

#: the planning tests' scheme (Ann, Ben, Cat, Dev, Pip on probation...) and visit
frozen, scheme, one_visit = planning.frozen, planning.scheme, planning.one_visit


def test_a_new_draft_keeps_clear_of_visits_in_the_rota_before_it(app, login, scheme):
    """Ann visits on Saturday 2 January (the rota before) and has used up January there."""
    with app.app_context():
        ann = db.session.get(Volunteer, scheme["Ann"])
        ann.max_per_month = 1
        ben = db.session.get(Volunteer, scheme["Ben"])
        before = make_period(date(2026, 12, 28), weeks=1)
        suite = db.session.get(Suite, scheme["nuneaton"])
        make_planned_visit(before, suite, date(2027, 1, 2), [ann, ben])
        db.session.commit()
    plan(login("coordinator"), starts="4 1 2027", ends="14 2 2027")
    with app.app_context():
        period = db.session.scalars(select(RotaPeriod).where(RotaPeriod.starts_on == MONDAY)).one()
        days = {
            name: sorted(
                v.visit_on
                for v in period.visits
                for pv in v.visitors
                if pv.volunteer.user.name == name
            )
            for name in ("Ann", "Ben")
        }
        assert all(day.month == 2 for day in days["Ann"])  # January was used up
        assert all(day >= date(2027, 1, 5) for day in days["Ben"])  # 3 days after the 2nd


def test_a_hand_change_is_checked_against_the_rota_next_door(app, login, scheme, one_visit):
    with app.app_context():
        ann, ben = (db.session.get(Volunteer, scheme[n]) for n in ("Ann", "Ben"))
        before = make_period(date(2026, 12, 28), weeks=1)
        make_planned_visit(
            before, db.session.get(Suite, scheme["leamington"]), date(2027, 1, 3), [ann, ben]
        )
        db.session.commit()
    response = login("coordinator").post(
        f"/rota/visits/{one_visit['visit']}/move",
        data={"move-visit_on": ["4", "1", "2027"], "move-band": "day"},
    )
    assert response.status_code == 400
    assert (
        "Ann has visits on 3 Jan 2027 and 4 Jan 2027: they must be at least 3 days apart"
        in response.text
    )
    with app.app_context():
        assert db.session.get(PlannedVisit, one_visit["visit"]).visit_on == date(2027, 1, 6)


def test_a_new_draft_counts_a_month_partly_used_in_the_rota_before_it(app, login, scheme):
    """Everyone may visit 3 times a month; Ann and Ben visit on 2 and 6 January in the rota
    before (28 December to 10 January), so the new draft gives each at most one more January
    visit (it would give them two or three were the month not partly used)."""
    with app.app_context():
        people = {n: db.session.get(Volunteer, scheme[n]) for n in ("Ann", "Ben", "Cat", "Dev")}
        for volunteer in people.values():
            volunteer.max_per_month = 3
        before = make_period(date(2026, 12, 28), weeks=2)
        suite = db.session.get(Suite, scheme["nuneaton"])
        for day in (date(2027, 1, 2), date(2027, 1, 6)):
            make_planned_visit(before, suite, day, [people["Ann"], people["Ben"]])
        db.session.commit()
    plan(login("coordinator"), starts="11 1 2027", ends="7 2 2027")
    with app.app_context():
        period = db.session.scalars(
            select(RotaPeriod).where(RotaPeriod.starts_on == date(2027, 1, 11))
        ).one()
        january = {
            name: sorted(
                v.visit_on
                for v in period.visits
                for pv in v.visitors
                if pv.volunteer.user.name == name and v.visit_on.month == 1
            )
            for name in ("Ann", "Ben", "Cat", "Dev")
        }
        assert len(january["Ann"]) <= 1
        assert len(january["Ben"]) <= 1
        assert not violations(
            problem_from_db.build_problem(
                period.starts_on,
                period.ends_on,
                0,
                date(2026, 12, 1),
                booked=problem_from_db.booked_nearby(period.id, period.starts_on, period.ends_on),
            ).problem,
            problem_from_db.period_visits(period),
        )


def test_a_hand_change_counts_a_month_partly_used_next_door(app, login, scheme, one_visit):
    """Ann may visit twice a month: 1 January in the rota before and 6 January in this one;
    putting her on a third January visit is refused with the count of both rotas."""
    with app.app_context():
        ann, ben, cat = (db.session.get(Volunteer, scheme[n]) for n in ("Ann", "Ben", "Cat"))
        ann.max_per_month = 2
        nuneaton = db.session.get(Suite, scheme["nuneaton"])
        make_planned_visit(
            make_period(date(2026, 12, 21), weeks=2), nuneaton, date(2027, 1, 1), [ann, ben]
        )
        period = db.session.get(RotaPeriod, one_visit["period"])
        third = make_planned_visit(period, nuneaton, date(2027, 1, 13), [ben, cat]).id
        db.session.commit()
    response = login("coordinator").post(
        f"/rota/visits/{third}/replace",
        data={"replace-leaving": str(scheme["Cat"]), "replace-joining": str(scheme["Ann"])},
    )
    assert response.status_code == 400
    assert "Ann has 3 visits in January 2027: at most 2 a month" in response.text
    with app.app_context():
        visit = db.session.get(PlannedVisit, third)
        assert sorted(pv.volunteer.user.name for pv in visit.visitors) == ["Ben", "Cat"]
