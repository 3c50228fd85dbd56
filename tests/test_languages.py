"""Welsh and English (issue 19): which language a page is in, the switch, dates."""

# ruff: noqa: F811 (the ``welsh`` fixture imported from tests/welsh.py is the tests' argument)

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from icv import i18n
from icv.accounts.models import User
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.settings import update_settings
from tests.conftest import sign_in
from tests.factories import PERSONAS
from tests.welsh import html_lang, welsh  # noqa: F401

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


def test_text_outside_a_request_is_english(app, welsh):
    """A scheduled job or a command reads no browser: no language to work out, English."""
    from flask_babel import gettext

    with app.app_context():
        assert gettext("Change") == "Change"
