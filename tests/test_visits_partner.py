"""The visiting partner reads the report before being asked to confirm it, and nobody is told a
partner will be asked when none will be."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import pytest

from icv.extensions import db
from icv.volunteers.models import Volunteer
from tests.mail import outbox
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    answers,
    field_error,
    fill_report,
    frozen,
    ids,
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
