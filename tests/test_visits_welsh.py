"""A Welsh-speaking volunteer writes and sends a visit report in Welsh (issue 19)."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import html
import json
import re

import pytest
from sqlalchemy import select

from icv.extensions import db
from icv.settings import update_settings
from icv.visits.models import VisitReport
from tests.conftest import sign_in
from tests.factories import PERSONAS
from tests.mail import outbox, queue_report_mails
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    answers,
    field_error,
    fill_report,
    frozen,
    ids,
    post_section,
    start_report,
)


@pytest.fixture
def welsh_volunteer(app, login, ids):
    """Val, signed in, has chosen Welsh on a scheme that offers it."""
    with app.app_context():
        update_settings(None, {"welsh_offered": True})
        db.session.commit()
    client = login("volunteer")
    assert client.get("/language/cy?next=/reports").status_code == 302
    return client


def html_lang(page: str) -> str:
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


def words(page: str) -> str:
    """The page's text as read: entities made characters, runs of white space one space."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_task_list_and_the_reports_list_are_in_welsh(welsh_volunteer):
    reports = welsh_volunteer.get("/reports").text
    assert html_lang(reports) == "cy"
    assert '<h1 class="govuk-heading-l">Eich adroddiadau ymweliadau</h1>' in reports
    assert "Nid ydych wedi anfon adroddiad eto." in reports
    key = start_report(welsh_volunteer)
    tasks = welsh_volunteer.get(f"/reports/draft/{key}").text
    assert '<h1 class="govuk-heading-l">Adroddiad ymweliad</h1>' in tasks
    text = words(tasks)
    for title in ("Yr ymweliad", "Amseroedd", "Pobl yn y ddalfa", "Yr hyn a wiriwyd gennych"):
        assert title in text
    assert "Heb ddechrau" in text
    assert "Dileu’r drafft hwn" in text
    # What report.js says on the phone, in Welsh too (the page gives it its words).
    given = re.search(r'data-words="([^"]*)"', tasks)
    assert json.loads(html.unescape(given.group(1)))["kept"] == "Wedi’i gadw ar y ffôn hwn."


def test_a_section_asks_in_welsh_and_says_what_is_wrong_in_welsh(welsh_volunteer):
    key = start_report(welsh_volunteer)
    page = welsh_volunteer.get(f"/reports/draft/{key}/visit").text
    text = words(page)
    assert "Adroddiad ymweliad: adran 1 o 8" in text
    assert "Pa ddalfa y gwnaethoch ymweld â hi?" in text
    assert "Wyneb yn wyneb" in text
    assert "Peidiwch ag enwi unrhyw un sy’n cael ei gadw yn y ddalfa." in text
    response = post_section(welsh_volunteer, key, "visit", {"visit_date": ["20", "11", "2026"]})
    assert response.status_code == 200
    assert field_error(response.text, "suite_id") == ("Dewiswch y ddalfa y gwnaethoch ymweld â hi")
    assert field_error(response.text, "mode") == "Dewiswch sut y gwnaethoch ymweld"
    times = {"arrived_at": "7 o'clock", "left_at": ""}
    response = post_section(welsh_volunteer, key, "times", times)
    assert field_error(response.text, "arrived_at") == (
        "Rhowch yr amser y cyrhaeddoch fel hyn, er enghraifft 19:05"
    )
    assert field_error(response.text, "left_at") == "Rhowch yr amser y gadawoch"


def test_the_rules_across_answers_say_what_is_wrong_in_welsh(welsh_volunteer, ids):
    key = start_report(welsh_volunteer)
    fill_report(welsh_volunteer, key, {"visit": answers(ids["suite"], None, ids["val"])["visit"]})
    times = {"arrived_at": "14:00", "admitted_at": "14:05", "left_at": "13:00"}
    response = post_section(welsh_volunteer, key, "times", times)
    assert field_error(response.text, "left_at") == (
        "Amseroedd yn y drefn anghywir: byddai cyrraedd am 14:00 a gadael am 13:00 yn ymweliad "
        "o dros 8 awr. Gwiriwch y ddau amser"
    )
    people = {"in_custody": "6", "spoken": "2", "not_offered": "1", "reason_asleep": "2"}
    response = post_section(welsh_volunteer, key, "people", people)
    assert field_error(response.text, "in_custody") == (
        "Cyfrifwch bawb yn y ddalfa unwaith: mae 2 y siaradwyd â nhw, 0 a welwyd, 0 a wrthododd "
        "a 1 na chafodd gynnig yn gwneud 3, ond rydych wedi rhoi 6 yn y ddalfa"
    )
    assert field_error(response.text, "not_offered") == (
        "Mae’r rhesymau’n adio i 2 o bobl, ond rydych wedi rhoi 1 heb gael cynnig ymweliad"
    )


def test_the_checks_are_asked_in_welsh(welsh_volunteer):
    key = start_report(welsh_volunteer)
    text = words(welsh_volunteer.get(f"/reports/draft/{key}/checks").text)
    assert "Hawliau a hawlogaethau" in text
    assert "Wedi cael gwybod am eu hawliau" in text
    assert "Teledu cylch cyfyng yn gweithio" in text
    assert "Told of their rights" not in text
    assert "At ei gilydd, sut y cawsoch y ddalfa?" in text
    assert "Boddhaol gyda rhai pryderon" in text


def test_a_welsh_volunteer_checks_and_sends_a_report(welsh_volunteer, ids, ctx):
    key = start_report(welsh_volunteer)
    fill_report(welsh_volunteer, key, answers(ids["suite"], ids["sam"], ids["val"]))
    check = words(welsh_volunteer.get(f"/reports/draft/{key}/check").text)
    assert "Gwiriwch eich adroddiad cyn ei anfon" in check
    assert "Dyddiad 20 Tachwedd 2026" in check
    assert "Sut y gwnaethoch ymweld Wyneb yn wyneb" in check
    assert "Gadael 00:50 (ar ôl hanner nos)" in check
    assert "Aros i gael mynd i mewn 20 munud" in check
    assert "Wedi cael gwybod am eu hawliau: 2" in check
    assert "Teledu cylch cyfyng yn gweithio: Ydy" in check
    assert "Wedi ymweld ag unrhyw un a gedwir o dan y Ddeddf Terfysgaeth Naddo" in check
    assert "Anfon yr adroddiad" in check
    response = welsh_volunteer.post(f"/reports/draft/{key}/check")
    report = db.session.scalars(select(VisitReport)).one()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/reports/{report.id}"
    assert (report.submission_key, report.rating, report.mode) == (key, "concerns", "in_person")
    queue_report_mails()
    assert [m.to_address for m in outbox("report-confirm")] == ["sam@example.org"]
    page = welsh_volunteer.get(response.headers["Location"]).text
    assert html_lang(page) == "cy"
    text = words(page)
    assert "Mae eich adroddiad wedi cael ei anfon. Diolch." in text
    assert "Adroddiad ymweliad, fersiwn 1" in text
    assert "Yn aros i’r ymwelydd arall gadarnhau" in text
    assert "Copi i’w argraffu" in text


def hidden_prefix(page: str, field: str) -> str:
    """What a screen reader says before a field's error message."""
    found = re.search(
        rf'<p id="{field}-error" class="govuk-error-message">\s*'
        r'<span class="govuk-visually-hidden">([^<]*)</span>',
        page,
    )
    return found.group(1) if found else ""


def test_a_screen_reader_hears_gwall_before_each_message(app, welsh_volunteer):
    key = start_report(welsh_volunteer)
    refused = post_section(welsh_volunteer, key, "visit", {"visit_date": ["20", "11", "2026"]})
    assert hidden_prefix(refused.text, "suite_id") == "Gwall:"  # radios
    times = post_section(welsh_volunteer, key, "times", {"arrived_at": "x", "left_at": ""})
    assert hidden_prefix(times.text, "arrived_at") == "Gwall:"  # a text input
    english = app.test_client()  # Sam, in English, in a browser of his own
    assert sign_in(english, PERSONAS["volunteer2"][0]).status_code == 302
    other = start_report(english)
    refused = post_section(english, other, "visit", {"visit_date": ["20", "11", "2026"]})
    assert hidden_prefix(refused.text, "suite_id") == "Error:"


def test_counts_out_of_range_say_so_in_welsh(welsh_volunteer, ids):
    key = start_report(welsh_volunteer)
    fill_report(welsh_volunteer, key, {"visit": answers(ids["suite"], None, ids["val"])["visit"]})
    people = {"in_custody": "1000", "spoken": "0", "juveniles": "0"}
    response = post_section(welsh_volunteer, key, "people", people)
    assert field_error(response.text, "in_custody") == (
        "Y nifer yn y ddalfa: ni all fod yn fwy na 999"
    )
    people = {"in_custody": "3", "spoken": "3", "juveniles": "4", "vulnerable": "0"}
    response = post_section(welsh_volunteer, key, "people", people)
    assert field_error(response.text, "juveniles") == (
        "Ni all y nifer fod yn fwy na’r 3 o bobl yn y ddalfa (plant)"
    )
    people = {"in_custody": "1", "spoken": "1", "vulnerable": "2"}
    response = post_section(welsh_volunteer, key, "people", people)
    assert field_error(response.text, "vulnerable") == (
        "Ni all y nifer fod yn fwy na’r 1 person yn y ddalfa (oedolion agored i niwed)"
    )


def test_a_time_the_clocks_skipped_is_refused_in_welsh(welsh_volunteer, ids):
    # The clocks went forward from 01:00 to 02:00 on Sunday 29 March 2026: no 01:30 that night.
    key = start_report(welsh_volunteer)
    spring = answers(
        ids["suite"], ids["sam"], ids["val"], visit={"visit_date": ["29", "3", "2026"]}
    )
    fill_report(welsh_volunteer, key, {"visit": spring["visit"]})
    times = {**spring["times"], "arrived_at": "01:30", "admitted_at": "02:35", "left_at": "03:30"}
    refused = post_section(welsh_volunteer, key, "times", times)
    assert field_error(refused.text, "arrived_at") == (
        "Nid oedd 01:30 ar 29 Mawrth 2026: aeth y clociau ymlaen awr am 01:00. Rhowch yr amser "
        "a ddangosai’r clociau, fel 02:30"
    )


def test_a_checks_count_too_high_is_refused_in_welsh_with_the_checks_welsh_words(
    welsh_volunteer, ids
):
    client = welsh_volunteer
    key = start_report(client)
    fill_report(client, key, answers(ids["suite"], ids["sam"], ids["val"]))
    told = {"check_told_rights": "3", "rating": "concerns"}
    page = post_section(client, key, "checks", told)
    assert field_error(page.text, "check_told_rights") == (
        "Wedi cael gwybod am eu hawliau: mae 3 yn fwy na'r 2 o bobl y buoch yn siarad â nhw"
    )
    present = {"check_interpreter_needed": "1", "check_interpreter_present": "2"}
    page = post_section(client, key, "checks", present | {"rating": "concerns"})
    assert field_error(page.text, "check_interpreter_present") == (
        "Wedi cael cyfieithydd: mae 2 yn fwy na 1 (Angen cyfieithydd)"
    )


PARTNER_SENT_IN_WELSH = (
    "Mae eich partner ymweld eisoes wedi anfon yr adroddiad am yr ymweliad hwn: cadarnhewch ef "
    "neu ychwanegwch eich sylwadau o Eich adroddiadau"
)


def test_a_visit_the_partner_reported_first_is_refused_in_welsh(welsh_volunteer, login, ids):
    """Val, in Welsh, has written the whole report; Sam sends his first. Val's send is
    refused with the page offering Sam's report to confirm, and the date is refused in
    Welsh (it was in English, and the offer was lost in Welsh)."""
    mine = start_report(welsh_volunteer)
    fill_report(welsh_volunteer, mine, answers(ids["suite"], ids["val"], ids["sam"]))
    welsh_volunteer.post("/sign-out")
    sam = login("volunteer2")
    theirs = start_report(sam)
    fill_report(sam, theirs, answers(ids["suite"], ids["sam"], ids["val"]))
    sent = sam.post(f"/reports/draft/{theirs}/check")
    assert sent.status_code == 302, sent.text
    sam.post("/sign-out")
    val = login("volunteer")
    refused = val.post(f"/reports/draft/{mine}/check")
    assert refused.status_code == 400
    assert html_lang(refused.text) == "cy"
    assert f'href="{sent.headers["Location"]}#confirm"' in refused.text
    page = post_section(val, mine, "visit", answers(ids["suite"], ids["val"], ids["sam"])["visit"])
    assert field_error(page.text, "visit_date") == PARTNER_SENT_IN_WELSH


def test_confirming_the_partners_report_says_thank_you_in_welsh(welsh_volunteer, login, ids):
    """Sam sends; Val, in Welsh, confirms it, then taps again: both notices in Welsh."""
    welsh_volunteer.post("/sign-out")
    sam = login("volunteer2")
    key = start_report(sam)
    fill_report(sam, key, answers(ids["suite"], ids["sam"], ids["val"]))
    location = sam.post(f"/reports/draft/{key}/check").headers["Location"]
    sam.post("/sign-out")
    val = login("volunteer")
    assert val.post(location + "/confirm", data={"comments": ""}).status_code == 302
    assert val.post(location + "/confirm", data={"comments": ""}).status_code == 302
    page = words(val.get(location).text)
    assert "Diolch: rydych wedi cadarnhau’r adroddiad." in page
    assert "Mae’r adroddiad hwn eisoes wedi’i gadarnhau." in page
