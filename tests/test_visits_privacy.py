"""Who reads a report and whose names a volunteer sees."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import pytest

from icv.accounts.models import User
from icv.extensions import db
from icv.visits.models import ReportDraft, VisitReport
from tests.reporting import frozen, ids, make_report  # noqa: F401  (fixtures)


def test_a_volunteer_sees_only_their_own_reports(login, ids, ctx, personas):
    suite = db.session.get(VisitReport.suite.property.mapper.class_, ids["suite"])
    theirs = make_report(suite, visitor_1_id=ids["sam"])
    db.session.commit()
    val = login("volunteer")
    assert val.get(f"/reports/{theirs.id}").status_code == 403
    assert f'/reports/{theirs.id}"' not in val.get("/reports").text
    # A draft belongs to its writer only.
    other = User(email="x@example.org", name="X")
    db.session.add(other)
    db.session.add(ReportDraft(key="someone-elses", owner=other, data={}))
    db.session.commit()
    assert val.get("/reports/draft/someone-elses").status_code == 404
    assert val.get("/reports/draft/someone-elses/data").status_code == 404


@pytest.mark.parametrize("persona", ["commissioner", "liaison"])
def test_the_commissioner_and_the_force_never_read_a_report(login, ids, ctx, persona):
    suite = db.session.get(VisitReport.suite.property.mapper.class_, ids["suite"])
    report = make_report(suite, visitor_1_id=ids["val"])
    db.session.commit()
    client = login(persona)
    for url in (f"/reports/{report.id}", f"/reports/{report.id}/print", "/reports/review"):
        assert client.get(url).status_code == 403
