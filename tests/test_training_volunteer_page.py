"""A volunteer's training page lists every course they completed, each with where it was held,
in a fixed number of statements however many they did."""

from __future__ import annotations

import re
from datetime import date, timedelta

from icv.extensions import db
from icv.training.services import ensure_kinds, record_session
from tests.factories import make_user, make_volunteer
from tests.page_cost import cost
from tests.reporting import frozen  # noqa: F401  (Tuesday 24 November 2026, noon)


def volunteer_with(courses: int) -> int:
    """A volunteer who completed ``courses`` courses, one every week back from 2 November
    2026, each of the four kinds in turn and each somewhere else; their record's id."""
    volunteer = make_volunteer(make_user(f"trained{courses}@example.org", f"Trained {courses}"))
    kinds = ensure_kinds()
    for n in range(courses):
        held_on = date(2026, 11, 2) - timedelta(weeks=n)
        record_session(None, kinds[n % 4], held_on, f"Place {n:02}", [volunteer])
    db.session.commit()
    return volunteer.id


def test_a_training_page_costs_the_same_with_2_courses_as_with_30(app, login):
    """11 statements: the session, the volunteer with their roles, suites, suites out of
    reach or avoided and dates away, the kinds of course (the form's choices), the kinds
    beside the latest of each (the lines), every course with where it was held, the
    settings. Each course cost one more (where it was held) before 6 December 2026, and the
    lines two (the kinds, and every course) at 91650f7."""
    with app.app_context():
        few_courses, many_courses = volunteer_with(2), volunteer_with(30)
    office = login("coordinator")
    few = cost(app, office, f"/training/volunteers/{few_courses}")
    many = cost(app, office, f"/training/volunteers/{many_courses}")
    assert len(few) == len(many) == 11, "\n\n".join(many)


def test_a_training_page_lists_every_course_newest_first_with_where_it_was_held(app, login):
    with app.app_context():
        volunteer = volunteer_with(3)
        names = [kind.name for kind in ensure_kinds()[:3]]
    page = login("coordinator").get(f"/training/volunteers/{volunteer}").text
    listed = re.findall(r"<li>([^<]+), (\d+ \w+ \d{4}) \(([^)]+)\)</li>", page)
    assert listed == [
        (names[0], "2 November 2026", "Place 00"),
        (names[1], "26 October 2026", "Place 01"),
        (names[2], "19 October 2026", "Place 02"),
    ]
