"""The visiting partner reads the report before being asked to confirm it, and nobody is told a
partner will be asked when none will be."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.suites.models import Suite
from icv.visits.models import VisitReport
from icv.visits.queries import awaiting_confirmation_by
from icv.volunteers.models import Volunteer
from tests.factories import make_user, make_volunteer
from tests.mail import outbox
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    NOW,
    answers,
    field_error,
    fill_report,
    frozen,
    ids,
    make_report,
    sent_report,
    start_report,
)

PROMISE = "will be asked to confirm it"


def sent_to_partner(login, ids):
    """Val's report, sent; returns Sam's client and the report's address."""
    client, key = sent_report(login, ids)
    location = client.post(f"/reports/draft/{key}/check").headers["Location"]
    client.post("/sign-out")
    return login("volunteer2"), location


def test_the_partner_reads_the_report_before_the_button_to_confirm_it(login, ids, ctx):
    partner, location = sent_to_partner(login, ids)
    page = partner.get(location).text
    told = page.index("Read the report, then confirm it at the end of the page.")
    report = page.index("No blankets in stock for the cells")  # the issue, late in the report
    asked = page.index('<h2 class="govuk-heading-m" id="confirm">Confirm the report</h2>')
    button = page.index(">Confirm the report</button>")
    assert told < report < asked < button


def test_a_comment_too_long_is_summarised_and_shown_next_to_the_box(login, ids, ctx):
    partner, location = sent_to_partner(login, ids)
    response = partner.post(location + "/confirm", data={"comments": "x" * 2001})
    assert response.status_code == 400
    assert '<div class="govuk-error-summary"' in response.text
    assert 'href="#comments"' in response.text
    message = "Your comments must be 2000 characters or fewer"
    assert field_error(response.text, "comments") == message
    assert "x" * 2001 in response.text  # nothing typed is lost


def test_the_check_page_names_the_partner_who_will_be_asked(login, ids, ctx):
    client, key = sent_report(login, ids)
    page = client.get(f"/reports/draft/{key}/check").text
    assert f"Your visiting partner, Sam, {PROMISE}." in page


def check_page_of(client, key: str) -> str:
    response = client.get(f"/reports/draft/{key}/check")
    assert "Now send your report" in response.text  # complete, ready to send
    return response.text


@pytest.mark.parametrize("filer", ["volunteer", "coordinator"])
def test_nobody_is_promised_a_partner_when_none_will_be_asked(login, ids, ctx, filer):
    client = login(filer)
    key = start_report(client, on_behalf=filer == "coordinator")
    partner = None if filer == "volunteer" else ids["sam"]  # alone; or the office files it
    fill_report(client, key, answers(ids["suite"], partner, ids["val"]))
    assert PROMISE not in check_page_of(client, key)
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    assert outbox("report-confirm") == []


def test_a_partner_whose_account_is_closed_is_not_promised(login, ids, ctx):
    client, key = sent_report(login, ids)
    db.session.get(Volunteer, ids["sam"]).user.is_active = False
    db.session.commit()
    assert PROMISE not in check_page_of(client, key)
    client.post(f"/reports/draft/{key}/check")
    assert outbox("report-confirm") == []


def test_the_database_finds_the_reports_each_partner_is_to_confirm(app, ids, ctx):
    """``awaiting_confirmation_by`` (a count on the volunteer's home page) agrees with each
    report's ``partner_to_confirm``, case by case, for each of three volunteers."""
    suite = db.session.get(Suite, ids["suite"])
    val, sam = (db.session.get(Volunteer, ids[name]) for name in ("val", "sam"))
    tom = make_volunteer(make_user("tom@example.org", password=None), suites=[suite])
    office = db.session.scalars(User.by_email("chris@example.org")).one()
    cases = [  # visitor 1, visitor 2, sent by, other columns
        (val, sam, sam.user, {}),  # Val confirms
        (val, sam, val.user, {}),  # Sam confirms (the first visitor sent it)
        (val, sam, sam.user, {"cosigned_at": NOW}),  # confirmed already: nobody
        (val, sam, office, {"on_behalf": True}),  # filed for the visitors: nobody
        (val, sam, sam.user, {"source": "import"}),  # imported: nobody
        (None, sam, office, {}),  # Sam, the only visitor in the system
        (val, sam, None, {}),  # sender unknown: the first visitor, Val
        (tom, sam, val.user, {}),  # sent by neither: the first visitor, Tom
        (sam, None, val.user, {}),  # Sam
    ]
    for n, (first, second, sender, columns) in enumerate(cases):
        report = make_report(
            suite,
            visit_date=date(2026, 11, 1) + timedelta(days=n),
            visitor_1_id=first.id if first else None,
            visitor_2_id=second.id if second else None,
            submitted_by_id=sender.id if sender else None,
        )
        for column, value in columns.items():
            setattr(report, column, value)
    db.session.flush()
    reports = db.session.scalars(select(VisitReport)).all()
    found = {
        who.user.name: set(db.session.scalars(awaiting_confirmation_by(who.user, who.id)))
        for who in (val, sam, tom)
    }
    expected = {
        who.user.name: {r.id for r in reports if r.partner_to_confirm is who}
        for who in (val, sam, tom)
    }
    assert found == expected
    assert [len(found[who.user.name]) for who in (val, sam, tom)] == [2, 3, 1]
