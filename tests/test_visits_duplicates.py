"""One visit, one report: the partner who files the same visit is sent to confirm the first."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.visits import services
from icv.visits.duplicates import PARTNER_SENT
from icv.visits.models import ReportDraft, VisitReport
from icv.visits.values import values_of
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    answers,
    count,
    field_error,
    fill_report,
    frozen,
    ids,
    post_section,
    sent_report,
    start_report,
)
from tests.statements import statements


def val_sends(login, ids) -> str:
    """Val sends the report of the visit with Sam (arrived 23:30); the report's address."""
    client, key = sent_report(login, ids)
    location = client.post(f"/reports/draft/{key}/check").headers["Location"]
    client.post("/sign-out")
    return location


def sams_answers(ids) -> dict[str, dict]:
    # Sam remembers arriving at 23:35, not 23:30: still the same visit.
    return answers(ids["suite"], ids["val"], ids["sam"], times={"arrived_at": "23:35"})


def test_the_partner_is_sent_to_confirm_the_report_already_sent(login, ids, ctx):
    location = val_sends(login, ids)
    sam = login("volunteer2")
    key = start_report(sam)
    response = post_section(sam, key, "visit", sams_answers(ids)["visit"])
    assert response.status_code == 200
    assert field_error(response.text, "visit_date") == PARTNER_SENT
    assert 'href="#visit_date"' in response.text  # from the error summary
    assert "Confirm it" in sam.get("/reports").text
    assert location.endswith(str(db.session.scalars(select(VisitReport.id)).one()))


def test_a_report_sent_while_the_partner_was_writing_stops_the_second(login, ids, ctx):
    sam = login("volunteer2")
    key = start_report(sam)
    fill_report(sam, key, sams_answers(ids))  # every section done before Val sends
    sam.post("/sign-out")
    val_sends(login, ids)
    sam = login("volunteer2")
    refused = sam.post(f"/reports/draft/{key}/check")
    assert refused.status_code == 400
    assert "The visit</a>: has problems" in refused.text
    again = post_section(sam, key, "visit", sams_answers(ids)["visit"])
    assert field_error(again.text, "visit_date") == PARTNER_SENT
    assert count(VisitReport) == 1
    assert count(ReportDraft) == 1  # Sam's words are kept: they may go into the comments


def test_the_page_refused_offers_the_first_report_reading_it_once(app, login, ids, ctx):
    """The reports near a new one are read with the columns the look and the offer to
    confirm need: none of them read again one at a time."""
    sam = login("volunteer2")
    key = start_report(sam)
    fill_report(sam, key, sams_answers(ids))
    sam.post("/sign-out")
    location = val_sends(login, ids)
    sam = login("volunteer2")
    with statements(app) as sent:
        refused = sam.post(f"/reports/draft/{key}/check")
    assert refused.status_code == 400
    assert f'href="{location}#confirm"' in refused.text
    # a column left unloaded is read by the report's id (the draft's key is looked up by
    # a read of one column too, the id of the report it sent, if any)
    by_id = r"SELECT visit_reports\.\w+ \nFROM visit_reports \nWHERE visit_reports\.id ="
    one_column = re.compile(by_id)
    assert not [s for s in sent if one_column.match(s)], "\n\n".join(sent)


def test_the_service_refuses_a_second_report_of_the_visit(login, ids, ctx):
    # The last guard, for a partner's report stored between checking and sending.
    val_sends(login, ids)
    sam = db.session.scalars(User.by_email("sam@example.org")).one()
    draft = ReportDraft(key="sams-draft", owner=sam, data={})
    db.session.add(draft)
    db.session.flush()
    second = values_of(db.session.scalars(select(VisitReport)).one())
    second.arrived_at = second.arrived_at.replace(minute=35)
    with pytest.raises(services.ReportError, match=r"^Your visiting partner has already sent"):
        services.submit_report(sam, draft, second)


def test_the_office_cannot_file_a_visit_already_reported(login, ids, ctx):
    val_sends(login, ids)
    office = login("coordinator")
    key = start_report(office, on_behalf=True)
    fill_report(office, key, {k: v for k, v in sams_answers(ids).items() if k != "visit"})
    response = post_section(office, key, "visit", sams_answers(ids)["visit"])
    assert field_error(response.text, "visit_date") == (
        "A report of this visit has already been sent: correct that report from Reports to "
        "review instead"
    )
    assert office.post(f"/reports/draft/{key}/check").status_code == 400
    assert count(VisitReport) == 1


def test_a_visit_on_another_day_or_at_another_suite_is_another_report(login, ids, ctx):
    val_sends(login, ids)
    sam = login("volunteer2")
    key = start_report(sam)
    next_day = answers(
        ids["suite"], ids["val"], ids["sam"], visit={"visit_date": ["21", "11", "2026"]}
    )
    fill_report(sam, key, next_day)
    assert sam.post(f"/reports/draft/{key}/check").status_code == 302
    assert count(VisitReport) == 2


@pytest.mark.parametrize(
    ("days", "arrived", "refused"),
    [
        (1, time(0, 5), True),  # Sam dates the same late visit by the day after midnight
        (1, time(9, 0), False),  # a morning visit the next day is another visit
        (-1, time(23, 50), False),  # the evening before Val's 23:30 is another night
    ],
)
def test_a_late_visit_dated_either_side_of_midnight_is_one_visit(
    login, ids, ctx, days, arrived, refused
):
    val_sends(login, ids)
    sam = db.session.scalars(User.by_email("sam@example.org")).one()
    draft = ReportDraft(key="sams-draft", owner=sam, data={})
    db.session.add(draft)
    db.session.flush()
    second = values_of(db.session.scalars(select(VisitReport)).one())
    second.visit_date += timedelta(days=days)
    left = time((arrived.hour + 1) % 24, arrived.minute)
    second.arrived_at, second.admitted_at, second.left_at = arrived, None, left
    if refused:
        with pytest.raises(services.ReportError, match=r"^Your visiting partner has already sent"):
            services.submit_report(sam, draft, second)
    else:
        services.submit_report(sam, draft, second)
        assert count(VisitReport) == 2
