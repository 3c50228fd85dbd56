"""Writing a report takes up the unsent draft of the same visit instead of starting a second,
identical one: from the home page, from My visits, and from one after the other."""

# ruff: noqa: F811 (the fixtures imported below are the tests' arguments)

from __future__ import annotations

import datetime as dt

import time_machine
from sqlalchemy import select

from icv.extensions import db
from icv.visits.models import ReportDraft
from tests.reporting import NOW, answers, fill_report, frozen, ids, start_report  # noqa: F401
from tests.test_visits_rota_link import planned  # noqa: F401


def keys(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(ReportDraft.key).order_by(ReportDraft.id)))


def test_writing_a_report_again_takes_up_the_blank_draft_as_started_now(app, login, ids):
    client = login("volunteer")
    first = start_report(client)
    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        client = login("volunteer")  # a session of another day
        again = start_report(client)
        page = client.get(f"/reports/draft/{again}/visit").text
    assert again == first
    assert keys(app) == [first]
    # The date it prefills is the day it was taken up, not the day the blank was made.
    assert 'id="visit_date-day" name="visit_date" type="text" value="26"' in page
    assert "already started" not in client.get(f"/reports/draft/{again}").text


def test_a_draft_with_answers_is_another_visit(app, login, ids):
    client = login("volunteer")
    first = start_report(client)
    fill_report(client, first, {"visit": answers(ids["suite"], None, ids["val"])["visit"]})
    second = start_report(client)
    assert second != first
    assert keys(app) == [first, second]


def test_the_office_filing_for_visitors_again_takes_up_its_blank_draft(app, login, ids):
    client = login("coordinator")
    first = start_report(client, on_behalf=True)
    assert start_report(client, on_behalf=True) == first
    assert keys(app) == [first]


def test_my_visits_takes_up_the_draft_begun_on_the_home_page_for_that_visit(app, login, planned):
    client = login("volunteer")
    key = start_report(client)
    visit = answers(planned["suite"], planned["sam"], planned["val"])["visit"]
    fill_report(client, key, {"visit": visit})  # Friday 20 November, Leamington Spa
    assert "Carry on with the report" in client.get("/my-visits").text

    response = client.post("/reports/new", data={"planned_visit": planned["visit"]})
    assert response.headers["Location"] == f"/reports/draft/{key}"
    assert keys(app) == [key]
    with app.app_context():
        assert db.session.scalars(select(ReportDraft)).one().planned_visit_id == planned["visit"]
    page = client.get(response.headers["Location"]).text
    assert "You have already started this report: carry on where you left off." in page


def test_the_home_page_offers_the_report_of_each_visit_whose_day_has_come(app, login, planned):
    client = login("volunteer")
    home = client.get("/").text
    assert f'name="planned_visit" value="{planned["visit"]}"' in home
    assert "Write the report of Friday 20 November, Leamington Spa" in home
    assert f'name="planned_visit" value="{planned["coming"]}"' not in home  # not yet
    assert "Write a report of another visit" in home

    response = client.post("/reports/new", data={"planned_visit": planned["visit"]})
    key = response.headers["Location"].rsplit("/", 1)[-1]
    home = client.get("/").text
    assert "Write the report of Friday 20 November" not in home
    assert (
        f'<a class="govuk-link" href="/reports/draft/{key}">'
        "Carry on with your report of Leamington Spa, Friday 20 November</a>"
    ) in home
    # The home page's button for that visit, tapped again (the back button), takes it up too.
    again = client.post("/reports/new", data={"planned_visit": planned["visit"]})
    assert again.headers["Location"] == response.headers["Location"]
    assert keys(app) == [key]


def test_a_home_page_with_nothing_to_report_offers_one_button(login, ids):
    home = login("volunteer").get("/").text
    assert "Reports to write" not in home
    assert ">Write a visit report</button>" in home
