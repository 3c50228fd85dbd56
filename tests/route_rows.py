"""The rows the route table's URLs name (a report, a draft, a visit, a claim...): the ``rows``
fixture, imported by the modules that walk the table."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from icv.accounts.models import User
from icv.clock import today_local
from icv.extensions import db
from icv.notifications.models import OutboxMessage
from icv.rota.models import SwapRequest, VisitOffer
from icv.suites.models import SuiteClosure
from icv.summary.services import create_token
from icv.volunteers.models import AvoidPair, AwayPeriod
from tests.factories import (
    make_application,
    make_period,
    make_planned_visit,
    make_suite,
    make_user,
    make_visitor,
    make_volunteer,
)


@pytest.fixture
def rows(app, personas):
    with app.app_context():
        volunteer = make_user("other-volunteer@example.org")
        admin = make_user("other-admin@example.org", roles={"admin"}, password=None)
        suite = make_suite()
        suite.closures.append(SuiteClosure(starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 2)))
        message = OutboxMessage(kind="test", to_address="x@example.org", subject="s", body_text="b")
        db.session.add(message)
        application = make_application(status_token="a-status-token")
        # The other volunteer's record: no volunteer may see it.
        record = make_volunteer(db.session.get(User, personas["volunteer2"]), suites=[suite])
        record.away_periods.append(AwayPeriod(starts_on=date(2027, 2, 1), ends_on=date(2027, 2, 2)))
        partner = make_visitor("partner@example.org", [suite])
        pair = AvoidPair(
            volunteer_id=min(record.id, partner.id), other_id=max(record.id, partner.id)
        )
        db.session.add(pair)
        day = today_local() + timedelta(days=30)
        period = make_period(day - timedelta(days=day.weekday()), weeks=2)
        visit = make_planned_visit(period, suite, day, [record, partner])
        swap = SwapRequest(visit=visit, volunteer=record, kind="drop", reason="Away")
        theirs = make_planned_visit(period, suite, day + timedelta(days=3), [partner])
        offer = VisitOffer(
            request=SwapRequest(visit=theirs, volunteer=partner, kind="drop", reason="Ill"),
            volunteer=record,
        )
        db.session.add_all([swap, offer])
        report, draft = visit_rows(personas)
        token, _ = create_token(db.session.get(User, personas["commissioner"]), "Panel papers")
        expense = expense_row(record)
        training = training_rows(record)
        db.session.commit()
        return {
            "report": report.id,
            "issue": report.issues[0].id,
            "draft": draft.key,
            "suite": suite.id,
            "closure": suite.closures[0].id,
            "away": record.away_periods[0].id,
            "pair": pair.id,
            "period": period.id,
            "visit": visit.id,
            "swap": swap.id,
            "offer": offer.id,
            "volunteer_account": volunteer.id,
            "admin_account": admin.id,
            "message": message.id,
            "application": application.id,
            "status_token": "a-status-token",
            "volunteer_record": record.id,
            "token": token.id,
            "expense": expense.id,
            "month": today_local().strftime("%Y-%m"),
            **{name: row.id for name, row in training.items()},
        }


def expense_row(volunteer):
    """A claim of "volunteer2" for a meeting, waiting for the office."""
    from icv.expenses.services import submit_claim
    from tests.expenses import claim_values

    return submit_claim(volunteer.user, volunteer, claim_values(), 45)


def training_rows(record) -> dict:
    """A course the volunteer attended, a panel meeting and their annual review."""
    from icv.training import services as training

    kind = training.ensure_kinds()[0]
    actor = record.user
    return {
        "training_session": training.record_session(
            actor, kind, date(2026, 1, 10), "Leamington", [record]
        ),
        "meeting": training.add_meeting(actor, "Panel meeting", date(2026, 3, 1), ""),
        "review": training.schedule_review(actor, record, date(2027, 3, 1)),
    }


def visit_rows(personas):
    """A report of a visit by "volunteer", its issue sent to the liaison, and a draft."""
    from icv.clock import now_utc
    from icv.visits.models import ReportDraft
    from tests.reporting import make_report

    suite = make_suite("Rugby")
    suite.liaisons.append(db.session.get(User, personas["liaison"]))
    mine = make_volunteer(db.session.get(User, personas["volunteer"]), suites=[suite])
    # In 2025, so the summary of 2025 in the table has records (it is refused without).
    report = make_report(
        suite,
        visit_date=date(2025, 6, 4),
        visitor_1_id=mine.id,
        submitted_by_id=personas["volunteer"],
    )
    report.issues[0].status, report.issues[0].sent_at = "with_force", now_utc()
    draft = ReportDraft(key="a-draft-key", owner_id=personas["volunteer"], data={})
    db.session.add(draft)
    return report, draft
