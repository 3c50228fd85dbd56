"""The summary's part for the Panel (issue 16, item 5), worked out by hand from the history of
tests/summary_data.py for 2025: percentages, each suite, "you said, we did", coverage,
recruitment, vetting compliance on the year's last day, and custody throughput entered on the
form and from a CSV file (the first and last day of the year either side)."""

from __future__ import annotations

import io
from datetime import date

import pytest

from icv.extensions import db
from icv.summary.figures import summary_figures
from icv.summary.models import CustodyThroughput
from icv.summary.panel_rules import per_thousand, percent
from icv.summary.rules import Basis, Period
from icv.visits.models import VisitReport
from icv.volunteers.models import Volunteer
from tests.factories import make_application
from tests.reporting import field_error, frozen  # noqa: F401  (fixture: 24 November 2026)
from tests.summary_data import history_fixture  # noqa: F401  (fixture)

TODAY = date(2026, 11, 24)


def test_a_share_is_to_one_decimal_place_halves_up():
    assert [percent(1, 8), percent(2, 3), percent(1, 3), percent(0, 5)] == [12.5, 66.7, 33.3, 0.0]
    assert percent(3, 0) is None
    assert [per_thousand(3, 1000), per_thousand(5, 1500), per_thousand(1, 0)] == [3.0, 3.3, None]


@pytest.fixture
def panel_history(app, history):
    """Val's vetting lapsed on 30 December 2025, Sam's runs to 31 December (in date on the
    year's last day); Sam was appointed on 1 March 2025 from an application of 1 January 2025
    (59 days); another application came on 31 December 2024. The serious issue of 1 April is
    the Panel's "you said, we did"."""
    with app.app_context():
        people = history["people"]
        val = db.session.get(Volunteer, people["val"])
        sam = db.session.get(Volunteer, people["sam"])
        val.vetting_expires_on, sam.vetting_expires_on = date(2025, 12, 30), date(2025, 12, 31)
        sam.application_id = make_application(applied_on=date(2025, 1, 1)).id
        make_application(email="early@example.net", applied_on=date(2024, 12, 31))
        issue = db.session.get(VisitReport, history["reports"]["1_april"]).issues[0]
        issue.for_panel, issue.panel_text = True, "Medication rounds are now logged"
        db.session.commit()
    return history


def test_the_panels_figures_of_2025(ctx, panel_history):
    panel = summary_figures(Period(2025, Basis.CALENDAR), TODAY)["panel"]
    assert panel["percentages"] == {
        # 5 completed, 1 without access, 1 abandoned of 7 attempted.
        "visits": {"completed": 71.4, "no_access": 14.3, "abandoned": 14.3},
        # Of 24 in custody: offered 18 (14 spoken with + 4 declined), 1 observed, 3 not offered.
        "detainees": {
            "offered": 75.0,
            "spoken": 58.3,
            "declined": 16.7,
            "observed": 4.2,
            "not_offered": 12.5,
        },
        # Of 3 raised: 1 serious, 2 resolved by 31 December, 1 open.
        "issues": {"serious": 33.3, "resolved": 66.7, "open": 33.3},
    }
    assert panel["by_suite"] == {
        "Leamington Spa": {"visits": 3, "detainees": 11, "issues": 2},
        "Nuneaton": {"visits": 2, "detainees": 13, "issues": 1},
    }
    assert panel["you_said_we_did"] == [
        {
            "suite": "Leamington Spa",
            "raised_on": "2025-04-01",
            "category": "welfare_medical",
            "you_said": "Medication not given on time",
            "we_did": "Medication rounds are now logged",
        }
    ]
    assert panel["recruitment"] == {
        "applications_received": 1,
        "appointed": 1,
        "median_days_to_appoint": 59,
    }
    assert panel["vetting"] == {"as_at": "2025-12-31", "active": 2, "in_date": 1, "percent": 50.0}
    assert panel["throughput"] == {"booked_in": 0, "visits_per_1000": None, "by_suite": {}}


def test_coverage_counts_the_rotas_starting_in_the_period(ctx, panel_history):
    # The published rota of 6 January to 30 March 2025 (12 weeks, a visit a week at each
    # suite): Leamington's visit of 15 January was made; the draft rota does not count.
    panel = summary_figures(Period(2025, Basis.CALENDAR), TODAY)["panel"]
    assert panel["coverage"] == {
        "Leamington Spa": {"required": 12, "completed": 1, "percent": 8.3},
        "Nuneaton": {"required": 12, "completed": 0, "percent": 0.0},
    }
    # 2025/26 starts on 1 April: no rota of it is published.
    later = summary_figures(Period(2025, Basis.FINANCIAL), TODAY)["panel"]
    assert later["coverage"] == {}


CSV = (
    "suite,quarter_start,booked_in\r\n"
    "Leamington Spa,2025-01-01,400\r\n"
    "leamington spa,2025-10-01,600\r\n"
    "Leamington Spa,2026-01-01,999\r\n"
)


def test_throughput_from_the_form_and_a_file_gives_visits_per_thousand(ctx, login, panel_history):
    office = login("coordinator")
    page = office.get("/summary/throughput").text
    assert "Enter one figure" in page
    nuneaton = str(panel_history["suites"]["nuneaton"])
    saved = office.post(
        "/summary/throughput",
        data={"suite_id": nuneaton, "quarter": "2025-04-01", "booked_in": "500"},
    )
    assert saved.headers["Location"] == "/summary/throughput"
    uploaded = office.post(
        "/summary/throughput/file",
        data={"file": (io.BytesIO(CSV.encode()), "throughput.csv")},
        content_type="multipart/form-data",
    )
    assert uploaded.headers["Location"] == "/summary/throughput"
    assert db.session.query(CustodyThroughput).count() == 4
    throughput = summary_figures(Period(2025, Basis.CALENDAR), TODAY)["panel"]["throughput"]
    assert throughput == {
        "booked_in": 1500,
        "visits_per_1000": 3.3,  # 5 visits
        "by_suite": {
            "Leamington Spa": {"booked_in": 1000, "visits": 3, "visits_per_1000": 3.0},
            "Nuneaton": {"booked_in": 500, "visits": 2, "visits_per_1000": 4.0},
        },
    }


def test_a_bad_file_stores_nothing_and_lists_each_line(ctx, login, panel_history):
    office = login("coordinator")
    bad = (
        "suite,quarter_start,booked_in\r\n"
        "Leamington Spa,2025-01-01,400\r\n"
        "Rugby,2025-01-01,10\r\n"
        "Nuneaton,2025-02-01,10\r\n"
        "Nuneaton,2025-04-01,lots\r\n"
        "Nuneaton,2025-07-01,\u00b2\r\n"  # a superscript two: a digit to str.isdigit
    )
    refused = office.post(
        "/summary/throughput/file",
        data={"file": (io.BytesIO(bad.encode()), "throughput.csv")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    for problem in (
        "Line 3: no suite called Rugby",
        "Line 4: 2025-02-01 is not the first day of a quarter (1 January, April, July or October)",
        "Line 5: booked_in must be a whole number from 0 to 1,000,000",
        "Line 6: booked_in must be a whole number from 0 to 1,000,000",
    ):
        assert problem in refused.text
    assert field_error(refused.text, "file") == "Nothing was stored: 4 line(s) to correct"
    assert db.session.query(CustodyThroughput).count() == 0
    empty = office.post("/summary/throughput", data={"suite_id": "", "booked_in": "-1"})
    assert empty.status_code == 400
    assert field_error(empty.text, "suite_id") == "Select the custody suite"


def test_the_page_shows_the_panels_part(ctx, login, panel_history):
    page = login("commissioner").get("/summary/2025").text
    assert 'id="panel"' in page
    assert "Medication rounds are now logged" in page
    assert "Vetting in date on 31 December 2025" in page
