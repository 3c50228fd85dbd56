"""Welsh and English (issue 19): which language a page and a mail are in, the switch, dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from icv import i18n
from icv.accounts.models import User
from icv.accounts.services import request_password_reset
from icv.applications.models import Application
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.settings import update_settings
from tests.conftest import sign_in
from tests.factories import PERSONAS, make_application, make_user
from tests.mail import outbox


@pytest.fixture
def welsh(app):
    """The scheme offers Welsh (English schemes do not: the default)."""
    with app.app_context():
        update_settings(None, {"welsh_offered": True})
        db.session.commit()


def html_lang(response) -> str:
    return response.text.split('<html lang="', 1)[1].split('"', 1)[0]


# -- choosing the language (pure) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("account", "session", "accept", "expected"),
    [
        ("cy", "en", "en", "cy"),  # the account's choice first
        (None, "cy", "en", "cy"),  # then this browser's choice
        (None, None, "cy", "cy"),  # then what the browser asks for
        (None, None, None, "en"),
        ("fr", "de", None, "en"),  # never a language icv is not written in
    ],
)
def test_it_chooses_account_then_session_then_browser(account, session, accept, expected):
    chosen = i18n.choose_language(
        welsh_offered=True, account=account, session=session, accept=accept
    )
    assert chosen == expected


def test_it_is_always_english_where_welsh_is_not_offered():
    chosen = i18n.choose_language(welsh_offered=False, account="cy", session="cy", accept="cy")
    assert chosen == "en"
    assert i18n.language_for_mail(welsh_offered=False, chosen="cy") == "en"
    assert i18n.language_for_mail(welsh_offered=True, chosen="cy") == "cy"
    assert i18n.language_for_mail(welsh_offered=True, chosen=None) == "en"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/apply",
        "/\\evil.example",
        "evil.example",
        "javascript:alert(1)",
        "/apply\r\nLocation: https://evil.example",
        "",
        None,
    ],
)
def test_it_refuses_a_return_path_off_the_site(target):
    assert i18n.safe_return_path(target) is None


def test_it_keeps_a_return_path_on_the_site():
    assert i18n.safe_return_path("/apply/about-you?x=1") == "/apply/about-you?x=1"


# -- dates in the reader's language ------------------------------------------------------------


def test_it_writes_dates_in_welsh_and_english(ctx):
    day = date(2026, 12, 5)
    with force_locale("cy"):
        assert i18n.format_date(day) == "5 Rhagfyr 2026"
        assert i18n.format_date(day, "weekday_year") == "Dydd Sadwrn 5 Rhagfyr 2026"
        assert i18n.format_date(day, "day_month") == "5 Rhagfyr"
    with force_locale("en"):
        assert i18n.format_date(day) == "5 December 2026"
        assert i18n.format_date(day, "weekday") == "Saturday 5 December"
        assert i18n.format_date(day, "short") == "Sat 5 Dec 2026"


def test_it_writes_times_in_uk_time_either_side_of_the_clock_change(ctx):
    with force_locale("en"):
        # 23:30 UTC on 31 March is 00:30 BST on 1 April; in winter UTC is UK time.
        assert i18n.format_datetime(datetime(2026, 3, 31, 23, 30, tzinfo=UTC)) == (
            "1 Apr 2026, 00:30"
        )
        assert i18n.format_datetime(datetime(2026, 12, 5, 9, 5, tzinfo=UTC)) == (
            "5 Dec 2026, 09:05"
        )
        assert i18n.format_time(datetime(2026, 7, 1, 12, 0)) == "13:00"  # naive is UTC
        assert i18n.format_date(datetime(2026, 3, 31, 23, 30, tzinfo=UTC)) == "1 April 2026"
    with force_locale("cy"):
        assert i18n.format_datetime(datetime(2026, 12, 5, 9, 5, tzinfo=UTC)) == (
            "5 Rhag 2026, 09:05"
        )


# -- pages -------------------------------------------------------------------------------------


def test_it_answers_a_welsh_browser_in_welsh_only_where_welsh_is_offered(app, client):
    welsh_browser = {"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"}
    english_scheme = client.get("/accessibility", headers=welsh_browser)
    assert html_lang(english_scheme) == "en"
    assert "Skip to main content" in english_scheme.text
    assert "Cymraeg" not in english_scheme.text  # no switch either
    with app.app_context():
        update_settings(None, {"welsh_offered": True})
        db.session.commit()
    welsh_scheme = client.get("/accessibility", headers=welsh_browser)
    assert html_lang(welsh_scheme) == "cy"
    assert "Neidio i’r prif gynnwys" in welsh_scheme.text
    english_browser = client.get("/accessibility", headers={"Accept-Language": "en-GB"})
    assert html_lang(english_browser) == "en"


def test_the_switch_keeps_the_page_and_the_choice(app, client, welsh):
    page = client.get("/accessibility")
    assert html_lang(page) == "en"
    assert 'href="/language/cy?next=/accessibility" lang="cy" hreflang="cy">Cymraeg</a>' in (
        page.text
    )
    switched = client.get("/language/cy?next=/accessibility")
    assert switched.status_code == 302
    assert switched.headers["Location"] == "/accessibility"
    # Kept for this browser, over what it asks for.
    again = client.get("/accessibility", headers={"Accept-Language": "en"})
    assert html_lang(again) == "cy"
    assert 'href="/language/en?next=/accessibility" lang="en" hreflang="en">English</a>' in (
        again.text
    )
    back = client.get("/language/en?next=/accessibility")
    assert back.headers["Location"] == "/accessibility"
    assert html_lang(client.get("/accessibility", headers={"Accept-Language": "cy"})) == "en"


def test_the_switch_keeps_the_query_of_the_page(client, welsh):
    page = client.get("/sign-in?next=/my-visits")
    assert "/language/cy?next=/sign-in?next%3D/my-visits" in page.text
    switched = client.get("/language/cy", query_string={"next": "/sign-in?next=/my-visits"})
    assert switched.headers["Location"] == "/sign-in?next=/my-visits"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_the_switch_never_sends_anyone_off_the_site(client, welsh, target):
    switched = client.get("/language/cy", query_string={"next": target})
    assert switched.status_code == 302
    assert switched.headers["Location"] == "/"
    assert html_lang(client.get("/accessibility")) == "cy"  # the choice still counts


def test_the_switch_is_not_there_for_an_english_scheme_or_another_language(client, welsh):
    assert client.get("/language/fr?next=/").status_code == 404
    with client.application.app_context():
        update_settings(None, {"welsh_offered": False})
        db.session.commit()
    assert client.get("/language/cy?next=/").status_code == 404


def test_the_switch_is_kept_on_the_account_of_someone_signed_in(app, client, personas, welsh):
    sign_in(client, PERSONAS["volunteer"][0])
    client.get("/language/cy?next=/")
    with app.app_context():
        user = db.session.get(User, personas["volunteer"])
        assert user.language == "cy"
        actions = [e.action for e in db.session.scalars(select(AuditEvent))]
        assert actions.count("account.language_set") == 1
    # Another browser, signed in to the same account, is in Welsh without choosing.
    other = app.test_client()
    sign_in(other, PERSONAS["volunteer"][0])
    assert html_lang(other.get("/", headers={"Accept-Language": "en"})) == "cy"


def test_the_settings_page_turns_welsh_on(app, login):
    client = login("admin")
    assert "Offer every page and email in Welsh too" in client.get("/admin/settings").text
    response = client.post(
        "/admin/settings",
        data={
            "scheme_name": "Dyfed-Powys Independent Custody Visiting Scheme",
            "office_name": "Office of the Police and Crime Commissioner for Dyfed-Powys",
            "contact_email": "icv@dyfed-powys.example.org",
            "pence_per_mile": "45",
            "welsh_offered": "y",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        from icv.settings import get_settings

        assert get_settings()["welsh_offered"] is True


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


# -- the migration ------------------------------------------------------------------------------


def test_applications_from_before_the_migration_are_in_english(app):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import MetaData, Table, text

    from tests.factories import make_application

    with app.app_context():
        make_application()
        make_user(email="val@example.org")
        db.session.commit()
        with db.engine.begin() as connection:  # set aside, put back in the older schema
            applications = Table("applications", MetaData(), autoload_with=connection)
            row = dict(connection.execute(select(applications)).mappings().one())
            connection.execute(text("DELETE FROM referees"))
            connection.execute(text("DELETE FROM applications"))
        downgrade(revision="01ad5136519d")
        with db.engine.begin() as connection:
            del row["language"]
            applications = Table("applications", MetaData(), autoload_with=connection)
            connection.execute(applications.insert().values(row))
        upgrade()
        with db.engine.begin() as connection:
            assert connection.execute(text("SELECT language FROM applications")).all() == [("en",)]
            assert connection.execute(text("SELECT language FROM users")).all() == [(None,)]


# -- the applicant's journey in Welsh --------------------------------------------------------


def test_an_applicant_applies_in_welsh_and_is_mailed_in_welsh(app, client, welsh):
    import time_machine

    from icv.applications.models import Application
    from tests.applying import answer, apply
    from tests.mail import link_path

    with time_machine.travel(datetime(2026, 12, 5, 12, 0, tzinfo=UTC), tick=False):
        client.get("/language/cy?next=/apply")
        start = client.get("/apply")
        assert "Gwneud cais i fod yn ymwelydd annibynnol â dalfeydd" in start.text
        refused = answer(client, "about-you", name="", date_of_birth=["31", "2", "1980"])
        assert refused.status_code == 200
        assert html_lang(refused) == "cy"
        assert "<title>Gwall: Amdanoch chi" in refused.text
        assert "Rhowch enw" in refused.text
        assert "Dyddiad geni: rhaid iddo fod yn ddyddiad go iawn" in refused.text
        assert apply(client).headers["Location"] == "/apply/done"
        assert "Cais wedi’i anfon" in client.get("/apply/done").text
        with app.app_context():
            [application] = db.session.scalars(select(Application)).all()
            assert application.language == "cy"
            [mail] = outbox("application-received")
            assert mail.subject == (
                f"Eich cais i fod yn ymwelydd â dalfeydd: {application.reference}"
            )
            assert "Diolch am wneud cais i fod yn ymwelydd annibynnol â dalfeydd" in (
                mail.body_text
            )
            status_path = link_path(mail)
        # The status page in the applicant's language, its dates in Welsh.
        status = client.get(status_path)
        assert "Eich cais: wedi dod i law" in status.text
        assert "5 Rhag 2026, 12:00" in status.text


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


def time_machine_at(moment: datetime):
    import time_machine

    return time_machine.travel(moment, tick=False)


def test_text_outside_a_request_is_english(app, welsh):
    """A scheduled job or a command reads no browser: no language to work out, English."""
    from flask_babel import gettext

    with app.app_context():
        assert gettext("Change") == "Change"


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
