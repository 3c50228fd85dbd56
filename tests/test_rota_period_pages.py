"""What the coordinator reads on the rota pages: the next quarter proposed, weeks as dates,
each gap's own reasons, and coverage's "still planned"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from icv.extensions import db
from icv.rota.services import cancel_visit
from icv.suites.models import Suite
from icv.volunteers.models import Volunteer
from tests.factories import make_period, make_planned_visit, make_suite, make_visitor

MONDAY = date(2027, 1, 4)


def at(day: date):
    return time_machine.travel(day, tick=False)


@pytest.fixture
def leamington(app):
    """Leamington Spa needs two visits a week; Ann and Ben can go only on Mondays, by day."""
    with app.app_context():
        suite = make_suite("Leamington Spa")
        suite.visits_per_week = 2
        for name in ("ann", "ben"):
            make_visitor(f"{name}@example.org", [suite], weekly_availability=[[0, "day"]])
        db.session.commit()
        return suite.id


def test_planning_proposes_the_quarter_after_the_last_rota(app, login, leamington):
    with app.app_context():
        make_period(date(2026, 11, 2), weeks=5, status="draft")  # ends Sunday 6 December
        db.session.commit()
    with at(date(2026, 12, 7)):  # the Monday after it ended
        page = login("coordinator").get("/rota/new").text
    assert 'id="starts_on-day" name="starts_on" type="text" value="07"' in page
    assert 'id="starts_on-month" name="starts_on" type="text" value="12"' in page
    assert 'id="ends_on-day" name="ends_on" type="text" value="07"' in page
    assert 'id="ends_on-month" name="ends_on" type="text" value="03"' in page
    assert (
        "The dates below are the next 13 weeks (a quarter) after the last rota, which ends on "
        "Sunday 6 December 2026."
    ) in page


def test_a_gap_lists_each_of_its_reasons_and_its_week_as_a_date(app, login, leamington):
    with app.app_context():
        period = make_period(MONDAY, weeks=1, status="draft")
        db.session.commit()
        period_id = period.id
    with at(date(2026, 12, 1)):
        page = login("coordinator").get(f"/rota/{period_id}").text
    assert "0 of 2 required visits planned; 2 could not be filled (see below)." in page
    assert '<td class="govuk-table__cell">Week of 4 January 2027</td>' in page
    assert (
        "<li>a pair is available for Leamington Spa on only 1 day in the week of 4 January "
        "2027</li><li>a pair is free to visit Leamington Spa in the week of 4 January 2027: add "
        "a visit</li>"
    ) in page
    assert "in the week of 4 January 2027</span></a>" in page  # the link says which week
    assert ">2027-W01<" not in page


def test_a_visit_cancelled_by_hand_leaves_a_gap_with_the_reason_that_applies(
    app, login, leamington
):
    with app.app_context():
        suite = db.session.get(Suite, leamington)
        suite.visits_per_week = 1
        ann, ben = db.session.scalars(db.select(Volunteer).order_by(Volunteer.id)).all()
        period = make_period(MONDAY, weeks=2, status="draft")
        first = make_planned_visit(period, suite, MONDAY, [ann, ben], band="day")
        make_planned_visit(period, suite, MONDAY + timedelta(days=7), [ann, ben], band="day")
        cancel_visit(None, first, "The suite asked us not to come")
        db.session.commit()
        period_id = period.id
    with at(date(2026, 12, 1)):
        page = login("coordinator").get(f"/rota/{period_id}").text
    assert "1 of 2 required visits planned; 1 could not be filled (see below)." in page
    assert (
        "a pair is free to visit Leamington Spa in the week of 4 January 2027: add a visit"
    ) in page
    assert "cancelled or moved by hand" not in page


def test_coverage_says_still_planned(app, login, leamington):
    with app.app_context():
        pair = db.session.scalars(db.select(Volunteer).order_by(Volunteer.id)).all()
        period = make_period(MONDAY, weeks=1)
        make_planned_visit(period, db.session.get(Suite, leamington), MONDAY, pair, band="day")
        db.session.commit()
    page = login("commissioner").get("/rota/coverage").text
    assert (
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">'
        "Still planned</th>"
    ) in page
    assert ">Planned</th>" not in page


def test_coverage_comes_a_year_at_a_time_the_latest_first(app, login, leamington):
    """Periods starting on 28 December 2026 (counted in 2026) and 4 January 2027; none in
    2025, so 2024's period is the year before 2026."""
    with app.app_context():
        pair = db.session.scalars(db.select(Volunteer).order_by(Volunteer.id)).all()
        suite = db.session.get(Suite, leamington)
        for monday in (date(2024, 3, 4), MONDAY - timedelta(weeks=1), MONDAY):
            period = make_period(monday, weeks=1)
            make_planned_visit(period, suite, monday, pair, band="day")
        make_period(date(2023, 1, 2), weeks=1)  # published with no visits: no year of its own
        db.session.commit()
    reader = login("commissioner")
    latest = reader.get("/rota/coverage").text
    assert "Rotas starting in 2027" in latest
    assert "4 Jan 2027 to" in latest
    assert "28 Dec 2026 to" not in latest
    assert 'aria-label="Years of rota coverage"' in latest
    assert 'href="/rota/coverage?year=2026" rel="prev"' in latest
    assert 'rel="next"' not in latest
    middle = reader.get("/rota/coverage?year=2026").text
    assert "28 Dec 2026 to" in middle
    assert "4 Jan 2027 to" not in middle
    assert 'href="/rota/coverage?year=2024" rel="prev"' in middle
    assert 'href="/rota/coverage?year=2027" rel="next"' in middle
    for missing in ("2025", "2023", "20x6", "02026", "99999"):
        assert reader.get(f"/rota/coverage?year={missing}").status_code == 404


def test_coverage_with_no_published_rota_says_so(app, login):
    page = login("coordinator").get("/rota/coverage").text
    assert "No rota has been published yet." in page
    assert "Years of rota coverage" not in page
