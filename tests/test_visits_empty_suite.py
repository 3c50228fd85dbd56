"""A completed visit when nobody was in custody: a real and common visit (a quiet suite at
night), which must be accepted, stored as zeros, shown as zeros and counted as completed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from icv.extensions import db
from icv.summary.rules import Basis, Period
from icv.summary.services import summary_for
from icv.visits.models import VisitReport
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    frozen,
    ids,
    sent_report,
)

NOBODY = {
    "people": dict.fromkeys(("in_custody", "spoken", "observed", "declined"), "0")
    | {"not_offered": "0", "reason_asleep": "0", "juveniles": "0", "vulnerable": "0"},
    # Nobody to speak with: no count of people, the suite's own checks still answered.
    "checks": {"check_told_rights": "", "check_warm": ""},
    "notes": {
        "notes-0-custody_number": "",
        "notes-0-record_consent": "",
        "notes-0-note": "",
    },
}


def test_a_completed_visit_with_nobody_in_custody_is_sent_and_counted(login, ids, ctx):  # noqa: F811
    client, key = sent_report(login, ids, **NOBODY)
    check = client.get(f"/reports/draft/{key}/check")
    assert "Not counted" not in check.text
    response = client.post(f"/reports/draft/{key}/check")
    assert response.status_code == 302, response.text
    report = db.session.scalars(select(VisitReport)).one()
    assert (report.outcome, report.in_custody, report.offered, report.not_offered) == (
        "completed",
        0,
        0,
        0,
    )
    page = client.get(response.headers["Location"]).text
    assert "Not counted" not in page
    assert "In custody" in page
    figures = summary_for(Period(2026, Basis.CALENDAR), date(2027, 1, 5)).figures
    assert figures["visits"]["completed"] == 1
    detainees = figures["detainees"]
    assert (detainees["in_custody"], detainees["offered"], detainees["unaccounted"]) == (0, 0, 0)
