"""The server side of writing on a phone: the background save, the service worker, lean pages."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from icv.extensions import db
from icv.visits.models import ReportDraft, VisitReport
from tests.reporting import answers, fill_report, frozen, ids, start_report  # noqa: F401


def test_the_phone_saves_its_copy_of_the_draft_in_the_background(login, ids, ctx):
    client = login("volunteer")
    key = start_report(client)
    typed = {"times": {"arrived_at": ["23:30"], "left_at": ["00:5"]}}
    response = client.post(f"/reports/draft/{key}/data", json={"sections": typed})
    assert response.status_code == 200
    assert response.json["sections"] == typed
    assert response.json["csrf_token"]
    draft = db.session.scalars(select(ReportDraft)).one()
    assert draft.data == typed
    # The section page shows what the phone saved, exactly as typed.
    assert 'value="00:5"' in client.get(f"/reports/draft/{key}/times").text
    # A later save of another section keeps the first.
    client.post(f"/reports/draft/{key}/data", json={"sections": {"comments": {"comments": ["x"]}}})
    db.session.refresh(draft)
    assert set(draft.data) == {"times", "comments"}


@pytest.mark.parametrize(
    "sections",
    [
        {"nonsense": {}},
        {"times": {"arrived_at": "23:30"}},
        {"times": {"arrived_at": [1]}},
        {"times": {"arrived_at": ["x" * 5001]}},
        ["times"],
    ],
)
def test_a_save_that_is_not_a_draft_is_refused(login, ids, ctx, sections):
    client = login("volunteer")
    key = start_report(client)
    response = client.post(f"/reports/draft/{key}/data", json={"sections": sections})
    assert response.status_code == 400
    assert response.json == {"error": "The draft could not be read"}
    assert db.session.scalars(select(ReportDraft)).one().data == {}


@pytest.mark.parametrize("body", [["sections"], "sections", 3, True])
def test_a_body_that_is_not_an_object_is_refused(login, ids, ctx, body):
    # Found by the generated input (issue 18): JSON that is a list, a string or a number was
    # read as an object, and the save answered 500.
    client = login("volunteer")
    key = start_report(client)
    response = client.post(f"/reports/draft/{key}/data", json=body)
    assert response.status_code == 400
    assert response.json == {"error": "The draft could not be read"}
    assert db.session.scalars(select(ReportDraft)).one().data == {}


def test_nul_characters_from_the_phone_are_dropped_before_they_are_stored(login, ids, ctx):
    # PostgreSQL refuses U+0000 in text; a phone's copy may carry one (a paste, a bad keyboard).
    client = login("volunteer")
    key = start_report(client)
    fill_report(client, key, answers(ids["suite"], ids["sam"], ids["val"]))
    typed = {"comments": {"good_practice": ["Staff were\u0000 kind"], "comm\u0000ents": ["x"]}}
    response = client.post(f"/reports/draft/{key}/data", json={"sections": typed})
    assert response.status_code == 200
    assert response.json["sections"]["comments"] == {
        "good_practice": ["Staff were kind"],
        "comments": ["x"],
    }
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    report = db.session.scalars(select(VisitReport)).one()
    assert (report.good_practice, report.comments) == ("Staff were kind", "x")


def test_a_phone_whose_session_ended_is_told_to_sign_in_again(client, ids):
    response = client.post("/reports/draft/any-key/data", json={"sections": {}})
    assert response.status_code == 401
    assert response.json == {"error": "Sign in again to save your report"}


def test_a_save_after_the_report_was_sent_points_to_the_report(login, ids, ctx):
    client = login("volunteer")
    key = start_report(client)
    fill_report(client, key, answers(ids["suite"], ids["sam"], ids["val"]))
    client.post(f"/reports/draft/{key}/check")
    report = db.session.scalars(select(VisitReport)).one()
    response = client.post(f"/reports/draft/{key}/data", json={"sections": {}})
    assert response.status_code == 409
    assert response.json["report"] == f"/reports/{report.id}"


def test_the_service_worker_is_served_for_the_report_pages(client):
    response = client.get("/reports/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "const CACHE = 'icv-reports-v1'" in response.text
    again = client.get("/reports/sw.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_background_requests_hand_back_no_cookie_to_undo_a_flashed_message(login, ids):
    """The browser checks the service worker (and the phone copies a draft) alongside the
    page's own requests: a cookie handed back by one of them, read before the send flashed
    "Your report has been sent", would undo it when it arrives after the send's."""
    client = login("volunteer")
    key = start_report(client)
    assert "Set-Cookie" not in client.get("/reports/sw.js").headers
    client.get(f"/reports/draft/{key}/data")  # its form token first kept in the session
    assert "Set-Cookie" not in client.get(f"/reports/draft/{key}/data").headers
    fill_report(client, key, answers(ids["suite"], ids["val"], ids["sam"]))
    sent = client.post(f"/reports/draft/{key}/check", headers={"Accept": "application/json"})
    assert "Set-Cookie" in sent.headers  # the message flashed, for the report's page
    client.get("/reports/sw.js")
    assert "Your report has been sent" in client.get(sent.json["report"]).text


def test_report_pages_load_only_the_lean_stylesheet_and_the_report_script(login, ids):
    client = login("volunteer")
    key = start_report(client)
    page = client.get(f"/reports/draft/{key}/visit").text
    assert "dist/report.css" in page
    assert "dist/app.css" not in page
    assert "js/report.js" in page
    assert 'data-next="/reports/draft/' + key + '/times"' in page
    # Every free-text box warns against naming anyone held.
    assert page.count("Do not name anyone held in custody.") == 2  # two text boxes here
    issues = client.get(f"/reports/draft/{key}/issues").text
    assert issues.count("Do not name anyone held in custody.") == 3
    assert "dist/app.css" in client.get("/account").text  # every other page is unchanged


def test_the_task_list_keeps_every_section_page_on_the_phone(login, ids):
    client = login("volunteer")
    key = start_report(client)
    page = client.get(f"/reports/draft/{key}").text
    assert f"/reports/draft/{key}/people" in page.split("data-precache=")[1]
    assert "/reports/offline" in page.split("data-precache=")[1]


def test_every_text_box_gives_its_character_count_its_limit(login, ids):
    # Without a limit GOV.UK Frontend's script refuses to start the count (a ConfigError).
    client = login("volunteer")
    key = start_report(client)
    page = client.get(f"/reports/draft/{key}/comments").text
    counts = re.findall(r'<div class="govuk-form-group govuk-character-count"([^>]*)>', page)
    assert [re.findall(r'data-maxlength="(\d+)"', attrs) for attrs in counts] == [
        ["2000"],
        ["4000"],
    ]
    assert "You can enter up to 2000 characters" in page
    assert "You can enter up to 4000 characters" in page
