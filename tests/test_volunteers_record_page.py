"""A volunteer's record costs a fixed number of statements however large their panel, their
history, the rest of their record or the scheme, and shows the latest changes with a link to
every change, a page at a time."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from icv.audit.services import record
from icv.extensions import db
from icv.training.services import (
    add_meeting,
    add_record,
    complete_review,
    ensure_kinds,
    publish_memorandum,
    record_attendance,
    schedule_review,
    sign_memorandum,
)
from icv.volunteers.models import AvoidPair, AwayPeriod, Volunteer
from tests.factories import make_application, make_suite, make_user, make_volunteer
from tests.page_cost import cost
from tests.reporting import frozen, make_report  # noqa: F401  (Tuesday 24 November 2026, noon)
from tests.summary_lists import summary_rows


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


def full_record(count: int) -> int:
    """A volunteer with ``count`` of everything their record shows: suites on their panel
    (the first holds people under the Terrorism Act; the first half out of reach, the rest
    avoided), volunteers never paired with them (every other one resigned), changes by as
    many people, dates away every five days from 1 November 2026, completions of each kind
    of course in turn every 100 days from 2020, panel meetings every 40 days back from
    1 November 2026 (apologies, then attended, in turn), reviews held by the editors (each
    scheduling the next), memoranda (all but the newest signed) and reports every 60 days
    back from 20 November 2026, each with another of those volunteers; their record's id."""
    volunteer = make_volunteer(make_user(f"full{count}@example.org", f"Full {count}"))
    application = make_application(
        f"Full {count}", f"full{count}@example.net", reference=f"ICV-F{count}"
    )
    volunteer.application_id = application.id
    suites = [make_suite(f"Suite {count}-{n:02}", f"{n} Road") for n in range(count)]
    suites[0].holds_tact = True
    volunteer.suites = suites
    volunteer.unreachable_suites = suites[: count // 2]
    volunteer.avoided_suites = suites[count // 2 :]
    kinds = ensure_kinds()
    for n in range(count):
        other = make_volunteer(
            make_user(f"paired{count}-{n}@example.org", f"Paired {count}-{n:02}"),
            status="resigned" if n % 2 else "active",
        )
        low, high = sorted((volunteer.id, other.id))
        db.session.add(AvoidPair(volunteer_id=low, other_id=high, reason=f"Reason {n}"))
        editor = make_user(f"held{count}-{n}@example.org", f"Editor {count}-{n:02}")
        record(editor, "volunteer.record", volunteer, f"Change {n:02}")
        away = date(2026, 11, 1) + timedelta(days=5 * n)
        volunteer.away_periods.append(AwayPeriod(starts_on=away, ends_on=away))
        add_record(volunteer, kinds[n % len(kinds)], date(2020, 1, 1) + timedelta(days=100 * n))
        meeting = add_meeting(
            None, f"Meeting {n:02}", date(2026, 11, 1) - timedelta(days=40 * n), ""
        )
        record_attendance(None, meeting, {volunteer: "present" if n % 2 else "apologies"})
        review = schedule_review(None, volunteer, date(2020, 1, 1) + timedelta(days=300 * n))
        complete_review(editor, review, date(2020, 1, 2) + timedelta(days=300 * n), "")
        memorandum = publish_memorandum(None, f"{count}.{n:02}", "Text")
        if n < count - 1:
            sign_memorandum(volunteer, memorandum)
        make_report(
            suites[n],
            visit_date=date(2026, 11, 20) - timedelta(days=60 * n),
            visitor_1_id=volunteer.id,
            visitor_2_id=other.id,
        )
    db.session.commit()
    return volunteer.id


def titles(page: str) -> list[str]:
    return re.findall(r'<h3 class="moj-timeline__title">([^<]+)</h3>', page)


def test_a_record_costs_the_same_with_2_of_everything_as_with_30(app, login):
    """14 statements: the session; the volunteer with their account and application's
    reference; their dates away; every suite, marked with their panel, suites out of reach
    and suites avoided (the choices of two forms); the latest changes with who made them;
    their visits (by year, and the last); the kinds of training beside their latest of each;
    their meetings; their latest signature of the memorandum and whether a newer one waits;
    their reviews with who held them; their claims; the settings; the volunteers who could
    be kept apart; the pairs kept apart with the other's name. At 91650f7 it was 40 here
    with 2 of everything and 208 with 30: each pair kept apart read the other volunteer
    whole (six statements a pair), the application its referees, the last review who held
    it (unless already read), and the other areas' sections read some tables twice."""
    with app.app_context():
        small, large = full_record(2), full_record(30)
    office = login("coordinator")
    few = cost(app, office, f"/volunteers/{small}")
    many = cost(app, office, f"/volunteers/{large}")
    assert len(few) == len(many) == 14, "\n\n".join(many)


def test_a_record_shows_what_each_area_keeps_of_the_volunteer(app, login):
    with app.app_context():
        volunteer = full_record(12)
        application = db.session.get(Volunteer, volunteer).application_id
        first_pair = db.session.scalar(db.select(db.func.min(AvoidPair.id)))
    page = login("coordinator").get(f"/volunteers/{volunteer}").text
    rows = summary_rows(page)
    suites = [f"Suite 12-{n:02}" for n in range(12)]
    assert rows["Panels"] == ", ".join(suites)
    assert rows["Cannot get to"] == ", ".join(suites[:6])
    assert rows["Kept away from"] == ", ".join(suites[6:])
    assert rows["Application"] == (
        f'<a class="govuk-link" href="/applications/{application}">ICV-F12</a>'
    )
    assert rows["Never paired with"] == ", ".join(f"Paired 12-{n:02}" for n in range(12))
    assert f'action="/volunteers/{volunteer}/pairs/{first_pair}/delete"' in page
    assert page.count(">Allow Paired again<") == 12  # each pair's button, by first name
    # visits: 20 November 2026 and every 60 days back, six in each year
    assert (rows["Visits in 2026"], rows["Visits in 2025"], rows["Last visit"]) == (
        "6",
        "6",
        "20 November 2026",
    )
    assert rows["Initial training"] == "Completed 11 March 2022, does not run out"
    assert rows["Terrorism Act (TACT) training"] == (
        "Completed 27 September 2022, ran out 26 September 2025"
    )
    assert rows["This year"] == "4 attended, 4 apologies"
    assert rows["Memorandum of understanding"] == (
        "Version 12.10, signed 24 November 2026 (a newer version is waiting for them)"
    )
    # each review held scheduled the next: the soonest still to hold is the first's next
    assert rows["Annual review due"] == "2 January 2021"
    assert rows["Last annual review"] == "14 January 2029 by Editor 12-11"
    checked = re.findall(
        r'name="(panels-suites|limits-avoided)" type="checkbox" value="(\d+)" checked', page
    )
    assert len([name for name, _ in checked if name == "panels-suites"]) == 12
    assert len([name for name, _ in checked if name == "limits-avoided"]) == 6


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


@pytest.mark.parametrize(
    ("signs_the_newest", "status", "waiting"),
    [(False, "active", True), (True, "active", False), (False, "resigned", False)],
)
def test_a_record_says_a_newer_memorandum_waits_only_for_a_current_volunteer_yet_to_sign(
    app, login, signs_the_newest, status, waiting
):
    with app.app_context():
        volunteer = make_volunteer(make_user("signer@example.org", "Signer"), status="active")
        sign_memorandum(volunteer, publish_memorandum(None, "1", "Text"))
        newest = publish_memorandum(None, "2", "Text")
        if signs_the_newest:
            sign_memorandum(volunteer, newest)
        volunteer.status = status
        db.session.commit()
        volunteer_id = volunteer.id
    rows = summary_rows(login("coordinator").get(f"/volunteers/{volunteer_id}").text)
    signed = "Version 2" if signs_the_newest else "Version 1"
    expected = f"{signed}, signed 24 November 2026"
    assert rows["Memorandum of understanding"] == (
        expected + " (a newer version is waiting for them)" if waiting else expected
    )
