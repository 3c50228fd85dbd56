"""Referees' email addresses, on the public form and the office's referee step, are checked as
every other email box is (``icv.forms.email_field``, its form only): an address that is not
one is refused next to its box with what was typed kept, and an empty box is allowed where a
phone number reaches the referee."""

# ruff: noqa: F811 (the ``welsh`` fixture imported from tests/welsh.py is the tests' argument)

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from icv.applications.models import Application
from icv.audit.models import AuditEvent
from icv.extensions import db
from tests.applying import answer, asked_again, fill_in
from tests.factories import make_application
from tests.pipeline import coordinator, frozen, post_step  # noqa: F401 (fixtures)
from tests.test_applications_phones import error_summary
from tests.welsh import welsh  # noqa: F401 (fixture)

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


@pytest.mark.parametrize(
    "typed",
    [
        "ann@example",  # no dot in the domain
        "ann@@example.net",
        "ann@b@example.net",  # passed the check by hand this replaces: an "@" and a dot after it
        "ann example.net",
        "ann@exa mple.net",
    ],
)
def test_a_referee_email_that_is_not_one_is_refused_next_to_its_box(app, client, typed):
    response = answer(client, "referees", ref1_email=typed, ref1_phone="")
    assert response.status_code == 200
    assert error_summary(response.text) == [("#ref1_email", EMAIL_FORMAT)]
    assert f'value="{typed}"' in response.text


def test_a_referee_reached_by_a_real_email_alone_is_enough(app, client):
    fill_in(client, referees={"ref1_email": " Ann.Ref@Example.NET ", "ref1_phone": ""})
    assert client.post("/apply/check").headers["Location"] == "/apply/done"
    with app.app_context():
        [application] = db.session.scalars(select(Application)).all()
        first = application.referees[0]
        assert (first.email, first.phone) == ("Ann.Ref@Example.NET", None)  # trimmed, as typed


def test_the_email_message_is_in_welsh_for_a_welsh_applicant(client, welsh):
    client.get("/language/cy?next=/apply")
    response = answer(client, "referees", ref2_email="ann@example", ref2_phone="")
    assert error_summary(response.text) == [
        ("#ref2_email", "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com")
    ]


def test_the_office_cannot_record_a_referee_email_that_is_not_one(app, coordinator):
    with app.app_context():
        application_id = make_application().id
        db.session.commit()
    referee = {"name": "Ann Referee", "relationship_to_applicant": "Employer"}
    response = post_step(coordinator, application_id, "referee-1", **referee, email="ann at home")
    assert response.status_code == 400  # as the page answers its other errors
    assert error_summary(response.text) == [("#referee-1-email", EMAIL_FORMAT)]
    assert 'value="ann at home"' in response.text
    response = post_step(coordinator, application_id, "referee-1", **referee, email="")
    assert response.status_code == 302  # an empty box: the office may not have one yet
    response = post_step(
        coordinator, application_id, "referee-1", **referee, email="Ann@Example.org"
    )
    assert response.status_code == 302
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert [r.email for r in application.referees] == ["Ann@Example.org", None]


def test_saving_a_referee_step_does_not_record_a_change_to_an_address_in_capitals(app, coordinator):
    """Bob's address was stored in capitals. The office records only that his reference was
    asked for: the audit log says so, and nothing about his email address."""
    with app.app_context():
        application = make_application()
        application.referees[1].email = "Bob.Ref@Example.ORG"
        db.session.commit()
        application_id = application.id
    page = coordinator.get(f"/applications/{application_id}").text
    box = re.search(r'<input[^>]*name="referee-2-email"[^>]*>', page).group()
    assert 'value="Bob.Ref@Example.ORG"' in box  # shown as stored
    response = post_step(
        coordinator,
        application_id,
        "referee-2",
        name="Bob Referee",
        relationship_to_applicant="Club chair",
        email="Bob.Ref@Example.ORG",
        requested_on=["10", "11", "2026"],
    )
    assert response.status_code == 302
    with app.app_context():
        [event] = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "application.references")
        ).all()
        assert event.summary == "Reference 2 (Bob Referee) updated"
        assert set(event.details) == {"requested_on"}
        assert db.session.get(Application, application_id).referees[1].email == (
            "Bob.Ref@Example.ORG"
        )


def test_a_draft_saved_before_the_check_asks_for_the_address_again(app, client):
    asked_again(app, client, "referees", "referees", "ref1_email", "a@b@example.net")
