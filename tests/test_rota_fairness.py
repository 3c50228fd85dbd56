"""Fairness the coordinator can see on a rota: visits per volunteer against the minimum, a pair
doing too much of a suite, and who is left out and why."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from icv.accounts.models import User
from icv.extensions import db
from icv.rota import fairness
from icv.rota.engine.left_out import left_out
from icv.rota.engine.left_out_words import words
from icv.rota.engine.problem import parse_problem
from icv.rota.rules import concentrated_pairs, minimum_in_period
from tests.factories import make_period, make_planned_visit, make_suite, make_visitor
from tests.rota_examples import tiny_raw

#: Monday 4 January 2027: a quarter of 13 weeks, to Sunday 4 April.
MONDAY = date(2027, 1, 4)


@pytest.fixture
def rota(ctx):
    return make_rota()


def make_rota():
    """Ann and Bob make 3 of Leamington Spa's 4 visits (2 made so far), Cat and Bob the 4th;
    Dan gave no availability, Eve's vetting lapses before the rota, Fay and Gil are on
    probation with nobody else on Rugby's panel."""
    leam, rugby = make_suite("Leamington Spa"), make_suite("Rugby")
    ann, bob, cat = (
        make_visitor(f"{n}@example.org", [leam], name=n.title()) for n in ("ann", "bob", "cat")
    )
    make_visitor("dan@example.org", [leam], name="Dan", weekly_availability=[])
    make_visitor("eve@example.org", [leam], name="Eve", vetting_expires_on=date(2027, 2, 10))
    for name in ("fay", "gil"):
        make_visitor(f"{name}@example.org", [rugby], status="probation", name=name.title())
    period = make_period(MONDAY, weeks=13, status="draft")
    days = (date(2027, 1, 6), date(2027, 1, 13), date(2027, 1, 20), date(2027, 1, 27))
    visits = [make_planned_visit(period, leam, day, [ann, bob]) for day in days[:3]]
    visits.append(make_planned_visit(period, leam, days[3], [cat, bob]))
    visits[0].status = visits[1].status = "completed"
    db.session.commit()
    return period


def test_visits_per_volunteer_are_counted_planned_and_made_against_the_minimum(rota):
    seen = fairness.of(rota)
    assert seen.minimum == 3  # 1 a month over 91 days
    assert [(x.name, x.planned, x.made, x.below(3)) for x in seen.loads] == [
        ("Dan", 0, 0, True),
        ("Eve", 0, 0, True),
        ("Fay", 0, 0, True),
        ("Gil", 0, 0, True),
        ("Cat", 1, 0, True),
        ("Ann", 3, 2, False),
        ("Bob", 4, 2, False),
    ]


def test_a_pair_with_more_than_the_share_of_a_suites_visits_is_flagged(rota):
    (pair,) = fairness.of(rota).pairs
    assert (pair.suite.name, pair.names, pair.visits, pair.of, pair.percent) == (
        "Leamington Spa",
        "Ann and Bob",
        3,
        4,
        75,
    )


PROBATION = "on probation, and no experienced volunteer on their panel is free at the same times"


def test_the_left_out_are_listed_with_the_reason(rota):
    assert fairness.of(rota).left_out == [
        ("Dan", "has given no days and times they can visit"),
        ("Eve", "could go, but the visits went to others with fewer (the load is evened); "
         "police vetting lapses on 10 February 2027"),
        ("Fay", PROBATION),
        ("Gil", PROBATION),
    ]  # fmt: skip


def test_the_fairness_view_flags_them_on_the_rota_page(app, login, rota):
    with app.app_context():
        period_id = db.session.merge(rota).id
    page = login("coordinator").get(f"/rota/{period_id}?view=fairness").text
    assert "Below minimum" in page
    assert "Ann and Bob: 3 of 4 visits to Leamington Spa (75%)" in page
    assert "Dan: has given no days and times they can visit" in page


@pytest.mark.parametrize(
    ("starts", "ends", "expected"),
    [
        (date(2027, 1, 4), date(2027, 4, 4), 3),  # 91 days
        (date(2027, 1, 4), date(2027, 1, 31), 0),  # 28 days: not yet a month
        (date(2027, 1, 4), date(2027, 2, 2), 1),  # 30 days
    ],
)
def test_the_minimum_is_pro_rata_a_month_being_30_days(starts, ends, expected):
    assert minimum_in_period(1, starts, ends) == expected


def test_a_pair_share_is_judged_above_the_percentage_from_three_visits():
    two = {1: [(1, 2), (1, 2)]}
    assert concentrated_pairs(two, 50) == []  # too few visits to judge
    half = {1: [(1, 2), (1, 2), (3, 4), (3, 4)]}
    assert concentrated_pairs(half, 50) == []  # exactly half is not more
    assert concentrated_pairs({1: [(1, 2)] * 3 + [(3, 4)] * 2}, 50) == [(1, (1, 2), 3, 5)]


def test_the_solver_says_why_each_volunteer_is_left_out():
    raw = tiny_raw()
    raw["volunteers"].append({"id": "v006", "suites": [], "available": [[0, "day"]]})
    raw["volunteers"].append({"id": "v007", "suites": ["S01"], "available": [[0, "day"]],
                              "max_per_month": 0})  # fmt: skip
    raw["volunteers"].append({"id": "v008", "suites": ["S01"], "available": [[0, "day"]],
                              "away": [["2027-02-01", "2027-02-14"]]})  # fmt: skip
    problem = parse_problem(raw)
    reasons = left_out(problem, [])
    assert reasons == {
        **{f"v00{n}": "evened" for n in range(1, 6)},
        "v006": "no_panel",
        "v007": "limit_zero",
        "v008": "away",
    }
    assert {key: words(code) for key, code in reasons.items()} == {
        "v001": "could go, but the visits went to others with fewer (the load is evened)",
        "v002": "could go, but the visits went to others with fewer (the load is evened)",
        "v003": "could go, but the visits went to others with fewer (the load is evened)",
        "v004": "could go, but the visits went to others with fewer (the load is evened)",
        "v005": "could go, but the visits went to others with fewer (the load is evened)",
        "v006": "not on the panel of any suite in the rota",
        "v007": "their monthly limit is 0",
        "v008": "away, or unable to visit, for the whole period",
    }


@time_machine.travel(date(2026, 12, 30), tick=False)
def test_the_office_enters_availability_for_a_volunteer_without_a_phone(app, login, rota):
    from icv.audit.models import AuditEvent
    from icv.volunteers.models import Volunteer

    with app.app_context():
        dan = db.session.scalars(
            db.select(Volunteer).join(Volunteer.user).where(User.name == "Dan")
        ).one()
        dan_id, leam_id = dan.id, dan.suites[0].id
    client = login("coordinator")
    page = client.get(f"/rota/volunteers/{dan_id}/availability").text
    assert "Dan&#39;s availability" in page
    assert "You are filling this in for Dan" in page
    response = client.post(
        f"/rota/volunteers/{dan_id}/availability",
        data={"tuesday": ["evening"], "reachable": [str(leam_id)]},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/rota/volunteers/{dan_id}/availability"
    response = client.post(
        f"/rota/volunteers/{dan_id}/away",
        data={"away-starts_on": ["1", "2", "2027"], "away-ends_on": ["5", "2", "2027"]},
    )
    assert response.status_code == 302
    with app.app_context():
        dan = db.session.get(Volunteer, dan_id)
        assert dan.weekly_availability == [[1, "evening"]]
        assert [(a.starts_on, a.ends_on) for a in dan.away_periods] == [
            (date(2027, 2, 1), date(2027, 2, 5))
        ]
        rows = db.session.scalars(
            db.select(AuditEvent)
            .where(AuditEvent.action.in_(["volunteer.availability", "volunteer.away"]))
            .order_by(AuditEvent.id)
        ).all()
        coordinator = db.session.scalars(db.select(User).where(User.email == "chris@example.org"))
        assert [(r.action, r.actor_id) for r in rows] == [
            ("volunteer.availability", coordinator.one().id),
            ("volunteer.away", rows[0].actor_id),
        ]


def test_a_volunteer_cannot_enter_availability_for_another(login, rota):
    assert login("volunteer").get("/rota/volunteers/1/availability").status_code == 403
