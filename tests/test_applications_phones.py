"""Phone numbers on the public application form: the applicant's and the referees' are checked
(``icv.forms.phone_field``), a referee is reachable only by a real email address or number,
and a draft saved before the check still shows what was typed. (Each box's error next to it,
with what was typed kept: test_applications_public; the rule itself: test_forms_phones.)"""

# ruff: noqa: F811 (the ``welsh`` fixture imported from tests/welsh.py is the tests' argument)

from __future__ import annotations

import re

from sqlalchemy import select

from icv.applications.models import Application
from icv.extensions import db
from tests.applying import answer, apply, asked_again, fill_in
from tests.pipeline import frozen  # noqa: F401 (fixture: 22 November 2026)
from tests.summary_lists import summary_rows
from tests.welsh import welsh  # noqa: F401 (fixture)

PHONE_FORMAT = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"


def error_summary(html: str) -> list[tuple[str, str]]:
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)


def test_a_referee_with_only_a_phone_that_is_not_one_cannot_be_reached(client):
    # Referee 2's only contact is "hello": its box says what is wrong, and nothing is saved.
    response = answer(client, "referees", ref2_email="", ref2_phone="hello")
    assert response.status_code == 200
    assert error_summary(response.text) == [("#ref2_phone", PHONE_FORMAT)]
    assert 'value="hello"' in response.text
    # Emptied, the box leaves the referee with no way to be reached at all.
    response = answer(client, "referees", ref2_email="", ref2_phone="")
    assert error_summary(response.text) == [
        ("#ref2_email", "Enter an email address or phone number for the second referee")
    ]
    # A real number is enough on its own.
    response = answer(client, "referees", ref2_email="", ref2_phone="+44 (0)1926 400000")
    assert response.status_code == 302


def test_a_wrong_phone_beside_a_good_email_is_still_refused(client):
    response = answer(client, "referees", ref1_email="ann@example.net", ref1_phone="zzz")
    assert error_summary(response.text) == [("#ref1_phone", PHONE_FORMAT)]


def test_numbers_are_read_back_and_stored_as_typed(app, client):
    fill_in(
        client,
        about_you={"phone": " +44  7700 900982 "},
        referees={"ref1_phone": "(01926) 400-001", "ref2_phone": "+33 1 23 45 67 89"},
    )
    page = client.get("/apply/check").text
    assert summary_rows(page)["Phone number"] == "+44 7700 900982"
    referees = page[page.index(">Referees</h2>") :]
    assert "(01926) 400-001" in referees
    assert "+33 1 23 45 67 89" in referees
    assert client.post("/apply/check").headers["Location"] == "/apply/done"
    with app.app_context():
        [application] = db.session.scalars(select(Application)).all()
        assert application.phone == "+44 7700 900982"
        assert [r.phone for r in application.referees] == [
            "(01926) 400-001",
            "+33 1 23 45 67 89",
        ]


def test_a_draft_saved_before_the_check_asks_for_the_number_again(app, client):
    asked_again(app, client, "about-you", "about you", "phone", "abc")
    assert answer(client, "about-you", phone="07700 900123").status_code == 302
    assert apply(client).headers["Location"] == "/apply/done"


def test_the_message_is_in_welsh_for_a_welsh_applicant(client, welsh):
    client.get("/language/cy?next=/apply")
    response = answer(client, "about-you", phone="abc")
    assert response.status_code == 200
    assert error_summary(response.text) == [
        ("#phone", "Rhowch rif ffôn, fel 01632 960 001, 07700 900 982 neu +44 808 157 0192")
    ]
    assert 'value="abc"' in response.text
