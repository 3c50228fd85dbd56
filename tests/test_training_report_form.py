"""The report form refuses "visited someone held under the Terrorism Act" unless one of the
two visitors has TACT training in date on the day of the visit, with the message next to the
field (domain rule 50)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from icv.extensions import db
from icv.visits.models import VisitReport
from icv.volunteers.models import Volunteer
from tests.factories import make_training
from tests.reporting import (  # noqa: F401  (frozen is a fixture: the clock of NOW)
    answers,
    field_error,
    fill_report,
    frozen,
    pair,
    post_section,
    start_report,
)


@pytest.fixture
def ids(app, personas):
    """Leamington Spa with Val ("volunteer") and Sam ("volunteer2"), neither TACT-trained."""
    with app.app_context():
        suite, val, sam = pair()
        db.session.commit()
        return {"suite": suite.id, "val": val.id, "sam": sam.id}


REFUSED = (
    "Neither visitor's Terrorism Act (TACT) training was in date on 20 November 2026: only a "
    "TACT-trained visitor may see someone held under the Terrorism Act. Check the answer, or "
    "call the scheme office"
)


def train_sam(sam_id: int, completed_on: date) -> None:
    make_training(db.session.get(Volunteer, sam_id), completed_on)
    db.session.commit()


def test_it_refuses_the_visitors_when_neither_is_tact_trained(login, ids, ctx):
    client = login("volunteer")
    key = start_report(client)
    sections = answers(ids["suite"], ids["sam"], ids["val"], visit={"tact_visited": "yes"})
    assert post_section(client, key, "visit", sections["visit"]).status_code == 302
    assert post_section(client, key, "times", sections["times"]).status_code == 302
    response = post_section(client, key, "visitors", sections["visitors"])
    assert response.status_code == 200  # the section again, with the problem (the wizard's way)
    assert field_error(response.text, "visitor_1") == REFUSED
    assert 'class="govuk-error-summary"' in response.text


def test_it_refuses_the_answer_next_to_the_field_once_the_visitors_are_known(login, ids, ctx):
    client = login("volunteer")
    key = start_report(client)
    fill_report(client, key, answers(ids["suite"], ids["sam"], ids["val"]))
    changed = answers(ids["suite"], ids["sam"], ids["val"], visit={"tact_visited": "yes"})
    response = post_section(client, key, "visit", changed["visit"])
    assert response.status_code == 200  # the section again, with the problem (the wizard's way)
    assert field_error(response.text, "tact_visited") == REFUSED
    # nothing is sent, and what was saved before stays
    assert client.post(f"/reports/draft/{key}/check").status_code != 302
    assert db.session.scalars(select(VisitReport)).all() == []


def test_training_in_date_on_the_day_of_the_visit_is_enough(login, ids, ctx):
    # 36 months from 21 November 2023: in date to 20 November 2026, the day of the visit
    train_sam(ids["sam"], date(2023, 11, 21))
    client = login("volunteer")
    key = start_report(client)
    fill_report(
        client, key, answers(ids["suite"], ids["sam"], ids["val"], visit={"tact_visited": "yes"})
    )
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    assert db.session.scalars(select(VisitReport.tact_visited)).one() is True


def test_training_that_ran_out_the_day_before_is_refused(login, ids, ctx):
    # 36 months from 20 November 2023: in date to 19 November 2026 only
    train_sam(ids["sam"], date(2023, 11, 20))
    client = login("volunteer")
    key = start_report(client)
    sections = answers(ids["suite"], ids["sam"], ids["val"], visit={"tact_visited": "yes"})
    post_section(client, key, "visit", sections["visit"])
    response = post_section(client, key, "visitors", sections["visitors"])
    assert field_error(response.text, "visitor_1") == REFUSED
