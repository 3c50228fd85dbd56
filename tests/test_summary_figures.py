"""Exact figures of the hand-made history (tests/summary_data.py), counted by the database, and
the number of SQL statements a summary page costs."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from icv.extensions import db
from icv.suites.models import Suite
from icv.summary.rules import Basis, Period, hours, visit_minutes, visitors_recorded
from icv.summary.services import summary_for
from icv.visits.models import VisitReport
from icv.volunteers.models import Volunteer
from tests.factories import make_period, make_planned_visit, make_suite
from tests.reporting import frozen, make_report  # noqa: F401  (fixture: 24 November 2026)
from tests.statements import statements
from tests.summary_data import history_fixture  # noqa: F401  (fixture)

TODAY = date(2026, 11, 24)


def figures(year: int, basis: Basis = Basis.CALENDAR, quarter: int | None = None) -> dict:
    return summary_for(Period(year, basis, quarter), TODAY).figures


def test_the_calendar_year_counts_each_visit_on_its_date(ctx, history):
    f = figures(2025)
    assert f["period"] == {
        "label": "2025",
        "start": "2025-01-01",
        "end": "2025-12-31",
        "basis": "calendar",
        "year": 2025,
        "quarter": None,
        "months": "January to December 2025",
        "complete": True,
        "title": "2025",
        "records_begin": "2024-11-01",  # the month of the visit of 11 November 2024
        "has_records": True,
    }
    assert f["headline"] == "5 visits to custody in 2025, with 1 serious issue identified"
    visits = f["visits"]
    assert {k: visits[k] for k in ("attempted", "completed", "no_access", "abandoned")} == {
        "attempted": 7,
        "completed": 5,
        "no_access": 1,
        "abandoned": 1,
    }
    assert (visits["planned"], visits["missed"], visits["tact"]) == (2, 1, 0)
    assert visits["by_mode"] == {"in_person": 3, "virtual": 1, "telephone": 1}
    assert visits["by_suite"] == {"Leamington Spa": 3, "Nuneaton": 2}
    assert visits["by_month"] == {
        **{f"2025-{m:02d}": 0 for m in range(1, 13)},
        "2025-01": 1,
        "2025-03": 1,
        "2025-04": 1,
        "2025-10": 1,
        # 23:30 on 31 December to 00:50: counted on the 31st, in 2025.
        "2025-12": 1,
    }
    assert visits["by_quarter"] == {"Q1": 2, "Q2": 1, "Q3": 0, "Q4": 2}
    assert visits["by_weekday"] == {
        "Mon": 1, "Tue": 1, "Wed": 2, "Thu": 0, "Fri": 0, "Sat": 0, "Sun": 1
    }  # fmt: skip
    assert visits["by_band"] == {"early": 1, "day": 1, "afternoon": 1, "evening": 1, "late": 1}


def test_the_calendar_year_counts_access_people_and_issues(ctx, history):
    f = figures(2025)
    # Waits of 2, 5, 5, 10, 20 and 40 minutes; more than 15 is a delay.
    assert f["access"] == {
        "visits_delayed": 2,
        "median_delay_minutes": 30,
        "longest_delay_minutes": 40,
        "median_wait_minutes": 7.5,
        "delay_threshold_minutes": 15,
    }
    assert f["detainees"] == {
        "in_custody": 24,
        # Spoken + declined: the one observed only at the midnight visit is not offered.
        "offered": 18,
        "spoken": 14,
        "observed": 1,
        "declined": 4,
        "not_offered": 3,
        # The imported record: 10 in custody, 6 offered, 2 not offered.
        "unaccounted": 2,
        "juveniles": 1,
        "vulnerable_adults": 1,
        "not_offered_by_reason": {
            "asleep": 1, "interview": 0, "legal_medical": 0, "unsafe": 0, "release": 0, "other": 0
        },
    }  # fmt: skip
    # The serious issue of 1 April was resolved on 10 January 2026: open at the end of 2025.
    assert f["issues"] == {
        "raised": 3,
        "serious": 1,
        "resolved": 2,
        "open": 1,
        "serious_open": 1,
        "median_days_to_resolve": 17,
        "resolved_during_period": 1,
        "by_category": {
            "welfare_medical": 1,
            "treatment": 0,
            "rights": 0,
            "food_drink": 0,
            "cells_facilities": 0,
            "safety": 0,
            "supplies": 1,
            "staffing": 0,
            "other": 0,
            "Heating broken": 1,
        },
    }


def test_the_time_given_counts_every_attempted_visit_past_midnight_too(ctx, history):
    # Minutes (visitors): 90 (2) on 15 January, 70 (1), 60 (1), 20 (2) without access, 60 (0)
    # abandoned with no visitor recorded, 75 (1) from 23:30 to 00:45, 60 (1) imported by name.
    # 435 minutes = 7.25 hours, rounded up to 7.3; 485 visitor minutes = 8.08 hours.
    assert figures(2025)["time"] == {"visit_hours": 7.3, "visitor_hours": 8.1}
    assert figures(2025)["previous"]["time"] == {"visit_hours": 1.0, "visitor_hours": 1.0}
    # 2025/26: 60, 20 (2), 60 (0), 75, 60 and 60 on 2 January 2026; before it 90 (2), 70, 60.
    financial = figures(2025, Basis.FINANCIAL)
    assert financial["time"] == {"visit_hours": 5.6, "visitor_hours": 4.9}
    assert financial["previous"]["time"] == {"visit_hours": 3.7, "visitor_hours": 5.2}
    # October to December: 60 and 75 minutes, one visitor each: 2.25 hours, a half rounded up.
    quarter = figures(2025, Basis.CALENDAR, 4)
    assert quarter["time"] == {"visit_hours": 2.3, "visitor_hours": 2.3}
    assert quarter["previous"]["time"] == {"visit_hours": 1.0, "visitor_hours": 0.0}


def test_the_database_sums_time_as_the_rules_define_it(ctx, history):
    in_2025 = VisitReport.visit_date.between(date(2025, 1, 1), date(2025, 12, 31))
    reports = db.session.scalars(select(VisitReport).where(in_2025)).all()
    lengths = [visit_minutes(r.visit_date, r.arrived_at, r.left_at) for r in reports]
    seats = [
        visitors_recorded((r.visitor_1_id, r.visitor_1_name), (r.visitor_2_id, r.visitor_2_name))
        for r in reports
    ]
    assert (sum(lengths), sum(n * s for n, s in zip(lengths, seats, strict=True))) == (435, 485)
    assert figures(2025)["time"] == {
        "visit_hours": hours(sum(lengths)),
        "visitor_hours": hours(sum(n * s for n, s in zip(lengths, seats, strict=True))),
    }


def test_with_no_wait_past_the_threshold_there_is_no_longest_delay(ctx, history):
    from icv.settings import update_settings

    update_settings(None, {"delay_threshold_minutes": 60})
    assert figures(2025)["access"] == {
        "visits_delayed": 0,
        "median_delay_minutes": None,
        "longest_delay_minutes": None,
        "median_wait_minutes": 7.5,
        "delay_threshold_minutes": 60,
    }


def test_the_calendar_year_counts_volunteers_without_names(ctx, history):
    f = figures(2025)
    # Dana left on 31 December: no longer active at the end of it.
    assert f["volunteers"] == {
        "active_at_end": 2,
        "appointed": 1,
        "left": 1,
        "as_at": "2025-12-31",
        "visits_per_volunteer": {
            "none": 1, "1 to 5": 2, "6 to 11": 0, "12 to 23": 0, "24 or more": 0
        },
        "median_visits_per_volunteer": 2,
    }  # fmt: skip
    assert f["previous"] == {
        "period": {
            "label": "2024",
            "start": "2024-01-01",
            "end": "2024-12-31",
            "basis": "calendar",
            "year": 2024,
            "quarter": None,
            "months": "January to December 2024",
            "complete": True,
            "title": "2024 (records from November)",
            "records_begin": "2024-11-01",
            "has_records": True,
        },
        "visits": {"attempted": 1, "completed": 1, "no_access": 0, "abandoned": 0},
        "time": {"visit_hours": 1.0, "visitor_hours": 1.0},
        "access": {"visits_delayed": 0},
        "detainees": {"in_custody": 1, "spoken": 1},
        "issues": {"raised": 1, "serious": 1},
        "volunteers": {"active_at_end": 2},
    }


def test_the_financial_year_runs_from_1_april(ctx, history):
    f = figures(2025, Basis.FINANCIAL)
    assert (f["period"]["label"], f["period"]["start"], f["period"]["end"]) == (
        "2025/26",
        "2025-04-01",
        "2026-03-31",
    )
    assert f["headline"] == "4 visits to custody in 2025/26, with 1 serious issue identified"
    # 31 March 2025 belongs to 2024/25; 1 April 2025 and 2 January 2026 to 2025/26.
    assert (f["visits"]["attempted"], f["visits"]["completed"]) == (6, 4)
    assert f["visits"]["by_suite"] == {"Leamington Spa": 2, "Nuneaton": 2}
    assert f["visits"]["by_quarter"] == {"Q1": 1, "Q2": 0, "Q3": 2, "Q4": 1}
    assert list(f["visits"]["by_month"])[0::11] == ["2025-04", "2026-03"]
    # By 31 March 2026 the serious issue was resolved, 284 days after the visit.
    issues = f["issues"]
    assert (issues["raised"], issues["resolved"], issues["open"]) == (2, 2, 0)
    assert issues["median_days_to_resolve"] == 284
    assert (f["volunteers"]["active_at_end"], f["volunteers"]["appointed"]) == (3, 1)
    assert f["previous"]["period"]["label"] == "2024/25"
    assert f["previous"]["visits"]["completed"] == 3


def test_a_quarter_compares_with_the_quarter_before(ctx, history):
    f = figures(2025, Basis.CALENDAR, 4)
    assert (f["period"]["label"], f["period"]["months"]) == (
        "Q4 2025",
        "October to December 2025",
    )
    assert f["visits"]["by_month"] == {"2025-10": 1, "2025-11": 0, "2025-12": 1}
    assert f["visits"]["by_quarter"] == {"Q4": 2}
    assert f["previous"]["period"]["label"] == "Q3 2025"
    assert f["previous"]["visits"] == {
        "attempted": 1, "completed": 0, "no_access": 0, "abandoned": 1
    }  # fmt: skip


def test_a_year_still_running_is_counted_to_today(ctx, history):
    f = figures(2026)
    assert f["period"]["complete"] is False
    assert f["volunteers"]["as_at"] == "2026-11-24"
    assert f["visits"]["completed"] == 1


def test_a_summary_page_costs_a_fixed_number_of_statements(app, login, history):
    client = login("commissioner")
    with statements(app) as first:
        response = client.get("/summary/2025?basis=financial")
    assert response.status_code == 200
    # Signing in (the session, the user and their roles: one statement), when records begin,
    # the stored figures looked for with the sign-off; then, worked out: settings, the visits'
    # tallies, their sums, the issues' tallies, the scheme's counts (tallies.py), the
    # structured checks, the Panel's "you said, we did" and the rotas' coverage (a published
    # rota starting in the period adds its targets and suites: none here); the figures stored.
    assert len(first) == 12, "\n\n".join(first)
    with statements(app) as again:
        assert client.get("/summary/2025?basis=financial").status_code == 200
    # The session with the user, when records begin, the stored figures with the sign-off, the
    # settings (the page's labels).
    assert len(again) == 4, "\n\n".join(again)


def grow_2025(app, first: int, last: int) -> None:
    """Reports ``first`` to ``last - 1`` of 2025, a day apart, each with an issue and Val with
    a partner known by name; every tenth day a published rota of a week starts, with a visit."""
    with app.app_context():
        suite = db.session.scalars(select(Suite).where(Suite.name == "Growing")).first()
        suite = suite or make_suite("Growing", "1 Station Road")
        val = db.session.scalars(select(Volunteer).order_by(Volunteer.id)).first()
        for n in range(first, last):
            day = date(2025, 1, 1) + timedelta(days=n)
            make_report(suite, visit_date=day, visitor_1_id=val.id, visitor_2_name="A. Partner")
            if n % 10 == 0:
                make_planned_visit(make_period(day, weeks=1), suite, day, [val])
        db.session.commit()


def test_a_first_view_costs_14_statements_with_10_reports_as_with_200(app, login, history):
    """Issue 15's target for every page (at most 15), met by the view that works the figures
    out (after any change to a row they count: every report sent). 2025 has published rotas
    starting in it, which add their targets and suites: 14."""
    client = login("commissioner")
    grow_2025(app, 0, 10)
    with statements(app) as few:
        assert client.get("/summary/2025").status_code == 200
    grow_2025(app, 10, 200)  # forgets the figures kept
    with statements(app) as many:
        assert client.get("/summary/2025").status_code == 200
    assert len(few) == len(many) == 14, "\n\n".join(many)
