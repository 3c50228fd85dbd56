"""ICVA's quarterly return (issue 16, items 5 and 6): exact figures of the hand-made history,
its quarters' first and last days on either basis, and the same return from the page, the API
and ``icv summary --format icva``."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from icv.accounts.models import User
from icv.extensions import db
from icv.settings import update_settings
from icv.summary.icva import columns, return_rows
from icv.summary.panel_rules import icva_offered
from icv.summary.queries import records_begin
from icv.summary.rules import Basis, Period, Records
from icv.summary.services import create_token
from icv.visits.models import VisitReport
from tests.reporting import frozen  # noqa: F401  (fixture: 24 November 2026)
from tests.summary_data import history_fixture  # noqa: F401  (fixture)

TODAY = date(2026, 11, 24)
REASONS = ("asleep", "interview", "legal_medical", "unsafe", "release", "other")
THEMES = ("rights", "health_welfare", "dignity_treatment", "food_drink", "conditions")
THEMES += ("staffing_procedures", "other")


def row(period: str, start: str, end: str, **figures: int) -> dict[str, str]:
    """A row of the return as the CSV gives it: every count 0 unless given."""
    counted = dict.fromkeys(columns()[3:], 0)
    counted |= figures
    return {"period": period, "start": start, "end": end, **{k: str(v) for k, v in counted.items()}}


#: 2025 by calendar quarter, worked out by hand from tests/summary_data.py. Offered is spoken
#: + declined (15 January: 2 + 1 = 3, the one observed only is apart).
CALENDAR_2025 = [
    row(
        "Q1 2025", "2025-01-01", "2025-03-31", visits=2, visits_completed=2,
        detainees_in_custody=8, offered=6, accepted=5, declined=1, observed=1, not_offered=1,
        not_offered_asleep=1, children=1, vulnerable_adults=1, detainees_male=3,
        detainees_female=2, mental_health_powers=1, issues_raised=1, issues_dignity_treatment=1,
        rated_satisfactory=1, rating_not_recorded=1, good_practice=1,
        good_practice_not_recorded=1,
    ),
    row(
        "Q2 2025", "2025-04-01", "2025-06-30", visits=2, visits_completed=1, visits_no_access=1,
        detainees_in_custody=2, offered=2, accepted=1, declined=1, issues_raised=1,
        issues_health_welfare=1, rated_unsatisfactory=1,
    ),
    row("Q3 2025", "2025-07-01", "2025-09-30", visits=1),
    row(
        "Q4 2025", "2025-10-01", "2025-12-31", visits=2, visits_completed=2,
        detainees_in_custody=14, offered=10, accepted=8, declined=2, not_offered=2,
        issues_raised=1, issues_other=1, rated_concerns=1, rating_not_recorded=1,
        good_practice=1, good_practice_not_recorded=1,
    ),
    row(
        "2025", "2025-01-01", "2025-12-31", visits=7, visits_completed=5, visits_no_access=1,
        detainees_in_custody=24, offered=18, accepted=14, declined=4, observed=1, not_offered=3,
        not_offered_asleep=1, children=1, vulnerable_adults=1, detainees_male=3,
        detainees_female=2, mental_health_powers=1, issues_raised=3, issues_health_welfare=1,
        issues_dignity_treatment=1, issues_other=1, rated_satisfactory=1, rated_concerns=1,
        rated_unsatisfactory=1, rating_not_recorded=2, good_practice=2,
        good_practice_not_recorded=2,
    ),
]  # fmt: skip


@pytest.fixture
def history_with_good_practice(app, history):
    """The visitors' checks on three reports: 15 January (good practice seen, rated
    satisfactory, 3 men and 2 women in custody, 1 under mental-health powers), 1 April (none
    seen, unsatisfactory) and 31 December, the last day of the year (seen, concerns). The
    year's other completed visits were filed before the checks: not recorded."""
    answers = {
        "jan": {"good_practice_seen": True, "rating": "satisfactory", "male": 3, "female": 2,
                "sex_not_known": 0, "mental_health_powers": 1},
        "1_april": {"good_practice_seen": False, "rating": "unsatisfactory"},
        "midnight": {"good_practice_seen": True, "rating": "concerns"},
    }  # fmt: skip
    with app.app_context():
        for name, values in answers.items():
            report = db.session.get(VisitReport, history["reports"][name])
            for column, value in values.items():
                setattr(report, column, value)
        db.session.commit()
    return history


def parsed(body: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body)))


def test_offered_is_spoken_with_and_declined():
    assert icva_offered(spoken=2, declined=1) == 3
    assert icva_offered(spoken=0, declined=0) == 0


def test_the_cli_prints_each_quarter_and_the_year(app, history_with_good_practice):
    result = app.test_cli_runner().invoke(args=["summary", "--year", "2025", "--format", "icva"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == ",".join(columns())
    assert [k for k in columns() if k.startswith("not_offered_")] == [
        f"not_offered_{r}" for r in REASONS
    ]
    assert [k for k in columns() if k.startswith("issues_") and k != "issues_raised"] == [
        f"issues_{t}" for t in THEMES
    ]
    assert parsed(result.stdout) == CALENDAR_2025


def test_a_financial_quarter_starts_on_1_april(app, history_with_good_practice):
    args = ["summary", "--year", "2025", "--basis", "financial", "--quarter", "1"]
    result = app.test_cli_runner().invoke(args=[*args, "--format", "icva"])
    assert result.exit_code == 0, result.stderr
    # 1 April 2025 is in, 31 March 2025 (the 2024/25 year's last day) is not.
    assert parsed(result.stdout) == [
        {**CALENDAR_2025[1], "period": "Q1 2025/26"},
    ]


def test_the_fourth_financial_quarter_ends_on_31_march(ctx, history_with_good_practice):
    records = Records(records_begin())
    [q4] = return_rows(Period(2024, Basis.FINANCIAL, 4), TODAY, records)
    assert (q4.values["period"], q4.values["start"], q4.values["end"]) == (
        "Q4 2024/25",
        "2025-01-01",
        "2025-03-31",
    )
    assert (q4.values["visits"], q4.values["offered"], q4.values["good_practice"]) == (2, 6, 1)


def test_a_category_counts_under_the_theme_its_setting_gives(ctx, history_with_good_practice):
    update_settings(None, {"icva_theme_of_category": {"supplies": "conditions"}})
    [q1] = return_rows(Period(2025, Basis.CALENDAR, 1), TODAY, Records(records_begin()))
    assert (q1.values["issues_conditions"], q1.values["issues_dignity_treatment"]) == (1, 0)
    # A theme the setting names that ICVA does not have counts as other.
    update_settings(None, {"icva_theme_of_category": {"supplies": "weather"}})
    [q1] = return_rows(Period(2025, Basis.CALENDAR, 1), TODAY, Records(records_begin()))
    assert q1.values["issues_other"] == 1


def test_the_page_and_the_api_give_the_same_return(
    app, login, client, personas, history_with_good_practice
):
    office = login("coordinator")
    page = office.get("/summary/2025").text
    assert 'href="/summary/2025/icva-return.csv"' in page
    download = office.get("/summary/2025/icva-return.csv")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == (
        'attachment; filename="icv-icva-return-2025.csv"'
    )
    assert parsed(download.text) == CALENDAR_2025
    book = load_workbook(io.BytesIO(office.get("/summary/2025/icva-return.xlsx").data))
    cells = book.active.iter_rows(values_only=True)
    sheet = [["" if value is None else str(value) for value in line] for line in cells]
    assert sheet[0] == columns()
    assert sheet[1:] == [list(r.values()) for r in CALENDAR_2025]
    with app.app_context():
        _, token = create_token(db.session.get(User, personas["commissioner"]), "ICVA")
        db.session.commit()
    api = client.get(
        "/api/v1/summary/2025/icva-return.csv", headers={"Authorization": f"Bearer {token}"}
    )
    assert api.status_code == 200
    assert parsed(api.text) == CALENDAR_2025
    assert client.get("/api/v1/summary/2025/icva-return.csv").status_code == 401


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quarter", "5"], "The quarter must be 1, 2, 3 or 4"),
        (["--basis", "fiscal"], "The basis must be calendar or financial"),
    ],
)
def test_bad_arguments_give_one_line(app, history, args, message):
    result = app.test_cli_runner().invoke(
        args=["summary", "--year", "2025", *args, "--format", "icva"]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"icv summary: {message}"]
    assert result.stdout == ""
