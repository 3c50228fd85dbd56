"""A volunteer's record costs a fixed number of statements however large their panel, their
history or the scheme, and shows the latest changes with a link to every change, a page at a
time."""

from __future__ import annotations

import re

from icv.audit.services import record
from icv.extensions import db
from icv.volunteers.models import Volunteer
from tests.factories import make_suite, make_user, make_volunteer
from tests.page_cost import cost
from tests.reporting import frozen  # noqa: F401  (Tuesday 24 November 2026, noon)


def volunteer_with(count: int) -> int:
    """A volunteer on the panels of ``count`` suites, with ``count`` changes to their record
    ("Change 00" first), each by someone else, in a scheme of ``count`` other volunteers;
    their record's id."""
    volunteer = make_volunteer(make_user(f"record{count}@example.org", f"Record {count}"))
    volunteer.suites = [make_suite(f"Suite {count}-{n:02}") for n in range(count)]
    for n in range(count):
        make_volunteer(make_user(f"other{count}-{n}@example.org", f"Other {count}-{n:02}"))
        editor = make_user(f"editor{count}-{n}@example.org", f"Editor {count}-{n:02}")
        record(editor, "volunteer.record", volunteer, f"Change {n:02}")
    db.session.commit()
    return volunteer.id


def titles(page: str) -> list[str]:
    return re.findall(r'<h3 class="moj-timeline__title">([^<]+)</h3>', page)


def test_a_record_costs_the_same_with_2_of_everything_as_with_30(app, login):
    """17 statements: the session; the volunteer with their panels, suites out of reach or
    avoided and dates away; the latest changes with who made them; their visits (by year
    and the last, in one); the kinds of training beside their latest of each; meetings;
    their latest signature of the memorandum and whether a newer one waits; their reviews
    with who held them; their claims; the settings; the suites to choose from (once for the
    two forms that choose them); the volunteers who could be kept apart; the pairs kept
    apart. Before 6 December 2026 it was 37 whatever the size (each suite and volunteer to
    choose from read whole, the suites twice, the account's roles), and the history listed
    every change ever made; 21 before 7 December 2026 (the visits, the training, the
    memorandum and the reviews each read twice)."""
    with app.app_context():
        small, large = volunteer_with(2), volunteer_with(30)
    office = login("coordinator")
    few = cost(app, office, f"/volunteers/{small}")
    many = cost(app, office, f"/volunteers/{large}")
    assert len(few) == len(many) == 17, "\n\n".join(many)


def test_a_record_shows_its_10_latest_changes_and_links_to_every_change(app, login):
    with app.app_context():
        volunteer = volunteer_with(12)
    page = login("coordinator").get(f"/volunteers/{volunteer}").text
    assert titles(page) == [f"Change {n:02}" for n in range(11, 1, -1)]
    assert re.findall(r'<p class="moj-timeline__byline">([^<]+)</p>', page)[:2] == [
        "by Editor 12-11",
        "by Editor 12-10",
    ]
    assert (
        f'The latest 10 changes. <a class="govuk-link" href="/volunteers/{volunteer}/history">'
        "Every change to Record 12's record</a>"
    ) in page


def test_a_record_with_10_changes_or_fewer_shows_them_all_without_a_link(app, login):
    with app.app_context():
        volunteer = volunteer_with(10)
    page = login("coordinator").get(f"/volunteers/{volunteer}").text
    assert titles(page) == [f"Change {n:02}" for n in range(9, -1, -1)]
    assert "/history" not in page


def test_every_change_is_listed_newest_first_50_a_page(app, login):
    with app.app_context():
        volunteer = volunteer_with(51)
    office = login("coordinator")
    first = office.get(f"/volunteers/{volunteer}/history").text
    assert titles(first) == [f"Change {n:02}" for n in range(50, 0, -1)]
    assert "51 changes, newest first: 1 to 50" in first
    assert f'href="/volunteers/{volunteer}/history?page=2"' in first
    second = office.get(f"/volunteers/{volunteer}/history?page=2").text
    assert titles(second) == ["Change 00"]
    assert office.get(f"/volunteers/{volunteer}/history?page=3").status_code == 404


def test_every_change_costs_the_same_with_2_changes_as_with_30(app, login):
    """5 statements: the session, the volunteer with their roles, the count of changes and
    the page of them with who made each."""
    with app.app_context():
        small, large = volunteer_with(2), volunteer_with(30)
    office = login("coordinator")
    few = cost(app, office, f"/volunteers/{small}/history")
    many = cost(app, office, f"/volunteers/{large}/history")
    assert len(few) == len(many) == 5, "\n\n".join(many)


def test_the_history_of_no_volunteer_is_not_found(app, login):
    with app.app_context():
        missing = (db.session.query(db.func.max(Volunteer.id)).scalar() or 0) + 1
    assert login("coordinator").get(f"/volunteers/{missing}/history").status_code == 404
