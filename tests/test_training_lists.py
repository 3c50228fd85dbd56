"""The training area's lists through their pages: courses, panel meetings and reviews to hold
a page at a time (issue 15, item 3), long service, and a volunteer's own training and meetings.
The clock is frozen at Tuesday 24 November 2026, noon."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from icv.accounts.models import User
from icv.extensions import db
from icv.training.queries import PAGE_SIZE, on_tact_panel
from icv.training.services import (
    add_meeting,
    ensure_kinds,
    record_attendance,
    record_session,
    schedule_review,
)
from icv.volunteers.models import Volunteer
from tests.factories import make_suite, make_visitor, make_volunteer
from tests.reporting import frozen  # noqa: F401  (Tuesday 24 November 2026, noon)

FIRST_DAY = date(2026, 1, 1)


@pytest.fixture
def people(app, personas):
    """Val ("volunteer") and Sam ("volunteer2"), current volunteers."""
    with app.app_context():
        val = make_volunteer(db.session.get(User, personas["volunteer"]))
        sam = make_volunteer(db.session.get(User, personas["volunteer2"]))
        db.session.commit()
        return {"val": val.id, "sam": sam.id}


def val_and_sam(people: dict[str, int]) -> tuple[Volunteer, Volunteer]:
    return db.session.get(Volunteer, people["val"]), db.session.get(Volunteer, people["sam"])


def numbered(pattern: str, page: str) -> list[str]:
    """The numbers of the rows ``pattern`` (with one ``(\\d+)``) finds, in page order."""
    return re.findall(pattern, page)


def descending(last: int, first: int = 0) -> list[str]:
    return [f"{n:02}" for n in range(last, first - 1, -1)]


def test_courses_are_shown_fifty_a_page_newest_first_with_how_many_attended(app, login, people):
    with app.app_context():
        kind = ensure_kinds()[1]
        val, sam = val_and_sam(people)
        for n in range(PAGE_SIZE + 1):
            who = [val, sam] if n % 2 else [val]
            record_session(None, kind, FIRST_DAY + timedelta(days=n), f"Place {n:02}", who)
        db.session.commit()
    office = login("coordinator")

    first = office.get("/training").text
    assert numbered(r"<td class=\"govuk-table__cell\">Place (\d+)</td>", first) == descending(
        PAGE_SIZE, 1
    )
    assert "51 courses, newest first: 1 to 50" in first
    assert 'href="/training?page=2"' in first
    # Place 50 and 49: 1 then 2 attended (a count per course, not the list's length)
    attended = r"Place (\d+)</td>\s*<td class=\"govuk-table__cell govuk-table__cell--numeric\">(\d)"
    assert re.findall(attended, first)[:2] == [("50", "1"), ("49", "2")]

    second = office.get("/training?page=2").text
    assert re.findall(attended, second) == [("00", "1")]  # the 51st, the oldest
    assert "51 courses, newest first: 51 to 51" in second
    assert 'href="/training?page=1"' in second
    assert office.get("/training?page=3").status_code == 404


def test_one_page_of_courses_says_how_many_with_no_page_links(app, login, people):
    with app.app_context():
        val = db.session.get(Volunteer, people["val"])
        record_session(None, ensure_kinds()[0], FIRST_DAY, "Leek Wootton", [val])
        db.session.commit()
    page = login("coordinator").get("/training").text
    assert "1 course, newest first</p>" in page
    assert "?page=" not in page


def test_a_refused_kind_of_course_shows_the_courses_again(app, login, people):
    with app.app_context():
        val = db.session.get(Volunteer, people["val"])
        record_session(None, ensure_kinds()[0], FIRST_DAY, "Leek Wootton", [val])
        db.session.commit()
    refused = login("admin").post("/training/kinds", data={"name": "", "required_for": "none"})
    assert refused.status_code == 400
    assert "Leek Wootton" in refused.text
    assert "No course recorded yet." not in refused.text


def test_reviews_to_hold_are_shown_fifty_a_page_soonest_due_first(app, login, personas):
    with app.app_context():
        for n in range(PAGE_SIZE + 1):
            volunteer = make_visitor(f"r{n:02}@example.org", [], name=f"Reviewed {n:02}")
            schedule_review(None, volunteer, date(2026, 12, 1) + timedelta(days=n))
        held = make_visitor("held@example.org", [], name="Reviewed held")
        schedule_review(None, held, date(2026, 11, 1)).done_on = date(2026, 11, 2)
        gone = make_visitor("gone@example.org", [], name="Reviewed gone", status="left")
        schedule_review(None, gone, date(2026, 11, 1))
        db.session.commit()
    office = login("coordinator")
    name = r"<td class=\"govuk-table__cell\">Reviewed (\w+)</td>"

    first = office.get("/training/reviews").text
    assert numbered(name, first) == [f"{n:02}" for n in range(PAGE_SIZE)]
    assert "Reviews to hold: 51, soonest due first, 1 to 50" in first
    assert 'href="/training/reviews?page=2"' in first

    second = office.get("/training/reviews?page=2").text
    assert numbered(name, second) == ["50"]  # the 51st, due last: 20 January 2027
    assert "20 January 2027" in second
    assert office.get("/training/reviews?page=3").status_code == 404


def test_meetings_are_shown_fifty_a_page_newest_first_with_who_came(app, login, people):
    with app.app_context():
        val, sam = val_and_sam(people)
        for n in range(PAGE_SIZE + 1):
            meeting = add_meeting(None, f"Meeting {n:02}", FIRST_DAY + timedelta(days=n), "")
            record_attendance(None, meeting, {val: "present", sam: "apologies" if n else None})
        db.session.commit()
    office = login("coordinator")
    title = r">Meeting (\d+)</a>"

    first = office.get("/training/meetings").text
    assert numbered(title, first) == descending(PAGE_SIZE, 1)
    assert "51 meetings, newest first: 1 to 50" in first
    assert 'href="/training/meetings?page=2"' in first

    second = office.get("/training/meetings?page=2").text
    counts = r">Meeting (\d+)</a></td>\s*<td[^>]*>(\d)</td>\s*<td[^>]*>(\d)</td>"
    assert re.findall(counts, second) == [("00", "1", "0")]  # the oldest: Sam said nothing
    assert re.findall(counts, first)[0] == ("50", "1", "1")


def test_long_service_lists_current_volunteers_by_the_milestone_reached(app, login, personas):
    with app.app_context():
        for name, appointed_on, status in [
            ("Five today", date(2021, 11, 24), "active"),
            ("Five tomorrow", date(2021, 11, 25), "active"),
            ("Ten", date(2016, 6, 1), "active"),
            ("Twenty but left", date(2006, 1, 1), "left"),
        ]:
            email = name.replace(" ", ".").lower() + "@example.org"
            make_visitor(email, [], name=name, appointed_on=appointed_on, status=status)
        db.session.commit()
    page = login("coordinator").get("/training/long-service").text
    heading_or_name = r"<h2 class=\"govuk-heading-m\">(\d+) years</h2>|>([\w ]+)</a>: (\d+)"
    listed = re.findall(heading_or_name, page)
    assert [(m or name, years) for m, name, years in listed] == [
        ("20", ""),
        ("15", ""),
        ("10", ""),
        ("Ten", "10"),
        ("5", ""),
        ("Five today", "5"),
    ]


def test_a_volunteer_sees_their_meetings_newest_first(app, client, login, people):
    with app.app_context():
        val, sam = val_and_sam(people)
        for n, (val_said, sam_said) in enumerate(
            [("present", "present"), ("apologies", None), (None, "present")]
        ):
            meeting = add_meeting(None, f"Meeting {n}", FIRST_DAY + timedelta(days=n), "")
            record_attendance(None, meeting, {val: val_said, sam: sam_said})
        db.session.commit()
    page = login("volunteer").get("/my-training").text
    assert re.findall(r"Meeting (\d)\s*</dt>\s*<dd[^>]*>\s*([^<]+?)\s*</dd>", page) == [
        ("1", "2 January 2026: Sent apologies"),
        ("0", "1 January 2026: Attended"),
    ]


@pytest.mark.parametrize("holds_tact", [True, False])
def test_a_volunteer_on_a_tact_panel_is_asked_for_tact_training(app, login, people, holds_tact):
    with app.app_context():
        ensure_kinds()
        quiet, tact = make_suite("Quiet"), make_suite("Northern")
        tact.holds_tact = holds_tact
        val = db.session.get(Volunteer, people["val"])
        val.suites = [quiet, tact]
        db.session.commit()
        assert on_tact_panel(people["val"]) is holds_tact
        assert on_tact_panel(people["sam"]) is False
    page = login("volunteer").get("/my-training").text
    assert ("Terrorism Act (TACT) training" in page) is holds_tact
    assert "Initial training" in page  # every visitor needs it
