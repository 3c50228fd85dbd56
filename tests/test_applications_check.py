"""Check your answers, and the questions as asked: each referee labelled, only the answers that
apply, postcodes as stored, a unique name for every "Change" link, dates in GOV.UK's words and
optional questions marked."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from sqlalchemy import select
from wtforms.validators import InputRequired

from icv.applications.models import Application
from icv.applications.sections import NOT_ANSWERS, SECTIONS
from icv.extensions import db
from tests.applying import answer, apply, fill_in
from tests.summary_lists import summary_rows

#: Midday on 22 November 2026, UK time (GMT).
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


def change_links(page: str) -> list[str]:
    """The accessible name of every "Change" link: its text with the visually hidden part."""
    found = re.findall(
        r'>Change<span class="govuk-visually-hidden">(.*?)</span>\s*</a>', page, re.S
    )
    return [" ".join(("Change" + html.unescape(hidden)).split()) for hidden in found]


def test_each_referee_is_labelled_and_every_change_link_has_its_own_name(client):
    fill_in(client)
    page = client.get("/apply/check").text
    referees = page[page.index(">Referees</h2>") :]
    titles = re.findall(r'<h3 class="govuk-summary-card__title">\s*(.*?)\s*</h3>', referees)
    assert titles == ["Referee 1", "Referee 2"]
    assert referees.index("Ann Referee") < referees.index("Referee 2\n") < referees.index("Bob")
    names = change_links(page)
    assert len(names) == len(set(names)) == 26
    assert [name for name in names if "Referee 1" in name] == [
        "Change full name (Referee 1)",
        "Change how they know you (Referee 1)",
        "Change email address (Referee 1)",
        "Change phone number (Referee 1)",
    ]
    assert "Change email address (Referee 2)" in names
    assert "Change your email address" in names
    assert "Change your phone number" in names
    assert "Change how long you have lived in the UK" in names


def test_it_shows_only_the_answers_to_questions_that_were_asked(client):
    # Not working in the area, in the UK all their life, no past role: a workplace postcode
    # left in its box is neither shown nor checked, and no date is asked about.
    fill_in(client, where_you_live={"work_postcode": "not a postcode"})
    shown = summary_rows(client.get("/apply/check").text)
    assert "Postcode of your workplace" not in shown
    assert "Date you started living in the UK" not in shown
    assert "When did you leave the most recent of those past roles?" not in shown
    assert shown["Do you have any of these roles now?"] == "None"
    assert shown["Connections that could be a conflict of interest"] == "Not given"


def test_it_shows_the_follow_up_answers_once_they_are_asked(app, client):
    fill_in(
        client,
        where_you_live={
            "works_in_area": "yes",
            "work_postcode": "cv1  5fb",
            "residence": "since",
            "uk_resident_since": ["1", "jan", "2019"],
        },
        your_work={"past_roles": ["magistrate"], "left_on": ["31", "August", "2015"]},
    )
    shown = summary_rows(client.get("/apply/check").text)
    assert shown["Postcode of your workplace"] == "CV1 5FB"
    assert shown["Date you started living in the UK"] == "1 January 2019"
    assert shown["Have you had any of these roles in the past?"] == "Magistrate"
    assert shown["When did you leave the most recent of those past roles?"] == "31 August 2015"
    assert client.post("/apply/check").headers["Location"] == "/apply/done"
    with app.app_context():
        [application] = db.session.scalars(select(Application)).all()
        assert application.work_postcode == "CV1 5FB"
        assert application.uk_resident_since == dt.date(2019, 1, 1)
        assert application.past_roles == {"magistrate": "2015-08-31"}


def test_it_shows_the_postcode_as_it_is_stored(app, client):
    fill_in(client, where_you_live={"postcode": " cv344nb "})
    page = client.get("/apply/check").text
    assert summary_rows(page)["Postcode"] == "CV34 4NB"
    assert "cv344nb" not in page
    apply(client)
    with app.app_context():
        assert db.session.scalars(select(Application.postcode)).one() == "CV34 4NB"


def test_the_address_keeps_its_lines(client):
    fill_in(client)
    page = client.get("/apply/check").text
    assert re.search(
        r'<dd class="govuk-summary-list__value icv-pre-line">\s*1 High Street\nWarwick\s*</dd>',
        page,
    )


@pytest.mark.parametrize(
    ("date_of_birth", "message"),
    [
        (["27", "3", "80"], "Year must include 4 numbers"),
        (["31", "2", "1980"], "Date of birth must be a real date"),
        (["1", "", "1980"], "Date of birth must include a month"),
        (["1", "1", "2027"], "Date of birth must be in the past"),
    ],
)
def test_the_date_of_birth_is_checked_in_govuk_words(client, date_of_birth, message):
    page = answer(client, "about-you", date_of_birth=date_of_birth).text
    assert f'<a href="#date_of_birth">{message}</a>' in page  # the error summary
    error = re.search(
        r'<p id="date_of_birth-error" class="govuk-error-message">(.*?)</p>', page, re.S
    )
    assert error
    assert " ".join(error[1].split()) == (
        f'<span class="govuk-visually-hidden">Error:</span> {message}'
    )


def test_the_date_of_birth_may_give_the_month_by_name(client):
    response = answer(client, "about-you", date_of_birth=["27", "June", "1980"])
    assert response.headers["Location"] == "/apply/where-you-live"
    fill_in(client, about_you={"date_of_birth": ["27", "jun", "1980"]})
    assert summary_rows(client.get("/apply/check").text)["Date of birth"] == "27 June 1980"


#: Answers that are not required but are not optional either, and why.
NOT_OPTIONAL = {
    # A follow-up, needed when the earlier answer asks it.
    "work_postcode",
    "uk_resident_since",
    "months_abroad",
    "left_on",
    # "None of these" is an answer, said by ticking nothing.
    "languages",
    "current_roles",
    "past_roles",
    # Each referee needs an email address, a phone number or both (said in the section's intro).
    "ref1_email",
    "ref1_phone",
    "ref2_email",
    "ref2_phone",
}


def test_every_optional_question_says_so_in_its_label(app):
    with app.test_request_context():
        for section in SECTIONS:
            form = section.form(today=NOW.date(), meta={"csrf": False})
            for field in form:
                required = field.flags.required or any(
                    isinstance(v, InputRequired) for v in field.validators
                )
                if field.name in NOT_ANSWERS | NOT_OPTIONAL or required:
                    continue
                if getattr(field, "required_message", None):
                    continue
                assert field.label.text.endswith(" (optional)"), field.name


def test_the_phone_number_is_marked_optional_and_read_back_without_the_mark(client):
    assert ">\n    Phone number (optional)\n  </label>" in client.get("/apply/about-you").text
    fill_in(client, about_you={"phone": ""})
    assert summary_rows(client.get("/apply/check").text)["Phone number"] == "Not given"
