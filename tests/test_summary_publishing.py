"""Sign-off freezes a year's figures; later corrections show beside them. The exports."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.summary.models import AnnualSummary
from tests.reporting import frozen  # noqa: F401  (fixture: 24 November 2026)
from tests.summary_data import (  # noqa: F401  (fixture)
    correct_later,
    history_fixture,
    signed_off_before_time_was_summed,
)


@pytest.fixture
def signed_off(login, history):
    client = login("coordinator")
    confirm = client.get("/summary/2025/sign-off")
    assert "Signing off publishes these figures as they stand today" in confirm.text
    response = client.post("/summary/2025/sign-off")
    assert response.headers["Location"] == "/summary/2025"
    return client


def test_signing_off_stores_the_figures_as_published(signed_off, ctx, personas):
    stored = db.session.scalars(select(AnnualSummary)).one()
    assert (stored.year, stored.basis, stored.signed_off_by_id) == (
        2025,
        "calendar",
        personas["coordinator"],
    )
    assert stored.published["visits"]["completed"] == 5
    assert stored.published["headline"] == (
        "5 visits to custody in 2025, with 1 serious issue identified"
    )
    assert db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()[-1] == (
        "summary.signed_off"
    )
    page = signed_off.get("/summary/2025").text
    assert "Signed off" in page
    assert "these are the figures as published" in page
    again = signed_off.post("/summary/2025/sign-off", follow_redirects=True)
    assert "2025 has already been signed off" in again.text
    refused = signed_off.post(
        "/summary/2025/narrative", data={"narrative": "Late words"}, follow_redirects=True
    )
    assert "2025 has been signed off: its narrative is published" in refused.text
    assert db.session.scalars(select(AnnualSummary.narrative)).one() is None


def test_a_year_cannot_be_signed_off_before_it_ends(login, history, ctx):
    client = login("commissioner")
    assert "2026 has not ended yet" in client.get("/summary/2026/sign-off").text
    refused = client.post("/summary/2026/sign-off", follow_redirects=True)
    assert "2026 has not ended yet: sign it off after 31 December 2026" in refused.text
    assert db.session.scalars(select(AnnualSummary)).all() == []
    assert client.post("/summary/2025/sign-off?quarter=2").status_code == 404


def test_a_later_correction_shows_as_a_difference_not_a_change(signed_off, app, history):
    correct_later(app, history)
    page = signed_off.get("/summary/2025").text
    # The published figures stay as they were signed off ...
    assert "5 visits to custody in 2025, with 1 serious issue identified." in page
    # ... and every figure that changed since is listed beside them, by name where it has one.
    changes = page.split('id="corrections"', 1)[1].split("</section>", 1)[0]
    rows = [cells(row) for row in changes.split('<tr class="govuk-table__row">')[2:]]
    assert rows == [
        ["Access to custody: Median wait to be let in, every visit (minutes)", "7.5", "5"],
        # Rugby's report has no structured checks: one more report "not recorded".
        [
            "People in custody by sex and under mental-health powers: Not counted under "
            "mental-health powers (reports)",
            "1",
            "2",
        ],
        [
            "People in custody by sex and under mental-health powers: Not counted by sex (reports)",
            "5",
            "6",
        ],
        ["Good practice seen: Not recorded", "5", "6"],
        [
            "Structured checks at completed visits: Not recorded (filed before the checks, or "
            "imported without)",
            "5",
            "6",
        ],
        ["Overall rating of the visit: Not recorded", "5", "6"],
        ["Structured checks at completed visits: Completed visits", "5", "6"],
        ["People in custody at completed visits: In custody", "24", "26"],
        ["People in custody at completed visits: Offered a visit", "18", "20"],
        ["People in custody at completed visits: Spoken with", "14", "16"],
        [
            "headline",
            "5 visits to custody in 2025, with 1 serious issue identified",
            "6 visits to custody in 2025, with 1 serious issue identified",
        ],
        # The Panel's part: Leamington's 2 more in custody, and each share of a new whole
        # (offered is spoken with + declined: 18 of 24, then 20 of 26).
        ["Each suite: Leamington Spa: people in custody", "11", "13"],
        ["Percentages: Declined (of people in custody), %", "16.7", "15.4"],
        ["Percentages: Not offered (of people in custody), %", "12.5", "11.5"],
        ["Percentages: Observed only (of people in custody), %", "4.2", "3.8"],
        [
            "Percentages: Offered a visit (spoken with or declined) (of people in custody), %",
            "75.0",
            "76.9",
        ],
        ["Percentages: Spoken with (of people in custody), %", "58.3", "61.5"],
        ["Percentages: Abandoned (of visits attempted), %", "14.3", "12.5"],
        ["Percentages: Completed (of visits attempted), %", "71.4", "75.0"],
        ["Percentages: No access (of visits attempted), %", "14.3", "12.5"],
        # Rugby's visit, 09:00 to 10:00, with no visitor recorded.
        ["Time given to visits: Hours of visits (arrival to leaving)", "7.3", "8.3"],
        ["Visits: Visits attempted", "7", "8"],
        ["Visits by time of arrival: Early morning", "1", "2"],
        ["Visits by how they were made: In person", "3", "4"],
        ["Visits by month: July 2025", "0", "1"],
        ["Visits by quarter: Quarter 3", "0", "1"],
        ["visits.by_suite.Rugby", "\u2013", "1"],
        ["Visits by day of the week: Tue", "1", "2"],
        ["Visits: Visits completed", "5", "6"],
    ]
    # The published tables keep their values, with the correction in a column of its own.
    assert "<strong>6</strong>" in page.split('id="visits"', 1)[1]


def test_a_year_signed_off_before_time_was_summed_shows_it_not_recorded(signed_off, app, history):
    signed_off_before_time_was_summed(app)
    correct_later(app, history)
    page = signed_off.get("/summary/2025")
    assert page.status_code == 200
    time_table = page.text.split(">Time given to visits</caption>", 1)[1].split("</table>", 1)[0]
    rows = [cells(row) for row in time_table.split('<tr class="govuk-table__row">')[2:]]
    assert rows == [
        ["Hours of visits (arrival to leaving)", "not recorded", "not recorded"],
        ["Visitor hours (hours of each visit times its visitors)", "not recorded", "not recorded"],
    ]
    # Not recorded then is not a correction: the changes are those of the other test, no more.
    changes = page.text.split('id="corrections"', 1)[1].split("</section>", 1)[0]
    assert changes.count('<tr class="govuk-table__row">') == 1 + 19 + 9  # 9 of the Panel's
    assert "Time given to visits" not in changes
    body = signed_off.get("/summary/2025/summary.csv").text
    assert (
        "Time given to visits,Hours of visits (arrival to leaving),not recorded,not recorded,"
        in body
    )
    book = load_workbook(io.BytesIO(signed_off.get("/summary/2025/summary.xlsx").data))
    visits = [row[:3] for row in book["Visits"].values]
    assert ("Hours of visits (arrival to leaving)", "not recorded", "not recorded") in visits
    text = app.test_cli_runner().invoke(args=["summary", "--year", "2025"]).stdout
    assert "  Hours of visits (arrival to leaving)" in text
    assert "not recorded" in text


def cells(row: str) -> list[str]:
    return [cell.strip() for cell in re.findall(r">([^<>]*)</t[hd]>", row)]


def test_the_csv_carries_published_figures_and_corrections(signed_off, app, history):
    correct_later(app, history)
    response = signed_off.get("/summary/2025/summary.csv")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="icv-summary-2025.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == [
        "table",
        "figure",
        "value",
        "previous_period",
        "corrected_since_sign_off",
    ]
    assert ["About", "Period", "2025", "", ""] in rows
    assert ["About", "Status", "Signed off on 2026-11-24: figures as published", "", ""] in rows
    assert ["Visits", "Visits completed", "5", "1", "6"] in rows
    assert ["Visits by custody suite", "Leamington Spa", "3", "", ""] in rows
    assert ["Issues raised by category", "Heating broken", "1", "", ""] in rows
    assert ["Corrections since sign-off", "visits.by_suite.Rugby", "", "", "1"] in rows


def test_the_spreadsheet_has_a_sheet_per_part(signed_off, app, history):
    correct_later(app, history)
    response = signed_off.get("/summary/2025/summary.xlsx?basis=calendar")
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = load_workbook(io.BytesIO(response.data))
    # No one answered the equality questions in this history: no sheet of empty tables.
    assert book.sheetnames == [
        "About",
        "Visits",
        "Access and detainees",
        "Issues",
        "Checks",
        "Volunteers",
        "Cost",
        "For the Panel",
    ]
    about = [row for row in book["About"].values if row and row[0]]
    assert ("Period", "2025") in [row[:2] for row in about]
    assert ("visits.completed", 5, 6) in about
    visits = list(book["Visits"].values)
    assert ("Visits completed", 5, 1, 6) in visits
    assert ("Visits attempted", 7, 1, 8) in visits


def test_the_quarterly_return_has_a_row_per_quarter(login, history):
    response = login("coordinator").get("/summary/2025/quarterly-return.csv")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="icv-quarterly-return-2025.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["quarter"] for row in rows] == ["Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"]
    assert rows[0] == {
        "quarter": "Q1 2025",
        "start": "2025-01-01",
        "end": "2025-03-31",
        "visits_attempted": "2",
        "visits_completed": "2",
        "visits_no_access": "0",
        "visits_abandoned": "0",
        "visits_planned": "2",
        "visits_missed": "1",
        "visits_in_person": "1",
        "visits_virtual": "1",
        "visits_telephone": "0",
        "visits_tact": "0",
        "visits_delayed": "1",
        "median_delay_minutes": "20",
        "longest_delay_minutes": "20",
        "detainees_in_custody": "8",
        "detainees_offered": "6",  # spoken + declined; the one observed apart
        "detainees_spoken": "5",
        "detainees_observed": "1",
        "detainees_declined": "1",
        "detainees_not_offered": "1",
        "detainees_unaccounted": "0",
        "detainees_juveniles": "1",
        "detainees_vulnerable_adults": "1",
        "issues_raised": "1",
        "issues_serious": "0",
        "issues_resolved": "1",
        "issues_open": "0",
        # 90 minutes by two and 70 by one: 160 and 250 minutes.
        "visit_hours": "2.7",
        "visitor_hours": "4.2",
    }
    assert (rows[1]["visits_completed"], rows[1]["issues_serious"], rows[1]["issues_open"]) == (
        "1",
        "1",
        "1",
    )
    # The financial year's return runs April to March; quarters not yet begun are left out.
    financial = login("coordinator").get("/summary/2026/quarterly-return.csv?basis=financial")
    assert [row["quarter"] for row in csv.DictReader(io.StringIO(financial.text))] == [
        "Q1 2026/27",
        "Q2 2026/27",
        "Q3 2026/27",
    ]
