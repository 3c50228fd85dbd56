"""Prove a list page costs the same number of SQL statements however many rows it lists: a
scheme that grows by one of everything per row (a suite and its liaison, a volunteer paired
with Val in a report with an issue, a planned visit and a request to swap it, open or decided,
an application, a rota period, an audit row, a mail and a job's run, and the expense claims
and training rows of ``page_cost_expenses`` and ``page_cost_training``), and a page measured
at two sizes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from icv.accounts.models import User
from icv.applications.stages import Stage
from icv.audit.services import record
from icv.extensions import db
from icv.jobs.models import JobRun, RunStatus
from icv.notifications.models import OutboxMessage
from icv.rota.models import PlannedVisit, RequestStatus, RotaPeriod, SwapRequest
from icv.volunteers.models import Volunteer
from tests.factories import (
    PERSONAS,
    make_application,
    make_period,
    make_planned_visit,
    make_suite,
    make_user,
    make_volunteer,
)
from tests.page_cost_expenses import grow_expenses
from tests.page_cost_training import grow_training
from tests.reporting import make_report
from tests.statements import statements

#: The first Monday of the rota every planned visit of the growing scheme is on.
BIG_ROTA_STARTS = date(2026, 11, 30)
#: When the decided requests to swap were decided.
BIG_ROTA_STARTS_AT = datetime(2026, 11, 23, 12, tzinfo=UTC)
STAGES = [Stage.RECEIVED, Stage.SCREENED, Stage.INTERVIEW, Stage.VETTING]


def user_of(persona: str) -> User:
    return db.session.scalars(select(User).where(User.email == PERSONAS[persona][0])).one()


def val() -> Volunteer:
    """Val ("volunteer"), made a visitor the first time the scheme grows."""
    user = user_of("volunteer")
    found = db.session.scalars(Volunteer.of_user(user.id)).first()
    if found is None:
        found = make_volunteer(user)
    return found


def big_rota() -> RotaPeriod:
    found = db.session.scalars(
        select(RotaPeriod).where(RotaPeriod.starts_on == BIG_ROTA_STARTS)
    ).first()
    return found or make_period(BIG_ROTA_STARTS, weeks=4)


def grow(app: Flask, first: int, last: int) -> None:
    """Rows ``first`` to ``last - 1`` of each kind (see the module's docstring)."""
    with app.app_context():
        mine, rota, liaison = val(), big_rota(), user_of("liaison")
        for n in range(first, last):
            suite = make_suite(f"Suite {n:03}", f"{n} Station Road")
            suite.liaisons = [liaison]
            partner = make_volunteer(
                make_user(f"v{n:03}@example.org", f"Vol {n:03}", password=None)
            )
            partner.suites = [suite]
            mine.suites = [*mine.suites, suite]
            report = make_report(
                suite,
                visit_date=date(2026, 11, 20) - timedelta(days=n),
                visitor_1_id=mine.id,
                visitor_2_id=partner.id,
                submitted_by_id=mine.user_id,
            )
            planned = make_planned_visit(
                rota, suite, BIG_ROTA_STARTS + timedelta(days=n % 28), [mine, partner]
            )
            db.session.add(swap_request(n, planned, partner))
            make_period(date(2020, 1, 6) + timedelta(weeks=n), weeks=1)
            make_application(f"Applicant {n:03}", f"a{n:03}@example.net", STAGES[n % 4])
            record(partner.user, "test.grow", suite, f"Suite {n:03} added")  # many actors
            db.session.add(
                OutboxMessage(
                    kind="test",
                    to_address=partner.user.email,
                    subject=f"Mail {n:03}",
                    body_text="Hello",
                )
            )
            db.session.add(
                JobRun(
                    job_id="deliver_outbox",
                    status=RunStatus.SUCCEEDED,
                    did_something=True,
                    summary=f"sent mail {n:03}",
                )
            )
            grow_expenses(n, mine, partner, suite, report)
            grow_training(n, mine, partner, suite, report)
        db.session.commit()


def swap_request(n: int, visit: PlannedVisit, volunteer: Volunteer) -> SwapRequest:
    """Row ``n``'s request to swap a visit: open, or (every other row) decided."""
    decided = n % 2 == 1
    return SwapRequest(
        visit=visit,
        volunteer=volunteer,
        kind="swap",
        reason=f"Away {n:03}",
        status=RequestStatus.DECLINED if decided else RequestStatus.OPEN,
        resolved_at=BIG_ROTA_STARTS_AT if decided else None,
    )


def cost(app: Flask, client: FlaskClient, url: str) -> list[str]:
    """The statements a GET of ``url`` sends (it must answer 200)."""
    with statements(app) as sent:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return sent
