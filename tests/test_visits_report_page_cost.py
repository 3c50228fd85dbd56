"""A sent report's page and its print cost a fixed number of statements however many issues
it raised and however large its visitors' panels."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.visits.models import VisitIssue
from icv.visits.values import IssueValues
from tests.factories import make_suite, make_user, make_volunteer
from tests.page_cost import cost
from tests.reporting import (
    frozen,  # noqa: F401  (Tuesday 24 November 2026, noon)
    make_report,
)


def report_with(count: int, personas: dict[str, int]) -> int:
    """A report sent by Val ("volunteer") of a visit on ``count`` November 2026 with a
    partner, both on the panels of ``count`` suites, raising ``count`` issues ("Issue 00"
    first); its id."""
    suites = [make_suite(f"Suite {count}-{n:02}") for n in range(count)]
    val = db.session.get(User, personas["volunteer"])
    mine = val.volunteer or make_volunteer(val)
    mine.suites = [*mine.suites, *suites]
    partner = make_volunteer(make_user(f"partner{count}@example.org", f"Partner {count}"))
    partner.suites = suites
    report = make_report(
        suites[0],
        visit_date=date(2026, 11, count),
        visitor_1_id=mine.id,
        visitor_2_id=partner.id,
        submitted_by_id=val.id,
        issues=[IssueValues("supplies", f"Issue {n:02}", is_urgent=False) for n in range(count)],
    )
    db.session.commit()
    return report.id


def test_a_report_costs_the_same_with_2_issues_as_with_10(app, login, personas):
    """12 statements: the session; the report with its suite; each visitor with their
    account (two), and the accounts' roles; the checks answered, the notes on detainees, the
    issues, the settings, the reader's own volunteer record and the report's versions. The
    print: 10 (not the reader's record, nor the versions). Each visitor read whole (their
    panels, suites out of reach or avoided, dates away, and those suites' closures and
    liaisons) made 26 and 24 before 6 December 2026."""
    with app.app_context():
        small, large = report_with(2, personas), report_with(10, personas)
    office = login("coordinator")
    for page, statements in (("", 12), ("/print", 10)):
        few = cost(app, office, f"/reports/{small}{page}")
        many = cost(app, office, f"/reports/{large}{page}")
        assert len(few) == len(many) == statements, "\n\n".join(many)


def test_a_report_still_names_its_visitors_and_lists_its_issues_in_order(app, login, personas):
    with app.app_context():
        report = report_with(3, personas)
        issues = db.session.scalars(
            select(VisitIssue.id).where(VisitIssue.report_id == report).order_by(VisitIssue.id)
        ).all()
    page = login("coordinator").get(f"/reports/{report}").text
    assert '<span class="icv-pre-line">Val Person, Partner 3</span>' in page
    assert "Sent by Val Person on 24 Nov 2026, 12:00." in page
    linked = re.findall(r'<li><a class="govuk-link" href="/issues/(\d+)">', page)
    assert linked == [str(issue) for issue in issues]
