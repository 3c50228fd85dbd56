"""The extension story of issue 13: a new area (say, expenses) reacts to a filed report by
connecting a receiver to ``report_filed``, without editing the visits area; and a receiver
that raises refuses the whole change, so nothing of the send is saved."""

from __future__ import annotations

from sqlalchemy import func, select

from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.rota.models import PlannedVisit
from icv.signals import report_filed
from icv.visits.models import ReportDraft, VisitReport
from tests.reporting import NOW, answers, fill_report, frozen  # noqa: F401
from tests.test_visits_rota_link import planned  # noqa: F401


class ExpensesRefused(Exception):
    """What a receiver of the test raises to refuse the report."""


def draft_of_planned_visit(client, visit: dict) -> str:
    response = client.post("/reports/new", data={"planned_visit": visit["visit"]})
    key = response.headers["Location"].rsplit("/", 1)[-1]
    fill_report(client, key, answers(visit["suite"], visit["sam"], visit["val"]))
    return key


def test_a_new_area_gets_the_filed_report_with_its_actor_and_time(
    app,
    login,
    planned,  # noqa: F811  (the fixture)
    personas,
):
    heard = []

    def claim_expenses(_sender, *, report, actor, now, **_):
        heard.append((report.id, report.planned_visit_id, actor.id, now))

    volunteer = login("volunteer")
    key = draft_of_planned_visit(volunteer, planned)
    with report_filed.connected_to(claim_expenses):
        assert volunteer.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        report_id = db.session.scalars(select(VisitReport.id)).one()
    assert heard == [(report_id, planned["visit"], personas["volunteer"], NOW)]


def test_a_receiver_that_raises_rolls_the_whole_send_back(
    app,
    login,
    planned,  # noqa: F811  (the fixture)
):
    def refuse(_sender, **_):
        raise ExpensesRefused("no claim without a receipt")

    volunteer = login("volunteer")
    key = draft_of_planned_visit(volunteer, planned)
    with app.app_context():
        audit_rows_before = db.session.scalar(select(func.count(AuditEvent.id)))
    with report_filed.connected_to(refuse):
        # An unexpected refusal: the error page, and the request's transaction rolled back.
        assert volunteer.post(f"/reports/draft/{key}/check").status_code == 500
    with app.app_context():
        assert db.session.scalars(select(VisitReport)).all() == []
        assert db.session.scalars(select(ReportDraft.key)).all() == [key]  # the draft is kept
        assert db.session.get(PlannedVisit, planned["visit"]).status == "planned"
        assert db.session.scalar(select(func.count(AuditEvent.id))) == audit_rows_before
    # Without the refusing receiver the same draft is sent, and completes the visit.
    assert volunteer.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        assert db.session.get(PlannedVisit, planned["visit"]).status == "completed"
