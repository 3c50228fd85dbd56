"""Phone numbers: the rule that decides whether one is real (``icv.text.normalise_phone``), the
shared box that checks with it (``icv.forms.phone_field``), and the office's and volunteers'
forms that take one: a number typed wrong is refused next to its box and shown again as typed,
and numbers stored before the check still show. (The public form: test_applications_phones.)"""

# ruff: noqa: F811 (the ``coordinator`` fixture imported from tests/pipeline.py is the tests' argument)

from __future__ import annotations

import re

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form

from icv.accounts.models import User
from icv.applications.models import Application
from icv.extensions import db
from icv.forms import phone_field
from icv.text import normalise_phone
from tests.conftest import sign_in
from tests.factories import PERSONAS, make_application, make_user, make_volunteer
from tests.mail import outbox
from tests.pipeline import (
    coordinator,  # noqa: F401 (fixture)
    frozen,  # noqa: F401 (fixture)
    post_step,
)
from tests.summary_lists import summary_rows

PHONE_FORMAT = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        # A UK number with its leading 0 has 10 or 11 digits.
        ("016 329 600", None),
        ("0163 296 000", "+44163296000"),
        ("01632 960 001", "+441632960001"),
        ("0163 2960 0011", None),
        ("1632 960 001", None),  # no leading 0 (nor +44)
        ("0016 3296 0001", None),  # 00 calls abroad: written +, as the message shows
        # Spaces, hyphens, dashes and brackets as people type them.
        ("07700900982", "+447700900982"),
        ("07700-900-982", "+447700900982"),
        ("(01632) 960001", "+441632960001"),
        ("01632 \u2013 960001", "+441632960001"),
        # +44 and the same digits without the 0: 9 or 10 of them, a "(0)" allowed.
        ("+44 808 157 0192", "+448081570192"),
        ("+44 (0)1632 960 001", "+441632960001"),
        ("+44 0 7700 900982", "+447700900982"),
        ("+44 163 296 000", "+44163296000"),
        ("+44 16 329 600", None),
        ("+44 7700 900 9821", None),
        ("+44 00 1632 960001", None),
        # Another country: + and 8 to 15 digits.
        ("+33 1 23 45 67 89", "+33123456789"),
        ("+1 (202) 555-0143", "+12025550143"),
        ("+123 4567", None),
        ("+1234 5678", "+12345678"),
        ("+123 456 789 012 345", "+123456789012345"),
        ("+1234 5678 9012 3456", None),
        ("+0 1632 960001", None),
        # Letters, signs, an extension, other scripts' digits, nothing.
        ("abc", None),
        ("hello", None),
        ("07700 9OO 982", None),
        ("07700 900982 ext 12", None),
        ("07700.900.982", None),
        ("+44 +1632 960001", None),
        ("\u0660\u0667\u0667\u0660\u0660\u0669\u0660\u0660\u0669\u0668\u0662", None),
        ("+", None),
        ("", None),
    ],
)
def test_it_reads_a_phone_number_as_people_type_it(typed, number):
    assert normalise_phone(typed) == number


class PhoneForm(Form):
    phone = phone_field()


@pytest.mark.parametrize(
    ("typed", "kept", "errors"),
    [
        ("", "", []),  # optional: an empty box passes
        ("  07700   900 982 ", "07700 900 982", []),  # stored as typed, spaces tidied
        ("+44 (0)1632 960001", "+44 (0)1632 960001", []),
        ("abc", "abc", [PHONE_FORMAT]),
        ("0" * 41, "0" * 41, ["Phone number must be 40 characters or fewer"]),  # one message
    ],
)
def test_the_phone_box_checks_with_the_rule_and_keeps_what_was_typed(ctx, typed, kept, errors):
    form = PhoneForm(MultiDict({"phone": typed}))
    assert form.validate() is (not errors)
    assert (form.phone.data, form.phone.errors) == (kept, errors)


def error_summary(html: str) -> list[tuple[str, str]]:
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)


def test_a_volunteer_cannot_save_a_phone_number_that_is_not_one(app, login):
    client = login("volunteer")
    response = client.post("/account", data={"name": "Val Person", "phone": "abc"})
    assert response.status_code == 200  # as the page answers its other errors
    assert error_summary(response.text) == [("#phone", PHONE_FORMAT)]
    assert 'id="phone-error"' in response.text
    assert 'value="abc"' in response.text
    response = client.post("/account", data={"name": "Val Person", "phone": "+44 7700 900982"})
    assert response.headers["Location"] == "/account"
    with app.app_context():
        user = db.session.scalars(User.by_email("val@example.org")).one()
        assert user.phone == "+44 7700 900982"


def test_the_admin_cannot_invite_or_change_an_account_with_a_phone_that_is_not_one(
    app, login, personas
):
    client = login("admin")
    invite = {"name": "Pen New", "email": "pen@example.org", "roles": ["volunteer"]}
    response = client.post("/admin/accounts/new", data={**invite, "phone": "zzz"})
    assert response.status_code == 200
    assert error_summary(response.text) == [("#phone", PHONE_FORMAT)]
    assert 'value="zzz"' in response.text
    change = {"name": "Val Person", "roles": ["volunteer"], "phone": "0770 090"}
    response = client.post(f"/admin/accounts/{personas['volunteer']}", data=change)
    assert error_summary(response.text) == [("#phone", PHONE_FORMAT)]
    assert 'value="0770 090"' in response.text
    response = client.post(
        f"/admin/accounts/{personas['volunteer']}", data={**change, "phone": "07700 900982"}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalars(User.by_email("pen@example.org")).first() is None
        assert db.session.get(User, personas["volunteer"]).phone == "07700 900982"
        assert outbox() == []


def test_the_office_cannot_record_a_referee_phone_that_is_not_one(app, coordinator):
    with app.app_context():
        application_id = make_application().id
        db.session.commit()
    referee = {"name": "Ann Referee", "relationship_to_applicant": "Employer"}
    response = post_step(coordinator, application_id, "referee-1", **referee, phone="hello")
    assert response.status_code == 400  # as the page answers its other errors
    assert error_summary(response.text) == [("#referee-1-phone", PHONE_FORMAT)]
    assert 'value="hello"' in response.text
    response = post_step(coordinator, application_id, "referee-1", **referee, phone="01926 400000")
    assert response.status_code == 302
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert [r.phone for r in application.referees] == ["01926 400000", None]


def signed_in(app, persona: str):
    client = app.test_client()
    assert sign_in(client, PERSONAS[persona][0]).status_code == 302
    return client


def test_phone_numbers_stored_before_the_check_still_show(app, personas):
    with app.app_context():
        application = make_application(phone="abc")
        application.referees[0].phone = "zzz"
        volunteer = make_volunteer(make_user("vic@example.org", name="Vic Old"))
        volunteer.user.phone = "call the office"
        db.session.get(User, personas["volunteer"]).phone = "hello"
        db.session.commit()
        application_id, volunteer_id, user_id = application.id, volunteer.id, volunteer.user_id
    office = signed_in(app, "coordinator")
    page = office.get(f"/applications/{application_id}").text
    assert summary_rows(page)["Phone"] == "abc"
    assert 'value="zzz"' in page  # the referee's, in the office's form to update it
    assert summary_rows(office.get(f"/volunteers/{volunteer_id}").text)["Phone"] == (
        "call the office"
    )
    admin_page = signed_in(app, "admin").get(f"/admin/accounts/{user_id}").text
    assert 'value="call the office"' in admin_page
    assert 'value="hello"' in signed_in(app, "volunteer").get("/account").text
