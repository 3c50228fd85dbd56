"""A corrected date or suite carries the report's issues and its place on the rota with it."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.rota.models import PlannedVisit
from icv.suites.models import Suite
from icv.visits.models import VisitIssue, VisitReport
from tests.factories import make_period, make_planned_visit
from tests.mail import queue_report_mails
from tests.reporting import (  # noqa: F401  (frozen is a fixture)
    answers,
    field_error,
    fill_report,
    frozen,
    make_report,
    pair,
)


@pytest.fixture
def filed(app, login, personas):
    """Val and Sam's published visits to Leamington Spa on Wednesday 18 and Friday 20 November;
    Val has filed the report of the 20th from the rota (one issue), so it is completed."""
    with app.app_context():
        suite, val, sam = pair()
        period = make_period(date(2026, 11, 16), weeks=2)
        wednesday = make_planned_visit(period, suite, date(2026, 11, 18), [val, sam])
        friday = make_planned_visit(period, suite, date(2026, 11, 20), [sam, val], band="late")
        db.session.commit()
        ids = {"suite": suite.id, "val": val.id, "sam": sam.id}
        ids |= {"wednesday": wednesday.id, "friday": friday.id}
    volunteer = login("volunteer")
    location = volunteer.post("/reports/new", data={"planned_visit": ids["friday"]})
    key = location.headers["Location"].rsplit("/", 1)[-1]
    fill_report(volunteer, key, answers(ids["suite"], ids["sam"], ids["val"]))
    report = volunteer.post(f"/reports/draft/{key}/check").headers["Location"]
    volunteer.post("/sign-out")
    return ids | {"report": report}


def posted(filed, reason: str, **changes) -> dict:
    """The correction form as the office sends it: every section but the issues."""
    sections = answers(filed["suite"], filed["sam"], filed["val"])
    fields = {k: v for slug, part in sections.items() if slug != "issues" for k, v in part.items()}
    return fields | changes | {"reason": reason}


def correct(login, filed, day: str, reason: str = "The visitors gave the wrong date"):
    data = posted(filed, reason, visit_date=[day, "11", "2026"])
    response = login("coordinator").post(filed["report"] + "/correct", data=data)
    assert response.status_code == 302, response.text
    return response


def statuses(filed) -> dict[str, str]:
    return {day: db.session.get(PlannedVisit, filed[day]).status for day in ("wednesday", "friday")}


def audited(action: str) -> list[str]:
    query = select(AuditEvent.summary).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def test_a_corrected_date_moves_the_issues_and_the_rota_link(login, filed, ctx):
    correct(login, filed, "18")
    report = db.session.scalars(select(VisitReport)).one()
    assert (report.visit_date, report.planned_visit_id) == (date(2026, 11, 18), filed["wednesday"])
    assert statuses(filed) == {"wednesday": "completed", "friday": "planned"}
    assert db.session.scalars(select(VisitIssue.raised_on)).all() == [date(2026, 11, 18)]
    assert audited("issue.redated") == [
        "Raised on 20 Nov 2026 corrected to 18 Nov 2026 with the date of its report"
    ]
    assert audited("rota.visit_reopened") == [
        "Leamington Spa visit on 20 Nov 2026 planned again: its report was corrected to another "
        "visit"
    ]
    assert audited("rota.visit_completed") == [
        "Leamington Spa visit completed: its report was filed",
        "Leamington Spa visit completed: its report was corrected to this visit",
    ]


def test_a_date_with_no_visit_planned_hands_the_visit_back(login, filed, ctx):
    correct(login, filed, "17")
    assert db.session.scalars(select(VisitReport.planned_visit_id)).one() is None
    assert statuses(filed) == {"wednesday": "planned", "friday": "planned"}
    correct(login, filed, "20", "The first date was right after all")
    assert db.session.scalars(select(VisitReport.planned_visit_id)).one() == filed["friday"]
    assert statuses(filed) == {"wednesday": "planned", "friday": "completed"}
    assert db.session.scalars(select(VisitIssue.raised_on)).all() == [date(2026, 11, 20)]


def test_another_report_of_the_visit_keeps_it_completed(login, filed, ctx):
    suite = db.session.get(Suite, filed["suite"])
    # An office copy of the same visit, not linked to the rota (e.g. from an import).
    other = make_report(suite, visit_date=date(2026, 11, 20), arrived_at=time(23, 40))
    other.visitor_1_id = filed["sam"]
    db.session.commit()
    correct(login, filed, "17")
    db.session.refresh(other)
    assert other.planned_visit_id == filed["friday"]
    assert statuses(filed) == {"wednesday": "planned", "friday": "completed"}
    assert audited("rota.visit_reopened") == []


def test_a_correction_that_keeps_the_day_keeps_the_link(login, filed, ctx):
    data = posted(filed, "They arrived ten minutes earlier", arrived_at="23:20")
    assert login("coordinator").post(filed["report"] + "/correct", data=data).status_code == 302
    assert db.session.scalars(select(VisitReport.planned_visit_id)).one() == filed["friday"]
    assert statuses(filed) == {"wednesday": "planned", "friday": "completed"}
    assert audited("issue.redated") == []


@pytest.mark.parametrize("stored_reason", [None, "Turned away at the door"])
def test_a_record_not_made_keeps_an_empty_reason_only_if_it_had_none(
    login, filed, ctx, stored_reason
):
    """The historical import keeps no reason: correcting such a record does not make the office
    invent one; a record that had a reason cannot lose it."""
    report = db.session.get(VisitReport, int(filed["report"].rsplit("/", 1)[-1]))
    report.outcome, report.outcome_reason = "no_access", stored_reason
    db.session.commit()
    data = posted(filed, "The visitors gave the wrong date", visit_date=["18", "11", "2026"])
    data |= {"outcome": "no_access", "outcome_reason": "", "admitted_at": ""}
    data |= {"delay_reason": "", "delay_authorised_by": ""}
    response = login("coordinator").post(filed["report"] + "/correct", data=data)
    if stored_reason is None:
        assert response.status_code == 302, response.text
        db.session.expire_all()
        assert (report.visit_date, report.outcome_reason) == (date(2026, 11, 18), None)
    else:
        assert response.status_code == 400
        reason = "Say why you were not let in or stopped the visit"
        assert field_error(response.text, "outcome_reason") == reason


def test_a_report_corrected_before_its_after_send_job_is_audited_as_sent(login, filed, ctx):
    """The send's audit row is written by the after-send job, as of the send: a correction
    made before the job ran does not change what it says was sent."""
    submitted = select(AuditEvent.summary).where(AuditEvent.action == "report.submitted")
    assert db.session.scalars(submitted).all() == []  # the job has not run yet
    correct(login, filed, "18")
    queue_report_mails()
    assert db.session.scalars(submitted).all() == [
        "Sent by a visitor: visit to Leamington Spa on 20 Nov 2026"
    ]
