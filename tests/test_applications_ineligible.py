"""Someone who cannot be a custody visitor is told as soon as the answer that rules them out is
given: why, which answer to change, and what is kept. Nothing is sent or kept as an application,
and they are never asked the equality questions. A "refer" carries on as before."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import func, select

from icv.applications.models import Application, ApplicationDraft, DiversityResponse
from icv.applications.services import Answers, RefereeAnswers, submit
from icv.extensions import db
from icv.settings import update_settings
from tests.applying import ANSWERS, answer, apply, fill_in
from tests.factories import make_application
from tests.mail import outbox

#: Midday on 22 November 2026, UK time (GMT).
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
NOT_ELIGIBLE = "/apply/not-eligible"
HEADING = "You cannot become a custody visitor at the moment"
TOO_YOUNG = "You must be 18 or over on the day you apply. You can apply from 23 November 2026."


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


@pytest.fixture
def warwickshire(app):
    with app.app_context():
        update_settings(None, {"area_in": ["CV"], "area_name": "Warwickshire"})
        db.session.commit()


def drafts() -> list[ApplicationDraft]:
    return list(db.session.scalars(select(ApplicationDraft)))


def nothing_sent() -> bool:
    return db.session.scalar(select(func.count(Application.id))) == 0 and outbox() == []


def test_it_stops_someone_one_day_short_of_18_at_their_date_of_birth(app, client):
    response = answer(client, "about-you", date_of_birth=["23", "11", "2008"])
    assert response.headers["Location"] == NOT_ELIGIBLE
    page = client.get(NOT_ELIGIBLE).text
    assert f'<h1 class="govuk-heading-l">{HEADING}</h1>' in page
    assert f"<li>{TOO_YOUNG}</li>" in page
    assert (
        '<a class="govuk-link" href="/apply/about-you#date_of_birth">Change your date of birth</a>'
        in page
    )
    assert "Your application has not been sent." in page
    assert (
        "keeps your answers to About you, Where you live and Your work and connections for "
        "7 days after your last change, then deletes them." in page
    )
    assert "equality" not in page
    with app.app_context():
        assert nothing_sent()
        [draft] = drafts()
        assert list(draft.data) == ["about-you"]


def test_it_lets_someone_whose_18th_birthday_is_today_carry_on(client):
    response = answer(client, "about-you", date_of_birth=["22", "11", "2008"])
    assert response.headers["Location"] == "/apply/where-you-live"
    assert client.get(NOT_ELIGIBLE).headers["Location"] == "/apply"


def test_it_asks_nothing_more_of_someone_ruled_out(app, client):
    answer(client, "about-you", date_of_birth=["1", "1", "2015"])
    for path in ("/apply/availability", "/apply/referees", "/apply/consent", "/apply/check"):
        assert client.get(path).headers["Location"] == NOT_ELIGIBLE, path
    assert answer(client, "referees").headers["Location"] == NOT_ELIGIBLE
    assert client.post("/apply/check").headers["Location"] == NOT_ELIGIBLE
    with app.app_context():
        assert nothing_sent()
        [draft] = drafts()
        assert list(draft.data) == ["about-you"]


def test_a_corrected_date_of_birth_carries_on_to_an_application(app, client):
    answer(client, "about-you", date_of_birth=["27", "3", "2015"])
    response = answer(client, "about-you", date_of_birth=["27", "3", "1980"])
    assert response.headers["Location"] == "/apply/where-you-live"
    assert apply(client).headers["Location"] == "/apply/done"
    with app.app_context():
        [application] = db.session.scalars(select(Application)).all()
        assert (application.stage, application.date_of_birth) == ("received", dt.date(1980, 3, 27))


@pytest.mark.usefixtures("warwickshire")
def test_it_stops_someone_who_neither_lives_nor_works_in_the_area(app, client):
    answer(client, "about-you")
    response = answer(client, "where-you-live", postcode="ox1 1aa")
    assert response.headers["Location"] == NOT_ELIGIBLE
    page = client.get(NOT_ELIGIBLE).text
    assert (
        "<li>You must live or work in Warwickshire. The postcodes you gave are outside it.</li>"
        in page
    )
    assert (
        '<a class="govuk-link" href="/apply/where-you-live#postcode">Change your postcode</a>'
        in page
    )
    assert page.count('class="govuk-link" href="/apply/') == 1
    response = answer(
        client, "where-you-live", postcode="OX1 1AA", works_in_area="yes", work_postcode="cv1 5fb"
    )
    assert response.headers["Location"] == "/apply/your-work"


def test_it_stops_someone_back_in_the_uk_for_less_than_3_years(client):
    answer(client, "about-you")
    response = answer(
        client, "where-you-live", residence="since", uk_resident_since=["23", "11", "2023"]
    )
    assert response.headers["Location"] == NOT_ELIGIBLE
    page = client.get(NOT_ELIGIBLE).text
    assert (
        "<li>Police vetting needs 3 years of living in the UK, up to the day you "
        "apply. You can apply from 23 November 2026.</li>" in page
    )
    assert 'href="/apply/where-you-live#residence">Change how long you have lived in the UK' in page
    response = answer(
        client, "where-you-live", residence="since", uk_resident_since=["22", "11", "2023"]
    )
    assert response.headers["Location"] == "/apply/your-work"


def test_it_stops_someone_without_an_accepted_language(client):
    answer(client, "about-you")
    assert answer(client, "where-you-live", languages=[]).headers["Location"] == NOT_ELIGIBLE
    page = client.get(NOT_ELIGIBLE).text
    assert "<li>Custody visitors need a good command of English" in page
    assert 'href="/apply/where-you-live#languages"' in page


def test_it_stops_a_serving_police_officer_and_gives_every_reason(client):
    answer(client, "about-you", date_of_birth=["1", "1", "2015"])
    answer(client, "where-you-live")
    response = answer(client, "your-work", current_roles=["police_officer", "magistrate"])
    assert response.headers["Location"] == NOT_ELIGIBLE
    page = client.get(NOT_ELIGIBLE).text
    independence = (
        "Custody visitors must be independent of the police and the Commissioner, so a serving "
        "{} cannot be one. You can apply once you have left."
    )
    reasons = [
        "You must be 18 or over on the day you apply. You can apply from 1 January 2033.",
        independence.format("magistrate"),
        independence.format("police officer"),
    ]
    assert all(f"<li>{reason}</li>" in page for reason in reasons)
    # One link per answer to change, in the order of the form.
    assert page.count("Change the roles you have now") == 1
    assert page.index("Change your date of birth") < page.index("Change the roles you have now")
    assert 'href="/apply/your-work#current_roles"' in page


@pytest.mark.parametrize(
    "your_work",
    [
        {"criminal_record": "yes"},
        {"current_roles": ["probation"]},
        {"past_roles": ["police_staff"], "left_on": ["1", "6", "2024"]},
    ],
    ids=["criminal record", "review role", "recent service"],
)
def test_a_referral_is_not_a_failure_and_carries_on_as_before(app, client, your_work):
    answer(client, "about-you")
    answer(client, "where-you-live")
    assert answer(client, "your-work", **your_work).headers["Location"] == "/apply/availability"
    assert client.post("/apply/check").status_code == 200  # not finished yet, not refused
    assert apply(client, your_work=your_work).headers["Location"] == "/apply/done"
    with app.app_context():
        [application] = db.session.scalars(select(Application)).all()
        assert (application.stage, application.eligibility) == ("received", "refer")
    done = client.get("/apply/done").text
    assert "The scheme coordinator will talk to you first" in done
    assert "Answer the optional questions" in done


def test_referees_are_forgotten_when_a_changed_answer_rules_someone_out(app, client):
    fill_in(client)
    response = client.post(
        "/apply/your-work?return=check",
        data={**ANSWERS["your-work"], "current_roles": ["special_constable"]},
    )
    assert response.headers["Location"] == NOT_ELIGIBLE
    with app.app_context():
        [draft] = drafts()
        assert list(draft.data) == ["about-you", "where-you-live", "your-work"]
        assert "Ann Referee" not in str(draft.data)
        assert nothing_sent()
    # Corrected, the person goes on to the sections that were forgotten.
    response = client.post("/apply/your-work?return=check", data=ANSWERS["your-work"])
    assert response.headers["Location"] == "/apply/check"
    assert "Not finished" in client.get("/apply/check").text


def test_the_answers_can_be_deleted_at_once(app, client):
    answer(client, "about-you", date_of_birth=["1", "1", "2015"])
    response = client.post("/apply/forget")
    assert response.headers["Location"] == "/apply"
    assert "Your answers have been deleted." in client.get("/apply").text
    assert client.get("/apply/check").headers["Location"] == "/apply"
    assert client.get(NOT_ELIGIBLE).headers["Location"] == "/apply"
    with app.app_context():
        assert drafts() == []


@pytest.mark.usefixtures("warwickshire")
def test_answers_given_before_the_area_changed_are_stopped_at_the_check_page(app, client):
    fill_in(client)
    assert client.get("/apply/check").status_code == 200
    with app.app_context():
        update_settings(None, {"area_in": ["OX"]})
        db.session.commit()
    assert client.post("/apply/check").headers["Location"] == NOT_ELIGIBLE
    with app.app_context():
        assert nothing_sent()


def test_the_service_keeps_only_what_was_assessed_of_an_ineligible_application(ctx):
    # The form no longer sends one, but the service does not rely on its caller for that.
    answers = Answers(
        name="Kim Young",
        email="kim@example.net",
        date_of_birth=dt.date(2015, 1, 1),
        address="1 High Street, Warwick",
        postcode="CV34 4NB",
        languages=["English"],
        conflicts="My aunt is a custody sergeant",
        availability=["weekend"],
        referees=[RefereeAnswers("Ann Referee", "Teacher", email="ann@example.net")],
        consent_vetting=True,
        consent_data=True,
    )
    application = submit(answers, NOW.date())
    assert (application.stage, application.eligibility) == ("ineligible", "fail")
    assert (application.address, application.conflicts) == (None, None)
    assert (application.referees, application.availability) == ([], [])
    assert application.reasons == [
        "You must be 18 or over on the day you apply. You can apply from 1 January 2033.",
        # Assessed, so said, though the text itself is not kept.
        "You told us about a connection that could be a conflict of interest, so the scheme "
        "coordinator will talk to you about it.",
    ]
    [mail] = outbox("application-received")
    assert "You can apply from 1 January 2033." in mail.body_text


def test_an_ineligible_application_is_never_asked_the_equality_questions(app, client):
    with app.app_context():
        application = make_application(stage="ineligible", eligibility="fail")
        db.session.commit()
        application_id = application.id
    with client.session_transaction() as session:
        session["application_submitted"] = application_id
    done = client.get("/apply/done").text
    assert "Why you cannot be a custody visitor at the moment" in done
    assert "Answer the optional questions" not in done
    assert client.get("/apply/equality").headers["Location"] == "/apply/done"
    response = client.post("/apply/equality", data={"sex": "Female"})
    assert response.headers["Location"] == "/apply/done"
    with app.app_context():
        assert db.session.scalar(select(func.count(DiversityResponse.id))) == 0
