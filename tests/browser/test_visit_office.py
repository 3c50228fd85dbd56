"""The coordinator's and the custody liaison's pages of reports and issues: axe, no errors."""

from __future__ import annotations

import pytest

from icv.accounts.models import User
from icv.clock import now_utc
from icv.extensions import db
from tests.browser.conftest import axe_violations, sign_in
from tests.reporting import make_report, pair

pytestmark = pytest.mark.browser


@pytest.fixture
def report(app, personas):
    with app.app_context():
        suite, val, _ = pair()
        suite.liaisons.append(db.session.get(User, personas["liaison"]))
        report = make_report(suite, visitor_1_id=val.id, tact_visited=True)
        report.issues[0].status, report.issues[0].sent_at = "with_force", now_utc()
        db.session.commit()
        return {"report": report.id, "issue": report.issues[0].id}


@pytest.mark.parametrize(
    ("email", "paths"),
    [
        (
            "chris@example.org",
            [
                "/",
                "/reports/review",
                "/reports/{report}",
                "/reports/{report}/correct",
                "/reports/{report}/print",
                "/issues",
                "/issues/{issue}",
            ],
        ),
        ("lee@example.org", ["/", "/issues", "/issues/{issue}"]),
        ("pat@example.org", ["/", "/issues", "/issues/{issue}"]),
    ],
)
def test_office_and_force_pages_pass_axe(live_server, phone, report, email, paths):
    page, console = phone
    sign_in(page, live_server, email)
    for path in paths:
        page.goto(live_server + path.format(**report))
        assert axe_violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    assert console.errors == []
