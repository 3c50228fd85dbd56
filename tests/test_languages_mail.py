"""Welsh and English (issue 19): the language of a mail, chosen by the account or the application
it goes to, and English once Welsh is no longer offered."""

# ruff: noqa: F811 (the ``welsh`` fixture imported from tests/welsh.py is the tests' argument)

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from icv.accounts.models import User
from icv.accounts.services import request_password_reset
from icv.applications.models import Application
from icv.extensions import db
from tests.factories import make_application, make_user
from tests.mail import outbox
from tests.welsh import time_machine_at, welsh  # noqa: F401

# -- mail ----------------------------------------------------------------------------------


def test_a_mail_to_a_welsh_account_is_in_welsh(app, welsh):
    with app.app_context():
        make_user(email="val@example.org").language = "cy"
        make_user(email="sam@example.org")
        request_password_reset("val@example.org")
        request_password_reset("sam@example.org")
        welsh_mail, english_mail = outbox("password-reset")
        scheme = "Independent Custody Visiting Scheme"
        assert welsh_mail.subject == f"Ailosod eich cyfrinair ar gyfer {scheme}"
        assert "Mae rhywun wedi gofyn am ailosod y cyfrinair ar gyfer val@example.org." in (
            welsh_mail.body_text
        )
        assert english_mail.subject == f"Reset your password for {scheme}"


@pytest.fixture
def appointment_day():
    """Appointed on 23 November 2026, two days before: a clock of any later year would find
    the training and vetting long lapsed."""
    with time_machine_at(datetime(2026, 11, 25, 12, 0, tzinfo=UTC)):
        yield


def test_an_applicant_who_applied_in_welsh_is_invited_in_welsh_when_appointed(
    app, appointment_day, welsh, login
):
    with app.app_context():
        for email, language in (("nia@example.net", "cy"), ("jo@example.net", "en")):
            application = make_application(
                name=email.split("@")[0].title(),
                email=email,
                stage="training",
                training_completed_on=date(2026, 11, 1),
                vetting_level="NPPV2",
            )
            application.language = language
        db.session.commit()
        ids = list(db.session.scalars(select(Application.id).order_by(Application.id)))
    office = login("coordinator")
    for application_id in ids:
        response = office.post(
            f"/applications/{application_id}/move",
            data={"appoint-appointed_on": ["23", "11", "2026"], "appoint-submit": "Appoint"},
        )
        assert response.status_code == 302
    with app.app_context():
        welsh_mail, english_mail = outbox("invitation")
        assert (welsh_mail.to_address, english_mail.to_address) == (
            "nia@example.net",
            "jo@example.net",
        )
        assert welsh_mail.subject == "Gwahoddiad i Independent Custody Visiting Scheme"
        assert (
            english_mail.subject == "You have been invited to Independent Custody Visiting Scheme"
        )
        languages = db.session.execute(select(User.email, User.language).order_by(User.email))
        assert ("nia@example.net", "cy") in languages.all()


def test_a_welsh_account_gets_english_mail_once_welsh_is_no_longer_offered(app):
    with app.app_context():
        make_user(email="val@example.org").language = "cy"
        request_password_reset("val@example.org")
        assert outbox("password-reset")[0].subject.startswith("Reset your password for ")


def test_the_rota_mail_to_a_welsh_volunteer_is_in_welsh(app, welsh):
    from icv.rota.mail import rota_published
    from tests.factories import make_period, make_planned_visit, make_suite, make_visitor

    with app.app_context():
        suite = make_suite("Caerfyrddin")
        val = make_visitor("val@example.org", [suite], name="Val Volunteer")
        sam = make_visitor("sam@example.org", [suite], name="Sam Second")
        val.user.language = "cy"
        period = make_period(date(2026, 11, 30), weeks=4)
        make_planned_visit(period, suite, date(2026, 12, 9), [val, sam])
        assert rota_published(period) == 2
        by_address = {mail.to_address: mail for mail in outbox("rota-published")}
        cy, en = by_address["val@example.org"], by_address["sam@example.org"]
        assert cy.subject == "Eich ymweliadau â’r ddalfa o 30 Tachwedd i 27 Rhagfyr 2026"
        assert "- Dydd Mercher 9 Rhagfyr 2026, " in cy.body_text
        assert ", Caerfyrddin, gyda Sam" in cy.body_text
        assert en.subject == "Your custody visits from 30 November to 27 December 2026"
        assert "- Wednesday 9 December 2026, " in en.body_text
        assert ", Caerfyrddin, with Val" in en.body_text
