"""A course's page lists who attended, each by name, in a fixed number of statements."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.training.services import ensure_kinds, record_session
from icv.volunteers.models import Volunteer
from tests.factories import make_user, make_volunteer
from tests.page_cost import cost
from tests.reporting import frozen  # noqa: F401  (Tuesday 24 November 2026, noon)


def course_with(count: int) -> int:
    """A course held on 2 November 2026 with ``count`` attendees; its id."""
    people = [
        make_volunteer(make_user(f"attendee{count}-{n}@example.org", f"Attendee {count}-{n:02}"))
        for n in range(count)
    ]
    held = record_session(None, ensure_kinds()[0], date(2026, 11, 2), "Leek Wootton", people)
    db.session.commit()
    return held.id


def test_a_course_page_costs_the_same_with_2_attendees_as_with_40(app, login):
    """4 statements: the session, the course, who attended (their ids and names), the
    settings. Each attendee cost six more (244 with 40) before 6 December 2026."""
    with app.app_context():
        small, large = course_with(2), course_with(40)
    office = login("coordinator")
    few = cost(app, office, f"/training/sessions/{small}")
    many = cost(app, office, f"/training/sessions/{large}")
    assert len(few) == len(many) == 4, "\n\n".join(many)


def test_a_course_page_lists_who_attended_by_name_each_linked_to_their_record(app, login):
    with app.app_context():
        course = course_with(3)
        ids = dict(
            db.session.execute(
                select(User.name, Volunteer.id).join(Volunteer.user).where(User.name.like("Att%"))
            ).all()
        )
    page = login("coordinator").get(f"/training/sessions/{course}").text
    listed = re.findall(
        r'<li><a class="govuk-link" href="/volunteers/(\d+)">([^<]+)</a></li>', page
    )
    assert listed == [(str(ids[name]), name) for name in sorted(ids)]
    assert [name for _, name in listed] == ["Attendee 3-00", "Attendee 3-01", "Attendee 3-02"]
