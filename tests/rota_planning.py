"""What the rota planning tests share: the clock (1 December 2026), a scheme of two suites and
six volunteers, a period asked for and drafted as the scheduler would, and one published visit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from icv.extensions import db
from icv.jobs import runs
from icv.volunteers.models import Volunteer
from tests.factories import make_period, make_planned_visit, make_suite, make_visitor

MONDAY = date(2027, 1, 4)


@pytest.fixture
def frozen():
    with time_machine.travel(date(2026, 12, 1), tick=False) as traveller:
        yield traveller


@pytest.fixture
def scheme(app, personas, frozen):
    """Two suites needing a visit a week; six volunteers who can go any time; one on
    probation, one suspended, one whose vetting lapses mid-period."""
    with app.app_context():
        leamington, nuneaton = make_suite("Leamington Spa"), make_suite("Nuneaton")
        people = {
            name: make_visitor(f"{name.lower()}@example.org", [leamington, nuneaton], name=name)
            for name in ("Ann", "Ben", "Cat", "Dev")
        }
        people["Pip"] = make_visitor(
            "pip@example.org", [leamington, nuneaton], status="probation", name="Pip"
        )
        people["Sus"] = make_visitor(
            "sus@example.org", [leamington], status="suspended", name="Sus"
        )
        people["Lapse"] = make_visitor(
            "lapse@example.org", [nuneaton], name="Lapse", vetting_expires_on=MONDAY + timedelta(6)
        )
        db.session.commit()
        return {name: v.id for name, v in people.items()} | {
            "leamington": leamington.id,
            "nuneaton": nuneaton.id,
        }


def plan(client, starts="4 1 2027", ends="28 2 2027"):
    """Ask for a draft, and run the scheduler's job that makes it (as the scheduler would)."""
    response = ask_for_draft(client, starts, ends)
    with client.application.app_context():
        assert runs.run("rota_drafts").status == "succeeded"
    return response


def ask_for_draft(client, starts="4 1 2027", ends="28 2 2027"):
    return client.post("/rota/new", data={"starts_on": starts.split(), "ends_on": ends.split()})


@pytest.fixture
def one_visit(app, scheme):
    """A published visit on Wednesday 6 January 2027 at Nuneaton, by Ann and Ben."""
    with app.app_context():
        ann, ben = (db.session.get(Volunteer, scheme[n]) for n in ("Ann", "Ben"))
        period = make_period(MONDAY, weeks=2)
        suite = db.session.get(type(ann.suites[0]), scheme["nuneaton"])
        visit = make_planned_visit(period, suite, date(2027, 1, 6), [ann, ben])
        db.session.commit()
        return {"visit": visit.id, "period": period.id}
