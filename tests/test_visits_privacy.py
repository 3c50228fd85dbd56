"""Who reads a report and whose names a volunteer sees."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.suites.models import Suite
from icv.visits.models import ReportDraft, VisitReport
from icv.volunteers.models import Volunteer
from tests.factories import make_period, make_planned_visit, make_suite, make_visitor
from tests.mail import outbox
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    answers,
    count,
    field_error,
    fill_report,
    frozen,
    ids,
    make_report,
    options,
    post_section,
    sent_report,
    start_report,
)


def test_a_volunteer_sees_only_their_own_reports(login, ids, ctx, personas):
    suite = db.session.get(VisitReport.suite.property.mapper.class_, ids["suite"])
    theirs = make_report(suite, visitor_1_id=ids["sam"])
    db.session.commit()
    val = login("volunteer")
    assert val.get(f"/reports/{theirs.id}").status_code == 403
    assert f'/reports/{theirs.id}"' not in val.get("/reports").text
    # A draft belongs to its writer only.
    other = User(email="x@example.org", name="X")
    db.session.add(other)
    db.session.add(ReportDraft(key="someone-elses", owner=other, data={}))
    db.session.commit()
    assert val.get("/reports/draft/someone-elses").status_code == 404
    assert val.get("/reports/draft/someone-elses/data").status_code == 404


@pytest.mark.parametrize("persona", ["commissioner", "liaison"])
def test_the_commissioner_and_the_force_never_read_a_report(login, ids, ctx, persona):
    suite = db.session.get(VisitReport.suite.property.mapper.class_, ids["suite"])
    report = make_report(suite, visitor_1_id=ids["val"])
    db.session.commit()
    client = login(persona)
    for url in (f"/reports/{report.id}", f"/reports/{report.id}/print", "/reports/review"):
        assert client.get(url).status_code == 403


@pytest.fixture
def others(app, ids):
    """Besides Val and Sam at Leamington Spa: Robin, who visits Rugby only, and Kim, who was on
    the Leamington Spa panel and has resigned."""
    with app.app_context():
        rugby = make_suite("Rugby")
        leamington = db.session.get(Suite, ids["suite"])
        robin = make_visitor("robin@example.org", [rugby], name="Robin Ellis")
        kim = make_visitor("kim@example.org", [leamington], status="resigned", name="Kim Lowe")
        db.session.commit()
        return {**ids, "rugby": rugby.id, "robin": robin.id, "kim": kim.id}


def test_a_volunteer_can_name_only_visitors_of_their_own_panel(login, others, ctx):
    val, sam = str(others["val"]), str(others["sam"])
    client = login("volunteer")
    key = start_report(client)
    page = client.get(f"/reports/draft/{key}/visitors").text
    assert options(page, "visitor_2") == [
        ("", "No second visitor"),
        (sam, "Sam P."),
        (val, "Val Person (you)"),
    ]
    for outsider in ("robin", "kim"):
        posted = {"visitor_1": val, "visitor_2": str(others[outsider])}
        response = post_section(client, key, "visitors", posted)
        assert response.status_code == 200
        assert field_error(response.text, "visitor_2") == "Choose from the visitors listed"
        assert "Robin" not in response.text
        assert "Kim" not in response.text
    # Kept as typed, but the report cannot be sent naming them.
    fill_report(
        client,
        key,
        {k: v for k, v in answers(others["suite"], None, val).items() if k != "visitors"},
    )
    draft = db.session.scalars(select(ReportDraft)).one()
    assert draft.data["visitors"]["visitor_2"] == [str(others["kim"])]
    refused = client.post(f"/reports/draft/{key}/check")
    assert refused.status_code == 400
    assert "Visitors</a>: has problems" in refused.text
    assert count(VisitReport) == 0
    assert outbox("report-confirm") == []


def test_the_office_can_name_any_visiting_volunteer(login, others, ctx):
    office = login("coordinator")
    key = start_report(office, on_behalf=True)
    page = office.get(f"/reports/draft/{key}/visitors").text
    assert [label for _, label in options(page, "visitor_1")] == [
        "Choose a visitor",
        "Robin Ellis",
        "Sam Person",
        "Val Person",
    ]
    resigned = {"visitor_1": str(others["sam"]), "visitor_2": str(others["kim"])}
    response = post_section(office, key, "visitors", resigned)
    assert field_error(response.text, "visitor_2") == "Choose from the visitors listed"
    other_panel = {"visitor_1": str(others["sam"]), "visitor_2": str(others["robin"])}
    assert post_section(office, key, "visitors", other_panel).status_code == 302


def test_the_partner_on_the_rota_can_always_be_named(app, login, others, ctx):
    # Robin was on the Leamington Spa panel when the rota was made, and has moved since.
    suite, robin = (
        db.session.get(Suite, others["suite"]),
        db.session.get(Volunteer, others["robin"]),
    )
    val = db.session.get(Volunteer, others["val"])
    period = make_period(date(2026, 11, 16), weeks=2)
    visit = make_planned_visit(period, suite, date(2026, 11, 20), [val, robin])
    db.session.commit()
    client = login("volunteer")
    key = client.post("/reports/new", data={"planned_visit": visit.id}).headers["Location"]
    page = client.get(f"{key}/visitors").text
    assert (str(others["robin"]), "Robin E.") in options(page, "visitor_2")
    posted = {"visitor_1": str(others["val"]), "visitor_2": str(others["robin"])}
    assert client.post(f"{key}/visitors", data=posted).status_code == 302


def test_a_volunteer_sees_the_first_names_of_the_visitors(login, ids, ctx):
    client, key = sent_report(login, ids)
    check = client.get(f"/reports/draft/{key}/check").text
    assert "Val, Sam" in check
    assert "Sam Person" not in check
    location = client.post(f"/reports/draft/{key}/check").headers["Location"]
    client.post("/sign-out")
    partner = login("volunteer2")
    partner.post(location + "/confirm", data={"comments": "The clock was wrong"})
    report_page = partner.get(location).text
    assert "Sent by Val on" in report_page
    for page in (report_page, partner.get(location + "/print").text):
        assert "Confirmed by Sam on" in page
        assert "Sam's comments:" in page
        assert "Val, Sam" in page
        assert "Val Person" not in page
    partner.post("/sign-out")
    page = login("coordinator").get(location).text
    assert "Sent by Val Person on" in page
    assert "Confirmed by Sam Person on" in page
    assert "Val Person, Sam Person" in page
