"""The period chooser of the annual summary: a year offered on one basis only ("2024
(2024/25, April to March only)") shows that basis's figures when chosen, and says so."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import re
from datetime import date

import pytest

from icv.extensions import db
from icv.suites.models import Suite
from icv.summary.rules import Basis, Records, SummaryInputError, parse_period
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    field_error,
    frozen,
    ids,
    make_report,
)
from tests.test_summary_records import year_options

TODAY = date(2026, 11, 24)
FOLLOWED = (
    "2024 is offered April to March only, so these are the figures for 2024/25 "
    "(April 2024 to March 2025)."
)


def test_it_knows_the_one_basis_that_offers_a_year():
    records = Records(date(2025, 1, 10))  # records begin in January 2025
    assert records.only_basis(2024, TODAY) is Basis.FINANCIAL  # 2024/25 has January to March
    assert records.only_basis(2025, TODAY) is None  # both
    assert records.only_basis(2026, TODAY) is None
    assert records.only_basis(2023, TODAY) is None  # neither
    assert records.only_basis(2026, date(2026, 2, 1)) is Basis.CALENDAR  # April not yet come


@pytest.fixture
def january_2025(ids, ctx):
    """Records that begin in January 2025 (as the reviewer's scheme)."""
    make_report(db.session.get(Suite, ids["suite"]), visit_date=date(2025, 1, 10), issues=[])
    db.session.commit()


def checked_basis(page: str) -> list[str]:
    return re.findall(r'name="basis" type="radio" value="(\w+)" checked', page)


def test_the_chooser_offers_2024_april_to_march_only(login, frozen, january_2025):
    page = login("coordinator").get("/summary/2025").text
    assert year_options(page) == [
        ("2026", "2026"),
        ("2025", "2025"),
        ("2024", "2024 (2024/25, April to March only)"),
    ]
    assert checked_basis(page) == ["calendar"]  # the basis of the figures shown


@pytest.mark.parametrize("basis", ["", "calendar", "Calendar "])
def test_choosing_the_first_year_offered_shows_its_april_to_march(
    login, frozen, january_2025, basis
):
    client = login("coordinator")
    response = client.get(f"/summary?year=2024&basis={basis}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/summary/2024?basis=financial"
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert FOLLOWED in page.text
    assert "Custody visiting in 2024/25 (records from January 2025)</h1>" in page.text
    assert checked_basis(page.text) == ["financial"]
    assert field_error(page.text, "year") is None
    assert FOLLOWED not in client.get("/summary/2024?basis=financial").text  # said once


def test_a_quarter_of_that_year_follows_too(login, frozen, january_2025):
    client = login("coordinator")
    response = client.get("/summary?year=2024&quarter=4")
    assert response.headers["Location"] == "/summary/2024?basis=financial&quarter=4"
    page = client.get(response.headers["Location"]).text
    assert (
        "2024 is offered April to March only, so these are the figures for Q4 2024/25 "
        "(January to March 2025)."
    ) in page


@pytest.mark.parametrize(
    ("asked", "location"),
    [
        ("year=2026", "/summary/2026"),
        ("year=2026&basis=financial", "/summary/2026?basis=financial"),
        ("year=2025&basis=financial", "/summary/2025?basis=financial"),
        ("year=2025", "/summary/2025"),
    ],
)
def test_a_year_both_bases_offer_keeps_the_basis_chosen(
    login, frozen, january_2025, asked, location
):
    client = login("coordinator")
    response = client.get(f"/summary?{asked}")
    assert response.status_code == 302
    assert response.headers["Location"] == location
    assert " only, so these are the figures" not in client.get(location).text


def test_a_year_neither_basis_offers_is_refused_next_to_the_year(login, frozen, january_2025):
    response = login("coordinator").get("/summary?year=2023&basis=financial")
    assert response.status_code == 400
    assert field_error(response.text, "year") == (
        "The year must be between 2024 and 2026: records begin in January 2025"
    )


def test_an_unknown_basis_is_not_followed_but_refused(login, frozen, january_2025):
    response = login("coordinator").get("/summary?year=2024&basis=monthly")
    assert response.status_code == 400
    assert field_error(response.text, "basis") == "The basis must be calendar or financial"


@pytest.mark.parametrize(
    ("year", "basis", "today", "message"),
    [
        (
            "2024",
            "calendar",
            TODAY,
            "Choose April to March for 2024: 2024 ended before records begin in January 2025",
        ),
        (
            "2026",
            "financial",
            date(2026, 2, 1),
            "Choose January to December for 2026: 2026/27 has not started",
        ),
    ],
)
def test_a_year_only_the_other_basis_offers_is_refused_on_the_basis(year, basis, today, message):
    with pytest.raises(SummaryInputError) as refused:
        parse_period(year, basis, "", today, Records(date(2025, 1, 10)))
    assert (refused.value.field, refused.value.message) == ("basis", message)


def test_a_typed_address_for_the_other_basis_is_refused_next_to_the_basis(
    login, frozen, january_2025
):
    response = login("coordinator").get("/summary/2024?basis=calendar")
    assert response.status_code == 400
    message = "Choose April to March for 2024: 2024 ended before records begin in January 2025"
    assert field_error(response.text, "basis") == message
    assert field_error(response.text, "year") is None
    assert f'<a href="#basis">{message}</a>' in response.text


def test_the_cli_says_which_basis_to_choose(app, frozen, january_2025):
    result = app.test_cli_runner().invoke(args=["summary", "--year", "2024"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "icv summary: Choose April to March for 2024: 2024 ended before records begin in "
        "January 2025"
    ]
