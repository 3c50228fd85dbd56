"""Welsh and English (issue 19): the pages of a volunteer whose account is in Welsh (home, visits,
availability, account, expenses, training) and their calendar feed."""

# ruff: noqa: F811 (the ``welsh`` fixture imported from tests/welsh.py is the tests' argument)

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from tests.conftest import sign_in
from tests.factories import PERSONAS
from tests.mail import outbox
from tests.welsh import html_lang, time_machine_at, welsh  # noqa: F401


def test_the_calendar_feed_is_in_the_volunteers_language(app, client, welsh):
    from icalendar import Calendar

    from icv.hashing import digest
    from tests.factories import make_period, make_planned_visit, make_suite, make_visitor

    with app.app_context():
        suite = make_suite("Caerfyrddin")
        volunteer = make_visitor("val@example.org", [suite], calendar_token_hash=digest("f-token"))
        volunteer.user.language = "cy"
        period = make_period(date(2026, 11, 30), weeks=4)
        make_planned_visit(period, suite, date(2026, 12, 9), [volunteer])
        db.session.commit()
    with time_machine_at(datetime(2026, 12, 5, 12, 0, tzinfo=UTC)):
        response = client.get("/calendar/f-token.ics", headers={"Accept-Language": "en"})
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["x-wr-calname"]) == "Fy ymweliadau â’r ddalfa"
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Ymweliad â’r ddalfa: Caerfyrddin"
    assert str(event["description"]).startswith("Gyda neb eto.")


def test_a_welsh_volunteers_home_page_is_in_welsh(app, client, personas, welsh):
    with app.app_context():
        db.session.get(User, personas["volunteer"]).language = "cy"
        db.session.commit()
    sign_in(client, PERSONAS["volunteer"][0])
    home = client.get("/", headers={"Accept-Language": "en"})
    assert html_lang(home) == "cy"
    assert "Helo, Val" in home.text
    assert "Ysgrifennu adroddiad ymweliad" in home.text
    assert "Write a visit report" not in home.text


def test_my_visits_in_welsh(app, client, welsh):
    from tests.factories import make_period, make_planned_visit, make_suite, make_visitor

    with app.app_context():
        suite = make_suite("Caerfyrddin")
        val = make_visitor("val@example.org", [suite])
        val.user.language = "cy"
        make_planned_visit(
            make_period(date(2026, 11, 30), weeks=4), suite, date(2026, 12, 9), [val]
        )
        db.session.commit()
    with time_machine_at(datetime(2026, 12, 5, 12, 0, tzinfo=UTC)):
        sign_in(client, "val@example.org")
        page = client.get("/my-visits").text
    assert '<h1 class="govuk-heading-l">Fy ymweliadau</h1>' in page
    assert "Ar y gweill" in page
    assert "Mer 9 Rhag 2026" in page  # the day in Welsh
    assert "Neb eto" in page


def test_availability_in_welsh(app, client, welsh):
    from tests.factories import make_suite, make_visitor

    with app.app_context():
        make_visitor("val@example.org", [make_suite("Caerfyrddin")]).user.language = "cy"
        db.session.commit()
    sign_in(client, "val@example.org")
    page = client.get("/my-visits/availability").text
    assert '<h1 class="govuk-heading-l">Pryd rydych ar gael</h1>' in page
    assert "Dydd Llun" in page
    refused = client.post("/my-visits/away", data={"away-starts_on": ["", "", ""]})
    assert "Rhowch y diwrnod cyntaf i ffwrdd" in refused.text


def test_a_welsh_volunteers_account_page_is_in_welsh(app, client, personas, welsh):
    with app.app_context():
        db.session.get(User, personas["volunteer"]).language = "cy"
        db.session.commit()
    sign_in(client, PERSONAS["volunteer"][0])
    page = client.get("/account").text
    assert '<h1 class="govuk-heading-l">Eich cyfrif</h1>' in page
    assert "Eich manylion" in page
    assert "Cadw’r manylion" in page


# -- the volunteer's expenses, training and week visits (issue 19, welsh2) -------------------


def welsh_val(client) -> int:
    """Val (persona "volunteer") on Leamington Spa's panel, her account in Welsh, signed in;
    her report of 10 November filed. Returns her volunteer id."""
    from tests.reporting import make_report, pair

    suite, val, sam = pair()
    val.user.language = "cy"
    make_report(suite, visitor_1_id=val.id, visitor_2_id=sam.id)
    db.session.commit()
    sign_in(client, PERSONAS["volunteer"][0])
    return val.id


def test_a_welsh_volunteer_claims_expenses_in_welsh(app, client, personas, welsh):
    from icv.expenses.models import ExpenseClaim

    with app.app_context(), time_machine_at(datetime(2026, 12, 5, 12, 0, tzinfo=UTC)):
        welsh_val(client)
        mine = client.get("/expenses/", headers={"Accept-Language": "en"})
        assert html_lang(mine) == "cy"
        assert '<h1 class="govuk-heading-l">Eich treuliau</h1>' in mine.text
        assert "Nid ydych wedi hawlio unrhyw dreuliau eto." in mine.text
        form = client.get("/expenses/new").text
        assert "Am beth ydych chi’n hawlio?" in form
        assert "Leamington Spa, 10 Tachwedd 2026" in form  # the visit's date in Welsh
        refused = client.post("/expenses/new", data={"kind": "meeting", "parking": "-1"})
        assert refused.status_code == 400
        assert "Rhowch ddyddiad y cyfarfod neu’r hyfforddiant" in refused.text
        assert "Parcio: rhaid iddo fod yn £0 neu fwy" in refused.text
        sent = client.post(
            "/expenses/new",
            data={
                "kind": "meeting",
                "spent_on": ["18", "11", "2026"],
                "description": "Cyfarfod y panel",
                "miles": "10",
                "parking": "3.5",
            },
            follow_redirects=True,
        )
        assert db.session.scalars(select(ExpenseClaim.parking_pence)).all() == [350]
    assert "Anfonwyd yr hawliad." in sent.text
    assert "Cyfarfod y panel, 18 Tachwedd 2026" in sent.text
    assert "Yn aros am gymeradwyaeth" in sent.text
    assert "10 milltir ar 45c: £4.50" in sent.text
    assert "£3.50" in sent.text  # amounts are written as in English


def test_the_expense_mail_to_a_welsh_volunteer_is_in_welsh(app, client, personas, welsh):
    from icv.expenses import services
    from icv.expenses.services import ClaimValues
    from icv.volunteers.models import Volunteer

    with app.app_context():
        val = db.session.get(Volunteer, welsh_val(client))
        values = ClaimValues(
            "meeting", None, date(2026, 11, 18), "Cyfarfod", None, 10, 0, 0, 0, None
        )
        claim = services.submit_claim(val.user, val, values, 45)
        chris = db.session.scalars(User.by_email("chris@example.org")).one()
        services.query(chris, claim, "Pa gyfarfod?")
        db.session.commit()
        [mail] = outbox("expense-queried")
    assert mail.subject == "Cwestiwn am eich hawliad am dreuliau o £4.50"
    assert (
        "Mae gan y swyddfa gwestiwn am eich hawliad am dreuliau o £4.50 ar gyfer 18 Tachwedd 2026:"
        in mail.body_text
    )
    assert "Atebwch drwy newid yr hawliad: http" in mail.body_text


def test_a_welsh_volunteers_training_and_memorandum_are_in_welsh(app, client, personas, welsh):
    from icv.training import services as training

    with app.app_context():
        welsh_val(client)
        chris = db.session.scalars(User.by_email("chris@example.org")).one()
        training.publish_memorandum(chris, "2027-1", "Be kind.")
        db.session.commit()
    home = client.get("/").text
    assert "Mae angen i chi gytuno i femorandwm cyd-ddealltwriaeth newydd (fersiwn 2027-1)." in home
    mine = client.get("/my-training").text
    assert '<h1 class="govuk-heading-l">Eich hyfforddiant a’ch cyfarfodydd</h1>' in mine
    assert "Nid ydych wedi llofnodi memorandwm eto." in mine
    page = client.get("/my-training/memorandum").text
    assert "Be kind." in page  # the office's own words, as written
    assert "Rwyf wedi darllen y memorandwm cyd-ddealltwriaeth ac rwy’n cytuno iddo" in page
    refused = client.post("/my-training/memorandum", data={})
    assert refused.status_code == 400
    assert "Ticiwch y blwch i ddweud eich bod wedi darllen ac yn cytuno" in refused.text
    signed = client.post("/my-training/memorandum", data={"agree": "yes"}, follow_redirects=True)
    assert "Diolch: rydych wedi cytuno i fersiwn 2027-1." in signed.text


def test_a_welsh_volunteers_week_visit_is_in_welsh(app, client, welsh):
    from icv.rota.engine.problem import WEEK_BAND
    from tests.factories import make_period, make_planned_visit, make_suite, make_visitor

    with app.app_context():
        suite = make_suite("Caerfyrddin")
        val = make_visitor("val@example.org", [suite])
        val.user.language = "cy"
        period = make_period(date(2026, 11, 30), weeks=4)
        visit = make_planned_visit(period, suite, date(2026, 12, 14), [val], band=WEEK_BAND)
        db.session.commit()
        visit_id = visit.id
    with time_machine_at(datetime(2026, 12, 5, 12, 0, tzinfo=UTC)):
        sign_in(client, "val@example.org")
        page = client.get("/my-visits").text
        change = client.get(f"/my-visits/{visit_id}/change").text
    assert "Yr wythnos sy’n dechrau 14 Rhagfyr: Caerfyrddin, ar adeg a ddewiswch" in page
    assert (
        "Unrhyw ddiwrnod rhwng Dydd Llun 14 Rhagfyr a Dydd Sul 20 Rhagfyr, "
        "ar adeg a gytunwch gyda’ch partner"
    ) in page
    assert '<h1 class="govuk-heading-l">Gofyn am gyfnewid neu ollwng yr ymweliad hwn</h1>' in change
    assert "Yr wythnos sy’n dechrau 14 Rhagfyr 2026, unrhyw ddiwrnod ac amser" in change
