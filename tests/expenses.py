"""What the expense claim tests share: the clock (Saturday 5 December 2026), Val and Sam with
Val's report of their visit, claims made through the service, and the office signed in."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
import time_machine

from icv.accounts.models import User
from icv.expenses import services
from icv.expenses.models import ExpenseClaim
from icv.expenses.services import ClaimValues
from icv.extensions import db
from tests.conftest import sign_in
from tests.reporting import make_report, pair

#: A Saturday, so nothing here leans on a weekday.
NOW = dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ids(app, personas):
    """Val and Sam on Leamington Spa's panel, and Val's report of their visit of 10 November."""
    with app.app_context():
        suite, val, sam = pair()
        report = make_report(suite, visitor_1_id=val.id, visitor_2_id=sam.id)
        db.session.commit()
        return {"val": val.id, "sam": sam.id, "report": report.id}


def user(email: str) -> User:
    return db.session.scalars(User.by_email(email)).one()


def claim_values(**changes) -> ClaimValues:
    values = {
        "kind": "meeting",
        "report": None,
        "spent_on": date(2026, 11, 18),
        "description": "Panel meeting",
        "reference": None,
        "miles": 10,
        "parking": 0,
        "transport": 0,
        "other": 0,
        "other_description": None,
        **changes,
    }
    return ClaimValues(**values)


def make_claim(volunteer_id: int, status: str = "submitted", **changes) -> ExpenseClaim:
    from icv.volunteers.models import Volunteer

    volunteer = db.session.get(Volunteer, volunteer_id)
    claim = services.submit_claim(volunteer.user, volunteer, claim_values(**changes), 45)
    if status != "submitted":
        chris = user("chris@example.org")
        {"approved": lambda: services.approve(chris, claim)}.get(
            status, lambda: services.reject(chris, claim, "No")
        )()
    return claim


def office(app):
    client = app.test_client()
    assert sign_in(client, "chris@example.org").status_code == 302
    return client
