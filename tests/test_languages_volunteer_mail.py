"""The mail a volunteer can still receive and the account pages they reach, in their language
(issue 19): a visit changed, a request decided, vetting and term reminders, a second factor
reset, the reminder settings and where they are signed in."""

from __future__ import annotations

from datetime import date

import pytest

from icv.accounts.models import User
from icv.extensions import db
from icv.notifications.services import queue_email
from icv.rota.models import SwapRequest
from icv.settings import update_settings
from tests.conftest import sign_in
from tests.factories import PERSONAS, make_period, make_planned_visit, make_suite, make_visitor
from tests.mail import outbox

VISIT_DAY = date(2026, 12, 9)


@pytest.fixture
def pair(app):
    """Caerfyrddin's visit on Wednesday 9 December 2026 with Val (Welsh) and Sam (English)."""
    with app.app_context():
        update_settings(None, {"welsh_offered": True})
        suite = make_suite("Caerfyrddin")
        val = make_visitor("val@example.org", [suite], name="Val Volunteer")
        sam = make_visitor("sam@example.org", [suite], name="Sam Second")
        val.user.language = "cy"
        visit = make_planned_visit(
            make_period(date(2026, 11, 30), weeks=4), suite, VISIT_DAY, [val, sam]
        )
        db.session.commit()
        yield visit, val, sam


def by_address(kind: str) -> dict:
    return {mail.to_address: mail for mail in outbox(kind)}


def test_a_cancelled_visit_is_told_in_each_volunteers_language(pair):
    from icv.rota.mail import visit_changed

    visit, val, sam = pair
    visit.cancel_reason = "Llifogydd"
    visit_changed(visit, [val, sam], "cancelled")
    mail = by_address("rota-visit-changed")
    cy, en = mail["val@example.org"], mail["sam@example.org"]
    assert cy.subject == "Mae ymweliad â’r ddalfa wedi’i ganslo"
    assert cy.body_text.startswith("Annwyl Val,\n\nMae’r ymweliad hwn wedi’i ganslo:\n\n")
    assert "Dydd Mercher 9 Rhagfyr 2026, " in cy.body_text
    assert "Rheswm: Llifogydd" in cy.body_text
    assert "Gweld eich ymweliadau" in cy.body_html
    assert en.subject == "A custody visit has been cancelled"
    assert "This visit has been cancelled:" in en.body_text
    assert "Reason: Llifogydd" in en.body_text


@pytest.mark.parametrize(
    ("what", "subject"),
    [
        ("moved", "Mae ymweliad â’r ddalfa wedi symud"),
        ("changed", "Mae ymweliad â’r ddalfa wedi newid"),
        ("added", "Mae ymweliad â’r ddalfa wedi’i ychwanegu at eich rota"),
        ("removed", "Nid chi sy’n gwneud ymweliad â’r ddalfa mwyach"),
    ],
)
def test_every_change_to_a_visit_has_welsh_words(pair, what, subject):
    from icv.rota.mail import visit_changed

    visit, val, _sam = pair
    visit_changed(visit, [val], what)
    [mail] = outbox("rota-visit-changed")
    assert mail.subject == subject
    assert "Reason" not in mail.body_text
    assert "Rheswm" not in mail.body_text


def test_a_request_decided_is_told_in_welsh(pair):
    from icv.rota.mail import request_decided

    visit, val, sam = pair
    request = SwapRequest(
        visit=visit, volunteer=val, kind="drop", reason="Sâl", status="replaced", replacement=sam
    )
    db.session.add(request)
    db.session.flush()
    request_decided(request)
    [mail] = outbox("rota-request-decided")
    assert mail.subject == "Ynglŷn â’r ymweliad y gofynnoch am gael ei ollwng"
    assert "Gofynnoch am gael gollwng yr ymweliad hwn:" in mail.body_text
    assert "Bydd Sam yn ei wneud yn eich lle. Nid yw ar eich rota mwyach." in mail.body_text
    assert "Gweld eich ymweliadau" in mail.body_html


def test_vetting_and_term_reminders_are_in_welsh(pair):
    from icv.jobs.emails import expiry_reminder

    _visit, val, _sam = pair
    today = date(2026, 12, 5)
    assert expiry_reminder(val, "vetting", "vetting-due", date(2027, 1, 4), today)
    assert expiry_reminder(val, "term", "term-ending", date(2026, 12, 6), today)
    [vetting] = outbox("vetting-due")
    assert vetting.subject == "Mae angen adnewyddu eich fetio gan yr heddlu erbyn 4 Ionawr 2027"
    assert (
        "Mae eich fetio gan yr heddlu yn ddilys tan 4 Ionawr 2027, sef ymhen 30 diwrnod."
        in vetting.body_text
    )
    [term] = outbox("term-ending")
    assert term.subject == "Mae eich cyfnod fel ymwelydd â dalfeydd yn dod i ben ar 6 Rhagfyr 2026"
    assert "yn dod i ben ar 6 Rhagfyr 2026, sef yfory." in term.body_text
    assert "Gweld manylion eich penodiad" in term.body_html


def test_a_second_factor_reset_is_told_in_the_persons_language(pair):
    _visit, val, sam = pair
    queue_email(val.user.email, "second-factor-reset", user=val.user, link="http://icv.test/")
    queue_email(sam.user.email, "second-factor-reset", user=sam.user, link="http://icv.test/")
    mail = by_address("second-factor-reset")
    assert mail["val@example.org"].subject.startswith("Mae eich ail ffactor ar gyfer ")
    assert (
        "Mae gweinyddwr wedi ailosod ail ffactor eich cyfrif" in mail["val@example.org"].body_text
    )
    assert mail["sam@example.org"].subject.endswith(" has been reset")


def test_the_reminder_settings_and_sessions_pages_are_in_welsh(app, client, personas):
    with app.app_context():
        update_settings(None, {"welsh_offered": True})
        db.session.get(User, personas["volunteer"]).language = "cy"
        db.session.commit()
    sign_in(client, PERSONAS["volunteer"][0])
    reminders = client.get("/account/reminders").text
    assert "<title>Nodiadau atgoffa drwy e-bost" in reminders
    assert "Adnewyddu fetio’r heddlu" in reminders
    assert "Cyn i’ch cyfnod penodi ddod i ben." in reminders
    assert "Police vetting renewal" not in reminders
    account = client.get("/account").text
    assert "Ymweliadau i’w cadarnhau" in account
    sessions = client.get("/account/sessions").text
    assert '<h1 class="govuk-heading-l">Ble rydych wedi mewngofnodi</h1>' in sessions
    assert "Y porwr hwn" in sessions
    assert "Nid ydych wedi mewngofnodi yn unman arall." in sessions


def test_the_public_notices_and_the_account_are_in_welsh(app, client, personas):
    with app.app_context():
        update_settings(None, {"welsh_offered": True})
        db.session.commit()
    welsh = {"Accept-Language": "cy"}
    accessibility = client.get("/accessibility", headers=welsh).text
    assert '<h1 class="govuk-heading-l">Datganiad hygyrchedd</h1>' in accessibility
    assert "chwyddo hyd at 400% heb i’r testun ddisgyn oddi ar y sgrin" in accessibility
    privacy = client.get("/privacy", headers=welsh).text
    assert "<strong>Pobl yn y ddalfa:</strong> ni chânt byth eu henwi." in privacy
    assert "Cwcis" in privacy
    sign_in(client, PERSONAS["volunteer"][0])
    assert client.get("/language/cy?next=/account").status_code == 302
    assert "Yn y porwr hwn yn unig" in client.get("/account").text


def test_the_sign_in_page_a_protected_page_sends_to_is_in_welsh(app, client):
    with app.app_context():
        update_settings(None, {"welsh_offered": True})
        db.session.commit()
    welsh = {"Accept-Language": "cy"}
    sent = client.get("/my-visits", headers=welsh)
    assert sent.status_code == 302
    page = client.get(sent.headers["Location"], headers=welsh).text
    tags = " ".join(page.split()).replace("> ", ">").replace(" <", "<")  # white space aside
    assert ">Pwysig</h2>" in tags  # the banner's title
    assert "Mewngofnodwch i weld y dudalen hon." in page
    assert "Sign in to see this page." not in page
    # The password's show button and what a screen reader hears of it.
    assert ">Dangos</button>" in tags
    assert 'data-i18n.show-password="Dangos"' in page
    assert 'data-i18n.hide-password-aria-label="Cuddio’r cyfrinair"' in page


@pytest.mark.parametrize(("others", "words"), [(1, "ac un arall"), (2, "a 2 arall")])
def test_the_account_counts_the_other_browsers_in_welsh(app, client, personas, others, words):
    """Welsh says "and" as "ac" before a vowel: one other browser is "ac un arall"."""
    with app.app_context():
        update_settings(None, {"welsh_offered": True})
        db.session.get(User, personas["volunteer"]).language = "cy"
        db.session.commit()
    for _ in range(others):
        sign_in(app.test_client(), PERSONAS["volunteer"][0])
    sign_in(client, PERSONAS["volunteer"][0])
    assert f"Yn y porwr hwn {words}" in client.get("/account").text
