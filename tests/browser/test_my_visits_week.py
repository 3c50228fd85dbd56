"""My visits on a phone when the rota is allocated by week: the week and the suite, the time
left to the pair, and other weeks offered before asking to swap."""

from __future__ import annotations

from datetime import timedelta

import pytest

from icv.accounts.models import User
from icv.clock import today_local
from icv.extensions import db
from icv.rota.engine.problem import WEEK_BAND
from icv.rota.models import PlannedVisit
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import (
    make_period,
    make_planned_visit,
    make_suite,
    make_visitor,
    make_volunteer,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def weeks(app, personas):
    """Val and Sam on Leamington Spa in the week after next, in a rota allocated by week."""
    with app.app_context():
        suite = make_suite("Leamington Spa", "Newbold Terrace, Leamington Spa CV32 4EA")
        val = make_volunteer(db.session.get(User, personas["volunteer"]), suites=[suite])
        val.weekly_availability = [[day, "evening"] for day in range(7)]
        sam = make_visitor("sam.s@example.org", [suite], name="Sam Second")
        monday = today_local() - timedelta(days=today_local().weekday())
        period = make_period(monday, weeks=5)
        period.allocation = "week"
        visit = make_planned_visit(
            period, suite, monday + timedelta(weeks=2), [val, sam], WEEK_BAND
        )
        db.session.commit()
        return {"visit": visit.id, "monday": visit.visit_on}


@pytest.mark.parametrize(("width", "javascript"), [(320, True), (390, False)])
def test_a_week_visit_on_a_phone(app, live_server, phones, weeks, width, javascript):
    page, console = phones(width, javascript=javascript)
    sign_in(page, live_server, "val@example.org")
    page.goto(live_server + "/my-visits")
    monday = weeks["monday"]
    heading = f"Week of {monday:%-d %B}: visit Leamington Spa at a time you choose"
    page.get_by_role("heading", name=heading).wait_for()
    sunday = monday + timedelta(days=6)
    assert page.get_by_text(f"Any day from {monday:%A %-d %B} to {sunday:%A %-d %B}").count() == 1
    if javascript:  # axe and the page's width are measured by script
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("link", name="Ask to swap or drop").click()
    group = page.get_by_role("group", name="Could you go at one of these times instead?")
    later = monday + timedelta(weeks=1)
    group.get_by_label(f"Week of {later:%-d %B}, any day and time you choose").check()
    if javascript:
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("button", name="Move my visit to this time").click()
    page.get_by_text(f"Your visit is moved to the week of {later:%-d %B}").wait_for()
    assert console.errors == []
    with app.app_context():
        assert db.session.get(PlannedVisit, weeks["visit"]).visit_on == later
