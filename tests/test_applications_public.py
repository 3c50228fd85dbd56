"""The public application form: sections, check your answers, outcome, status link, spam."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from sqlalchemy import func, select

from icv.applications.forms import EQUALITY_QUESTIONS
from icv.applications.models import Application, ApplicationDraft, DiversityResponse
from icv.extensions import db
from icv.hashing import digest
from tests.applying import ANSWERS, answer, apply, fill_in
from tests.mail import link_path, outbox

#: GOV.UK's message for a phone number that is not one (``icv.forms.PHONE_FORMAT``).
PHONE_FORMAT = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
#: Midday on 22 November 2026, UK time (GMT).
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


def applications() -> list[Application]:
    return list(db.session.scalars(select(Application).order_by(Application.id)))


def test_it_takes_an_eligible_application_to_a_reference_and_an_email(app, client):
    response = apply(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/apply/done"
    with app.app_context():
        [application] = applications()
        assert re.fullmatch(r"ICV-[A-HJ-KM-NP-Z2-9]{6}", application.reference)
        assert (application.stage, application.eligibility) == ("received", "pass")
        assert application.applied_on == dt.date(2026, 11, 22)
        assert application.postcode == "CV34 4NB"
        assert application.uk_resident_since is None
        assert application.availability == ["weekday_evening", "weekend"]
        assert [(r.position, r.name, r.email, r.phone) for r in application.referees] == [
            (1, "Ann Referee", "ann@example.net", None),
            (2, "Bob Referee", None, "01926 400000"),
        ]
        assert [e.summary for e in application.events] == ["Application received"]
        assert db.session.scalar(select(func.count(ApplicationDraft.id))) == 0
        [mail] = outbox("application-received")
        assert mail.to_address == "jo@example.net"
        assert application.reference in mail.subject
        status_path = link_path(mail)
        token = status_path.removeprefix("/apply/status/")
        assert application.status_token_hash == digest(token) != token
    done = client.get("/apply/done").text
    assert application.reference in done
    assert "We have received your application" in done
    status = client.get(status_path)
    assert status.status_code == 200
    assert "Your application: received" in status.text
    assert "Jo" not in status.text  # the status page carries no personal data


def test_it_accepts_an_applicant_whose_18th_birthday_is_today(app, client):
    apply(client, about_you={"date_of_birth": ["22", "11", "2008"]})
    with app.app_context():
        assert [a.stage for a in applications()] == ["received"]


def test_it_refers_a_declared_criminal_record_to_the_coordinator(app, client):
    apply(client, your_work={"criminal_record": "yes"})
    with app.app_context():
        [application] = applications()
        assert (application.stage, application.eligibility) == ("received", "refer")
        assert application.has_criminal_record is True
    assert "The scheme coordinator will talk to you first" in client.get("/apply/done").text


def test_it_refers_recent_service_and_keeps_the_date_left(app, client):
    apply(client, your_work={"past_roles": ["police_staff"], "left_on": ["1", "6", "2024"]})
    with app.app_context():
        [application] = applications()
        assert (application.stage, application.eligibility) == ("received", "refer")
        assert application.past_roles == {"police_staff": "2024-06-01"}


def test_it_counts_the_work_postcode_for_someone_living_outside(app, client, ctx):
    from icv.settings import update_settings

    update_settings(None, {"area_in": ["CV"], "area_name": "Warwickshire"})
    db.session.commit()
    apply(
        client,
        where_you_live={"postcode": "OX1 1AA", "works_in_area": "yes", "work_postcode": "cv1 5fb"},
    )
    [inside] = applications()
    assert (inside.stage, inside.postcode, inside.work_postcode) == (
        "received",
        "OX1 1AA",
        "CV1 5FB",
    )


@pytest.mark.parametrize(
    ("slug", "changes", "field", "message"),
    [
        (
            "about-you",
            {"date_of_birth": ["1", "1", "2027"]},
            "date_of_birth",
            "Date of birth must be in the past",
        ),
        (
            "about-you",
            {"date_of_birth": ["31", "2", "1980"]},
            "date_of_birth",
            "Date of birth must be a real date",
        ),
        (
            "about-you",
            {"date_of_birth": ["1", "", "1980"]},
            "date_of_birth",
            "Date of birth must include a month",
        ),
        (
            "about-you",
            {"date_of_birth": ["1", "1", "1890"]},
            "date_of_birth",
            "Check the year of your date of birth",
        ),
        ("about-you", {"date_of_birth": ["", "", ""]}, "date_of_birth", "Enter your date of birth"),
        ("about-you", {"name": "J" * 121}, "name", "must be 120 characters or fewer"),
        ("about-you", {"phone": "abc"}, "phone", PHONE_FORMAT),
        (
            "where-you-live",
            {"postcode": "CV34"},
            "postcode",
            "Enter a real UK postcode, like CV34 4NB",
        ),
        (
            "where-you-live",
            {"works_in_area": "yes"},
            "work_postcode",
            "Enter the postcode of your workplace",
        ),
        (
            "where-you-live",
            {"residence": "since"},
            "uk_resident_since",
            "Enter the date you started living in the UK",
        ),
        ("your-work", {"past_roles": ["magistrate"]}, "left_on", "Enter the date you left"),
        ("your-work", {"conflicts": "x" * 1001}, "conflicts", "must be 1000 characters or fewer"),
        (
            "referees",
            {"ref2_phone": ""},
            "ref2_email",
            "Enter an email address or phone number for the second referee",
        ),
        ("referees", {"ref1_phone": "zzz"}, "ref1_phone", PHONE_FORMAT),
        ("referees", {"ref2_phone": "hello"}, "ref2_phone", PHONE_FORMAT),
        (
            "consent",
            {"consent_vetting": []},
            "consent_vetting",
            "You must agree to police vetting to apply",
        ),
    ],
)
def test_it_explains_bad_input_next_to_the_field_and_keeps_what_was_typed(
    app, client, slug, changes, field, message
):
    response = answer(client, slug, **changes)
    assert response.status_code == 200
    page = response.text
    assert message in page
    # The message is linked from the error summary and shown at the field.
    assert f'href="#{field}' in page
    assert f'id="{field}-error"' in page
    typed = {**ANSWERS[slug], **changes}
    for value in typed.values():
        if isinstance(value, str) and value and len(value) < 50 and "\n" not in value:
            assert value in page
    with app.app_context():
        assert db.session.scalar(select(func.count(ApplicationDraft.id))) == 0


def test_it_keeps_answers_so_a_section_can_be_changed_from_the_check_page(app, client):
    fill_in(client)
    page = client.get("/apply/check").text
    assert "Check your answers before sending your application" in page
    assert "Jo Applicant" in page
    assert "27 March 1980" in page
    assert "Weekday evenings, Weekends" in page
    assert "/apply/about-you?return=check#name" in page
    section = client.get("/apply/about-you?return=check").text
    assert 'value="Jo Applicant"' in section
    response = answer(client, "about-you", name="Jo Changed")
    assert response.status_code == 302
    response = client.post("/apply/about-you?return=check", data={**ANSWERS["about-you"]})
    assert response.headers["Location"] == "/apply/check"


def test_it_does_not_send_an_unfinished_application(app, client):
    answer(client, "about-you")
    page = client.get("/apply/check").text
    assert "Not finished" in page
    assert "Accept and send" not in page
    assert client.post("/apply/check").status_code == 200
    with app.app_context():
        assert applications() == []


def test_it_goes_on_to_the_next_unfinished_section(client):
    response = answer(client, "about-you")
    assert response.headers["Location"] == "/apply/where-you-live"


def test_a_second_application_is_accepted_and_only_its_address_told_of_the_first(
    app, client, frozen
):
    """Nobody who types an address learns that it has applied: the form takes the second
    application like any other; the address alone is mailed the first one's link, once a day."""
    first_done = apply(client)
    other = app.test_client()
    assert answer(other, "about-you", email="JO@example.net").status_code == 302
    again = apply(other, about_you={"email": "JO@example.net"})
    assert again.headers["Location"] == first_done.headers["Location"] == "/apply/done"
    done = other.get("/apply/done").text
    assert "Application sent" in done
    assert "applied" not in done.replace("Application sent", "")
    apply(app.test_client(), about_you={"email": "jo@example.net"})  # a third, the same day
    with app.app_context():
        first, second, third = applications()
        [received] = outbox("application-received")
        [mail] = outbox("application-link")
        assert received.to_address == mail.to_address == "jo@example.net"
        first_link, first_reference = link_path(received), first.reference
        new_link = link_path(mail)
        assert first.status_token_hash == digest(new_link.removeprefix("/apply/status/"))
        assert "The link we sent you before no longer works" in mail.body_text
        assert second.stage == third.stage == "received"
        assert second.events[-1].summary == (
            f"The same email address applied on 22 November 2026 ({first.reference}): "
            "the applicant was sent a new link to that application"
        )
    # The first link stopped working when the new one was made; the new one shows the first.
    assert client.get(first_link).status_code == 404
    assert first_reference in client.get(new_link).text
    frozen.move_to(NOW + dt.timedelta(days=1))
    apply(app.test_client())
    with app.app_context():
        assert len(outbox("application-link")) == 2  # the next day, one more
    frozen.move_to(NOW + dt.timedelta(days=184))
    apply(app.test_client())
    with app.app_context():
        assert len(outbox("application-received")) == 2  # six months on: a new application


def test_a_draft_keeps_only_the_sections_own_fields(app, client):
    extra = {f"extra{n}": "x" * 100_000 for n in range(5)}
    assert answer(client, "about-you", **extra).status_code == 302
    with app.app_context():
        [draft] = db.session.scalars(select(ApplicationDraft))
        assert set(draft.data["about-you"]) == {"name", "email", "phone", "date_of_birth"}
        assert draft.data["about-you"]["name"] == ["Jo Applicant"]


def test_it_throws_away_what_a_robot_puts_in_the_hidden_field(app, client):
    response = answer(client, "about-you", website="http://spam.example")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(ApplicationDraft.id))) == 0
    assert client.get("/apply/check").headers["Location"] == "/apply"


def test_it_refuses_an_application_sent_faster_than_a_person_could(app, client, frozen):
    app.config["ICV_APPLY_MIN_SECONDS"] = 30
    try:
        fill_in(client)
        response = client.post("/apply/check")
        assert response.headers["Location"] == "/apply/check"
        with app.app_context():
            assert applications() == []
        frozen.shift(31)
        assert client.post("/apply/check").headers["Location"] == "/apply/done"
    finally:
        app.config["ICV_APPLY_MIN_SECONDS"] = 0
    with app.app_context():
        assert len(applications()) == 1


def test_it_keeps_equality_answers_apart_and_never_on_the_application(app, client, login):
    apply(client, your_work={"criminal_record": "no"})
    response = client.post(
        "/apply/equality",
        # Only spaces (a crafted post) are no answer, as an empty one: never stored.
        data={
            "ethnic_group": "Mixed or multiple ethnic groups",
            "religion": "Sikh",
            "sex": "",
            "age_band": " ",
        },
    )
    assert response.headers["Location"] == "/apply/done"
    assert "Answer the optional questions" not in client.get("/apply/done").text
    with app.app_context():
        [application] = applications()
        [answers] = db.session.scalars(select(DiversityResponse)).all()
        assert (answers.application_id, answers.ethnic_group, answers.religion, answers.sex) == (
            application.id,
            "Mixed or multiple ethnic groups",
            "Sikh",
            None,
        )
        assert answers.age_band is None
    coordinator = login("coordinator")
    page = coordinator.get(f"/applications/{application.id}").text
    assert "Jo Applicant" in page
    assert "Mixed or multiple" not in page
    assert "Sikh" not in page
    with app.app_context():
        [received] = outbox("application-received")
        status_path = link_path(received)
    assert "Sikh" not in coordinator.get(status_path).text


def test_it_stores_the_longest_answer_to_every_equality_question(app, client):
    # SQLite ignores column lengths; on PostgreSQL a too-narrow column refused the longest one.
    longest = {name: max(answers, key=len) for name, (_, answers) in EQUALITY_QUESTIONS.items()}
    assert longest["ethnic_group"] == "Black, Black British, Caribbean or African"
    apply(client, your_work={"criminal_record": "no"})
    assert client.post("/apply/equality", data=longest).headers["Location"] == "/apply/done"
    with app.app_context():
        [answers] = db.session.scalars(select(DiversityResponse)).all()
        assert {name: getattr(answers, name) for name in longest} == longest


def test_it_shows_a_status_link_only_to_its_token(client):
    assert client.get("/apply/status/not-a-real-token").status_code == 404


def test_the_public_form_is_rate_limited(strict_app):
    strict_app.config["WTF_CSRF_ENABLED"] = False
    client = strict_app.test_client()
    statuses = {answer(client, "availability", availability=[]).status_code for _ in range(60)}
    assert statuses == {200}
    assert answer(client, "availability").status_code == 429


def test_it_refers_a_break_abroad_and_keeps_the_months(app, client):
    apply(client, where_you_live={"lived_abroad": "yes", "months_abroad": "8"})
    with app.app_context():
        [application] = applications()
        assert (application.stage, application.eligibility) == ("received", "refer")
        assert application.months_abroad == 8
        assert application.reasons == [
            "You have lived outside the UK in the last 3 years, so the scheme coordinator will "
            "check with the police vetting unit that it can vet you."
        ]


def test_it_asks_how_long_abroad_and_says_so_next_to_the_field(client):
    answer(client, "about-you")
    response = answer(client, "where-you-live", lived_abroad="yes", months_abroad="")
    assert response.status_code == 200
    assert "Enter how many months you lived outside the UK" in response.text
    response = answer(client, "where-you-live", lived_abroad="yes", months_abroad="a year")
    assert "The number of months must be a whole number, like 3" in response.text


def test_it_refers_any_text_about_conflicts(app, client):
    apply(client, your_work={"conflicts": "My brother is a detention officer"})
    with app.app_context():
        [application] = applications()
        assert (application.stage, application.eligibility) == ("received", "refer")
        assert application.conflicts == "My brother is a detention officer"
        assert application.eligibility_findings[-2] == {
            "rule": "conflicts",
            "outcome": "refer",
            "code": "conflicts.declared",
            "params": {},
        }
