"""An issue's page lists its timeline, each step with who took it, in a fixed number of
statements however long the case runs."""

from __future__ import annotations

import re
from datetime import date

from icv.extensions import db
from icv.visits.issue_services import add_event
from tests.factories import make_suite, make_user
from tests.page_cost import cost
from tests.reporting import (
    frozen,  # noqa: F401  (Tuesday 24 November 2026, noon)
    make_report,
)


def issue_with(responses: int) -> int:
    """An issue raised at a visit on 10 November 2026, then ``responses`` notes of the force,
    each recorded by a different liaison; its id."""
    report = make_report(make_suite(f"Suite of {responses}"), visit_date=date(2026, 11, 10))
    issue = report.issues[0]
    for n in range(responses):
        liaison = make_user(f"liaison{responses}-{n}@example.org", f"Liaison {responses}-{n:02}")
        add_event(issue, liaison, "respond", f"Answer {n:02}")
    db.session.commit()
    return issue.id


def test_an_issue_page_costs_the_same_with_2_steps_as_with_30(app, login):
    """6 statements: the session, the issue with its report and suite, the suite's closures
    and liaisons, the timeline with who took each step, the settings. Each step cost two more
    (its actor, and the actor's roles) before 6 December 2026."""
    with app.app_context():
        short, long = issue_with(2), issue_with(30)
    office = login("coordinator")
    few = cost(app, office, f"/issues/{short}")
    many = cost(app, office, f"/issues/{long}")
    assert len(few) == len(many) == 6, "\n\n".join(many)


def test_an_issue_page_lists_its_steps_newest_first_each_with_who_took_it(app, login):
    with app.app_context():
        issue = issue_with(3)
    page = login("coordinator").get(f"/issues/{issue}").text
    steps = re.findall(
        r'<h3 class="moj-timeline__title">([^<]+)</h3>\s*(?:<p class="moj-timeline__byline">'
        r"([^<]+)</p>)?",
        page,
    )
    assert steps == [
        ("Force responded", "by Liaison 3-02"),
        ("Force responded", "by Liaison 3-01"),
        ("Force responded", "by Liaison 3-00"),
        ("Raised at the visit", "by the custody visitors"),
    ]
    notes = re.findall(r'icv-pre-line">([^<]+)</div>', page)
    assert notes == ["Answer 02", "Answer 01", "Answer 00"]
