"""The dashboard: who sees it, what it shows (and never shows), bad input, the narrative."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from icv.extensions import db
from icv.summary.models import AnnualSummary
from tests.factories import make_application
from tests.reporting import frozen  # noqa: F401  (fixture: 24 November 2026)
from tests.summary_data import history_fixture  # noqa: F401  (fixture)

#: Everyone the history names: volunteers (as accounts and as recorded), and an applicant.
NAMES = [
    *("Val Person", "Sam Person", "Dana Leaver", "Eve Newcomer", "A. Historic", "P. Partner"),
    "Jo Applicant",
]
#: Why earlier years are refused: the history's first visit.
BEGIN = "records begin in November 2024"
PAGES = [
    "/summary",
    "/summary/2025",
    "/summary/2025?basis=financial&quarter=1",
    "/summary/2025/sign-off",
    "/summary/2025/summary.csv",
    "/summary/2025/summary.xlsx",
    "/summary/2025/quarterly-return.csv",
    "/summary/api-tokens",
]


@pytest.fixture
def applied(app, history):
    """The history, and an application made in 2025."""
    with app.app_context():
        make_application(name="Jo Applicant", applied_on=date(2025, 6, 1))
        db.session.commit()
    return history


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_commissioner_sees_the_figures_and_no_names(login, applied):
    client = login("commissioner")
    page = client.get("/summary/2025")
    assert page.status_code == 200
    text = visible_text(page.text)
    assert "5 visits to custody in 2025, with 1 serious issue identified." in text
    assert "5 visits completed up 4 from 1 in 2024" in text
    assert "Leamington Spa 3" in text
    assert "Heating broken 1" in text
    assert "Hours of visits (arrival to leaving) 7.3 1.0" in text
    assert "Visitor hours (hours of each visit times its visitors) 8.1 1.0" in text
    for exported in ("/summary/2025/summary.csv", "/summary/2025/quarterly-return.csv"):
        text += client.get(exported).text
    for name in NAMES:
        assert name not in text
    assert "Pat" not in page.text.split("</header>", 1)[1]  # not even their own name


@pytest.mark.parametrize("persona", ["liaison", "volunteer", "volunteer2"])
def test_the_liaison_and_volunteers_see_no_summary_page(login, applied, persona):
    client = login(persona)
    assert {url: client.get(url).status_code for url in PAGES} == dict.fromkeys(PAGES, 403)
    assert client.post("/summary/2025/sign-off").status_code == 403
    # Signed in or not, the API wants a token.
    assert client.get("/api/v1/summary/2025").status_code == 401
    assert "Annual summary" not in client.get("/").text


def test_the_commissioner_is_sent_to_the_last_year_that_ended(login, applied):
    client = login("commissioner")
    assert client.get("/summary").headers["Location"] == "/summary/2025"
    assert client.get("/summary?basis=financial").headers["Location"] == (
        "/summary/2025?basis=financial"
    )
    chosen = client.get("/summary?year=2025&basis=financial&quarter=2")
    assert chosen.headers["Location"] == "/summary/2025?basis=financial&quarter=2"


@pytest.mark.parametrize(
    ("url", "message", "typed"),
    [
        ("/summary/2099", "The year must be between 2024 and 2026: " + BEGIN, None),
        ("/summary/20x6", "Enter the year as 4 digits, like 2025", None),
        ("/summary/2025?basis=fiscal", "The basis must be calendar or financial", None),
        ("/summary/2025?quarter=9", "The quarter must be 1, 2, 3 or 4", None),
        ("/summary?year=1900", "The year must be between 2024 and 2026: " + BEGIN, None),
        # Typed, never linked: a year or quarter before records begin (11 November 2024).
        ("/summary/1979", "The year must be between 2024 and 2026: " + BEGIN, None),
        ("/summary/2023/summary.csv", "The year must be between 2024 and 2026: " + BEGIN, None),
        ("/summary/2024?quarter=3", "Q3 2024 ended before " + BEGIN, None),
        ("/summary/2025/summary.csv?basis=fiscal", "The basis must be calendar or", None),
    ],
)
def test_bad_input_gets_a_message_next_to_its_field(login, applied, url, message, typed):
    page = login("coordinator").get(url)
    assert page.status_code == 400
    assert page.text.count(message) == 2  # in the error summary and beside the field
    assert 'class="govuk-error-summary' in page.text
    if typed:
        assert typed in page.text


def test_the_page_draws_accessible_charts_allowed_by_the_csp(login, applied):
    page = login("coordinator").get("/summary/2025").text
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="icv-chart"') == 4
    assert '<title id="chart-month-title">Completed visits by month</title>' in page
    assert "Completed visits by custody suite. Leamington Spa: 3; Nuneaton: 2." in page
    assert 'aria-labelledby="chart-suite-title chart-suite-desc"' in page
    # No inline styles or scripts: the Content-Security-Policy would block them.
    assert " style=" not in page
    assert "<style" not in page
    assert "<script>" not in page
    assert "onclick" not in page


def test_the_coordinator_writes_the_narrative(login, applied, ctx):
    client = login("coordinator")
    saved = client.post(
        "/summary/2025/narrative", data={"narrative": "A steady year.\nCells were warmer."}
    )
    assert saved.headers["Location"] == "/summary/2025#narrative"
    assert "A steady year.\nCells were warmer." in client.get("/summary/2025").text
    too_long = client.post("/summary/2025/narrative", data={"narrative": "x" * 5001})
    assert too_long.status_code == 400
    assert "Narrative for the Panel must be 5000 characters or fewer" in too_long.text
    stored = db.session.scalars(select(AnnualSummary)).one()
    assert (stored.year, stored.basis, stored.narrative) == (
        2025,
        "calendar",
        "A steady year.\nCells were warmer.",
    )
    # A quarter has no narrative of its own.
    assert client.post("/summary/2025/narrative?quarter=1").status_code == 404


def test_the_commissioner_reads_the_narrative_but_does_not_write_it(login, applied):
    client = login("commissioner")
    page = client.get("/summary/2025").text
    assert "has not written a narrative for 2025" in page
    assert 'name="narrative"' not in page


def test_a_small_number_of_equality_answers_is_not_shown(login, applied, app):
    from icv.applications.models import Application, DiversityResponse

    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        db.session.add(
            DiversityResponse(
                application_id=application.id, submitted_on=date(2025, 6, 1), sex="Female"
            )
        )
        db.session.commit()
    page = visible_text(login("commissioner").get("/summary/2025").text)
    assert "of those who applied in 2025 (fewer than 5)" in page
    assert "Female not shown 0" in page
