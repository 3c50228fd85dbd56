"""A planned visit's page names its suite and visitors in a fixed number of statements however
large the visitors' panels or the suite's closures and liaisons."""

from __future__ import annotations

import re
from datetime import date, timedelta

from icv.extensions import db
from icv.suites.models import SuiteClosure
from icv.volunteers.models import AwayPeriod
from tests.factories import make_period, make_planned_visit, make_suite, make_user, make_volunteer
from tests.page_cost import cost
from tests.reporting import frozen  # noqa: F401  (Tuesday 24 November 2026, noon)

#: The rota's first Monday, a week after the frozen day.
STARTS = date(2026, 11, 30)


def visit_with(count: int) -> int:
    """A visit on Wednesday 2 December 2026 to a suite with ``count`` liaisons and closures
    (from 2027), by two visitors ("Visitor {count}-A" and "-B") each on the panels of
    ``count`` suites and away ``count`` times (from 2027); its id."""
    suites = [make_suite(f"Suite {count}-{n:02}") for n in range(count)]
    for n in range(count):
        suites[0].liaisons.append(make_user(f"liaison{count}-{n}@example.org"))
        suites[0].closures.append(
            SuiteClosure(
                starts_on=date(2027, 1, 1) + timedelta(days=3 * n),
                ends_on=date(2027, 1, 1) + timedelta(days=3 * n),
            )
        )
    visitors = []
    for letter in "AB":
        visitor = make_volunteer(
            make_user(f"visitor{count}{letter}@example.org", f"Visitor {count}-{letter}")
        )
        visitor.suites = suites
        visitor.away_periods = [
            AwayPeriod(
                starts_on=date(2027, 2, 1) + timedelta(days=3 * n),
                ends_on=date(2027, 2, 1) + timedelta(days=3 * n),
            )
            for n in range(count)
        ]
        visitors.append(visitor)
    period = (
        make_period(STARTS, weeks=1)
        if count == 2
        else make_period(STARTS + timedelta(weeks=1), weeks=1)
    )
    visit = make_planned_visit(period, suites[0], period.starts_on + timedelta(days=2), visitors)
    db.session.commit()
    return visit.id


def test_a_visit_page_costs_the_same_with_2_of_everything_as_with_30(app, login):
    """6 statements: the session, the visit with its suite, its visitors with their accounts,
    the settings, the rota and whether a report names the visit. Each visitor read whole
    (their panels, suites out of reach or avoided, dates away and roles, and those suites'
    closures and liaisons) and the suite's closures and liaisons made 17 before 6 December
    2026."""
    with app.app_context():
        small, large = visit_with(2), visit_with(30)
    office = login("coordinator")
    few = cost(app, office, f"/rota/visits/{small}")
    many = cost(app, office, f"/rota/visits/{large}")
    assert len(few) == len(many) == 6, "\n\n".join(many)


def test_a_visit_page_still_names_its_suite_and_visitors(app, login):
    with app.app_context():
        visit = visit_with(3)
    page = login("coordinator").get(f"/rota/visits/{visit}").text
    assert "Suite 3-00" in page
    assert re.search(r"Visitor 3-A,\s*Visitor 3-B", page)
