"""Every figure of the summary, on a varied history, exactly as the queries gave them before
they were folded into fewer statements (issue 15: the first view after a change).

``tests/data/summary_figures.json`` was written by the queries of main at 0129b8d (27
statements for a first view); the folded queries must give the same dictionary, key for key,
for a calendar year, a financial year, quarters, the year before and a year still running.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from icv.expenses.models import ExpenseClaim
from icv.extensions import db
from icv.rota.models import RotaRequirement
from icv.summary.figures import summary_figures
from icv.summary.models import CustodyThroughput
from icv.summary.rules import Basis, Period
from icv.visits.check_services import ensure_check_set
from icv.visits.count_rules import Counts
from icv.visits.models import VisitReport
from icv.visits.values import count_columns
from icv.volunteers.models import Volunteer
from tests.factories import make_application, make_period, make_planned_visit
from tests.reporting import frozen, make_report  # noqa: F401  (fixture: 24 November 2026)
from tests.summary_data import history_fixture  # noqa: F401  (fixture)

TODAY = date(2026, 11, 24)
SNAPSHOT = Path(__file__).parent / "data" / "summary_figures.json"
PERIODS = {
    "2025": Period(2025, Basis.CALENDAR),
    "2025/26": Period(2025, Basis.FINANCIAL),
    "Q1 2025": Period(2025, Basis.CALENDAR, 1),
    "Q4 2025": Period(2025, Basis.CALENDAR, 4),
    "Q3 2025/26": Period(2025, Basis.FINANCIAL, 3),
    "2024": Period(2024, Basis.CALENDAR),
    "2026": Period(2026, Basis.CALENDAR),
}


@pytest.fixture
def varied(app, history):
    """The hand-made history, with every other row a figure counts: structured checks, a
    Panel issue, applications with equality answers, vetting, approved and refused claims,
    throughput and a published rota with its targets."""
    with app.app_context():
        leamington = history["suites"]["leamington"]
        people = history["people"]
        suite = db.session.get(VisitReport, history["reports"]["jan"]).suite
        checks = ensure_check_set(None)
        make_report(
            suite, visit_date=date(2025, 5, 5), check_set_id=checks.id, rating="concerns",
            good_practice_seen=True, mode="in_person",
            counts=count_columns(Counts(3, spoken=2, declined=1, male=2, female=1,
                                        sex_not_known=0, mental_health_powers=1)),
            checks={"told_rights": 2, "cctv_working": "no"},
        )  # fmt: skip
        issue = db.session.get(VisitReport, history["reports"]["1_april"]).issues[0]
        issue.for_panel, issue.panel_text = True, "Medication rounds are now logged"
        sam = db.session.get(Volunteer, people["sam"])
        val = db.session.get(Volunteer, people["val"])
        val.vetting_expires_on, sam.vetting_expires_on = date(2025, 12, 30), date(2026, 6, 1)
        applied = make_application(applied_on=date(2025, 1, 1))
        sam.application_id = applied.id
        make_application(email="early@example.net", applied_on=date(2024, 12, 31))
        from icv.applications.models import DiversityResponse

        for n, sex in enumerate(("Female", "Male", "Female", "Female", "Female", "Male")):
            db.session.add(
                DiversityResponse(
                    application_id=applied.id if n == 0 else None,
                    submitted_on=date(2025, 2 + n, 1),
                    sex=sex,
                    age_band="25 to 34" if n % 2 else None,
                )
            )
        for kind, spent_on, status, miles in (
            ("visit", date(2025, 1, 15), "approved", 12),
            ("meeting", date(2025, 6, 30), "approved", 30),
            ("training", date(2025, 10, 1), "approved", 5),
            ("visit", date(2025, 11, 1), "rejected", 40),
            ("visit", date(2024, 12, 31), "approved", 7),
        ):
            db.session.add(
                ExpenseClaim(
                    volunteer_id=people["val"], kind=kind, spent_on=spent_on, miles=miles,
                    pence_per_mile=45, parking_pence=150, status=status,
                )
            )  # fmt: skip
        for quarter_start, booked in ((date(2025, 1, 1), 400), (date(2025, 10, 1), 350)):
            db.session.add(
                CustodyThroughput(
                    suite_id=leamington, quarter_start=quarter_start, booked_in=booked
                )
            )
        rota = make_period(date(2025, 4, 7), weeks=4)
        db.session.add(RotaRequirement(period_id=rota.id, suite_id=leamington, visits_per_week=2))
        for day, status in ((date(2025, 4, 9), "completed"), (date(2025, 4, 16), "missed")):
            make_planned_visit(rota, suite, day, []).status = status
        db.session.commit()
    return history


def every_period() -> dict:
    figures = {name: summary_figures(period, TODAY) for name, period in PERIODS.items()}
    return json.loads(json.dumps(figures))


def test_every_figure_is_as_the_unfolded_queries_gave_it(ctx, varied):
    assert every_period() == json.loads(SNAPSHOT.read_text())
