"""Statements of the detail pages that list things (issue 15 item 2), each with a few rows and
with many, as its persona reads it: a probe run through pytest with the tests' fixtures, so
the same file measures any commit's tree.

    PYTHONPATH=. DETAIL_PAGES_OUT=/tmp/after.json .venv/bin/pytest -q -p no:cacheprovider \\
        -p tests.conftest bench/detail_pages.py

Two growths: ``tests/page_cost.grow`` (Val's visits, courses, meetings and suites; 3 rows,
then 30), and one of children of single rows (a suite's panel, closures and liaisons; an
issue's events; an application's events; a meeting's attendance; Val's reviews, dates away
and changes to their record and account; 3, then 40). Writes [persona, page, few, many].
"""

from __future__ import annotations

import json
import os
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from icv.applications.models import Application
from icv.extensions import db
from icv.rota.models import PlannedVisit, SwapRequest
from icv.suites.models import Suite
from icv.visits.models import VisitReport
from tests.conftest import sign_in
from tests.factories import PERSONAS, make_suite, make_user, make_volunteer
from tests.page_cost import cost, grow, val
from tests.reporting import (
    frozen,  # noqa: F401  (Tuesday 24 November 2026, noon)
    make_report,
)


def clients(app: Flask, personas: list[str]) -> dict[str, FlaskClient]:
    signed = {}
    for persona in personas:
        signed[persona] = app.test_client()
        assert sign_in(signed[persona], PERSONAS[persona][0]).status_code == 302
    return signed


def measure(app: Flask, pages: dict[str, list[str]], more) -> list[list]:
    signed = clients(app, list(pages))
    few = {(p, u): len(cost(app, signed[p], u)) for p, urls in pages.items() for u in urls}
    more()
    return [
        [p, u, few[(p, u)], len(cost(app, signed[p], u))] for p, urls in pages.items() for u in urls
    ]


def first_rows() -> tuple:
    """Val, the first suite grown, its first report and planned visit, and that visit's
    request to swap (its id)."""
    mine = val()
    suite = db.session.scalar(select(Suite).where(Suite.name == "Suite 000"))
    report = db.session.scalar(select(VisitReport).where(VisitReport.suite_id == suite.id))
    visit = db.session.scalar(select(PlannedVisit).where(PlannedVisit.suite_id == suite.id))
    swap = db.session.scalar(select(SwapRequest.id).where(SwapRequest.visit_id == visit.id))
    return mine, suite, report, visit, swap


def grown_pages(app: Flask) -> dict[str, list[str]]:
    from icv.expenses.models import ExpenseClaim
    from icv.notifications.models import OutboxMessage
    from icv.training.models import AnnualReview, Meeting

    with app.app_context():
        mine, suite, report, visit, swap = first_rows()
        first = {
            kind: db.session.scalar(select(kind.id).order_by(kind.id))
            for kind in (OutboxMessage, Application, Meeting, AnnualReview)
        }
        claim = db.session.scalar(
            select(ExpenseClaim.id)
            .where(ExpenseClaim.volunteer_id == mine.id)
            .order_by(ExpenseClaim.id)
        )
        return {
            "coordinator": [
                f"/volunteers/{mine.id}",
                f"/training/volunteers/{mine.id}",
                f"/rota/volunteers/{mine.id}/availability",
                f"/admin/accounts/{mine.user_id}",
                f"/suites/{suite.id}",
                f"/reports/{report.id}",
                f"/reports/{report.id}/print",
                f"/reports/{report.id}/correct",
                f"/issues/{report.issues[0].id}",
                f"/rota/visits/{visit.id}",
                f"/rota/visits/{visit.id}/fill",
                f"/rota/requests/{swap}",
                f"/training/meetings/{first[Meeting]}",
                f"/training/reviews/{first[AnnualReview]}",
                f"/applications/{first[Application]}",
                f"/expenses/{claim}",
            ],
            "admin": [
                f"/admin/outbox/{first[OutboxMessage]}",
                "/summary/api-tokens/everyone",
                "/admin/jobs/timings",
            ],
            "volunteer": [
                "/my-visits/availability",
                "/account/sessions",
                "/account",
                f"/reports/{report.id}",
                f"/expenses/{claim}",
                f"/my-visits/{visit.id}/change",
            ],
        }


def grow_children(app: Flask, first: int, last: int, ids: dict[str, int]) -> None:
    from icv.applications.services import add_event as application_event
    from icv.audit.services import record
    from icv.suites.models import SuiteClosure
    from icv.training.models import Meeting
    from icv.training.services import record_attendance, schedule_review
    from icv.visits.issue_services import add_event as issue_event
    from icv.visits.models import VisitIssue
    from icv.volunteers.models import AwayPeriod, Volunteer

    with app.app_context():
        suite = db.session.get(Suite, ids["suite"])
        mine = db.session.get(Volunteer, ids["val"])
        issue = db.session.get(VisitIssue, ids["issue"])
        application = db.session.get(Application, ids["application"])
        meeting = db.session.get(Meeting, ids["meeting"])
        for n in range(first, last):
            day = timedelta(days=3 * n)
            user = make_user(f"g{n:03}@example.org", f"Grown {n:03}", password=None)
            other = make_volunteer(user)
            other.suites = [suite]
            # liaisons of their own: the events' actors must not be read with the suite
            suite.liaisons.append(make_user(f"l{n:03}@example.org", password=None))
            suite.closures.append(
                SuiteClosure(starts_on=date(2027, 3, 1) + day, ends_on=date(2027, 3, 2) + day)
            )
            mine.away_periods.append(
                AwayPeriod(starts_on=date(2027, 6, 1) + day, ends_on=date(2027, 6, 2) + day)
            )
            issue_event(issue, user, "respond", f"note {n}")
            application_event(application, user, f"summary {n}", f"note {n}")
            record_attendance(None, meeting, {other: "present"})
            schedule_review(user, mine, date(2028, 1, 1) + timedelta(days=n))
            record(user, "test.grow", mine, f"about Val {n}")
            record(user, "test.grow", mine.user, f"about Val's account {n}")
            record(user, "test.grow", suite, f"about the suite {n}")
        db.session.commit()


def children_pages(app: Flask) -> tuple[dict[str, int], dict[str, list[str]]]:
    from icv.training.services import add_meeting

    with app.app_context():
        mine, suite, report, visit, swap = first_rows()
        meeting = add_meeting(None, "Probe meeting", date(2026, 10, 1), "")
        db.session.commit()
        ids = {
            "suite": suite.id,
            "val": mine.id,
            "issue": report.issues[0].id,
            "application": db.session.scalar(select(Application.id).order_by(Application.id)),
            "meeting": meeting.id,
        }
        pages = {
            "coordinator": [
                f"/volunteers/{mine.id}",
                f"/training/volunteers/{mine.id}",
                f"/admin/accounts/{mine.user_id}",
                f"/rota/volunteers/{mine.id}/availability",
                f"/suites/{suite.id}",
                f"/issues/{ids['issue']}",
                f"/rota/visits/{visit.id}",
                f"/rota/visits/{visit.id}/fill",
                f"/rota/visits/{visit.id}/replace?leaving={mine.id}",
                f"/rota/requests/{swap}",
                f"/training/meetings/{meeting.id}",
                f"/applications/{ids['application']}",
            ],
            "volunteer": ["/my-visits/availability", f"/my-visits/{visit.id}/change"],
        }
        return ids, pages


def report_pages(app: Flask, personas: dict[str, int]) -> list[list]:
    """A report with 1 issue against one with 10 (same visitors)."""
    from icv.accounts.models import User
    from icv.visits.values import IssueValues

    with app.app_context():
        suite = make_suite("Probe")
        user = db.session.get(User, personas["volunteer"])
        mine = user.volunteer or make_volunteer(user)
        other = make_volunteer(make_user("other@example.org", "Other"))
        ids = {}
        for count in (1, 10):
            issues = [IssueValues("supplies", f"No blankets {n}", False) for n in range(count)]
            report = make_report(
                suite,
                visit_date=date(2026, 11, count),
                visitor_1_id=mine.id,
                visitor_2_id=other.id,
                submitted_by_id=user.id,
                issues=issues,
            )
            db.session.flush()
            ids[count] = report.id
        db.session.commit()
    signed = clients(app, ["coordinator", "volunteer"])
    rows = []
    for persona, suffixes in (
        ("coordinator", ("", "/print", "/correct")),
        ("volunteer", ("", "/print")),
    ):
        for suffix in suffixes:
            few = cost(app, signed[persona], f"/reports/{ids[1]}{suffix}")
            many = cost(app, signed[persona], f"/reports/{ids[10]}{suffix}")
            rows.append([persona, f"/reports/<id>{suffix} (1 issue, 10)", len(few), len(many)])
    return rows


def write(name: str, rows: list[list]) -> None:
    out = os.environ.get("DETAIL_PAGES_OUT", "/tmp/detail_pages.json")
    found = {}
    if os.path.exists(out):
        with open(out) as f:
            found = json.load(f)
    found[name] = rows
    with open(out, "w") as f:
        json.dump(found, f, indent=1)


@pytest.mark.usefixtures("personas")
def test_grown_with_the_scheme(app):
    grow(app, 0, 3)
    write("grown (3 rows, then 30)", measure(app, grown_pages(app), lambda: grow(app, 3, 30)))


@pytest.mark.usefixtures("personas")
def test_grown_children(app):
    grow(app, 0, 3)
    ids, pages = children_pages(app)
    grow_children(app, 0, 3, ids)
    rows = measure(app, pages, lambda: grow_children(app, 3, 40, ids))
    write("children (3, then 40)", rows)


def test_reports(app, personas):
    write("reports", report_pages(app, personas))
