"""Subject access: everything held about a volunteer or an applicant, on the administrator's
page, as a JSON download and from the command line; detainee notes never in it."""

from __future__ import annotations

import json
import stat

import pytest
from sqlalchemy import select

from icv.audit.models import AuditEvent
from icv.extensions import db
from tests.factories import make_application
from tests.people import DETAINEE_NOTE, DETAINEE_TEXT, OWN_TEXT, VAL_PHONE, draft, val_with_report
from tests.reporting import frozen  # noqa: F401  (fixture: 24 November 2026, noon)

VAL = "val@example.org"


@pytest.fixture
def val(app, personas) -> dict[str, int]:
    with app.app_context():
        made = val_with_report()
        db.session.commit()
        return made


def exported(client, email: str = VAL):
    return client.post("/admin/people/download", data={"email": email})


def exports_audited() -> list[AuditEvent]:
    return list(
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == "person.exported"))
    )


def detainee_strings() -> list[str]:
    return [*DETAINEE_TEXT.values(), DETAINEE_NOTE.note, DETAINEE_NOTE.custody_number]


def test_it_downloads_a_volunteers_data_without_the_detainee_notes(app, login, val, personas):
    response = exported(login("admin"))
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="subject-access-2026-11-24.json"'
    )
    for text in detainee_strings():
        assert text not in response.text
    data = json.loads(response.text)
    assert list(data) == [
        "format", "exported_at", "email", "account", "volunteer", "applications",
        "application_drafts", "visits", "reports", "mail", "audit", "withheld",
    ]  # fmt: skip
    assert (data["format"], data["email"]) == ("icv-subject-access/1", VAL)
    assert (data["account"]["name"], data["account"]["phone"]) == ("Val Person", VAL_PHONE)
    assert data["account"]["roles"] == ["volunteer"]
    assert "password_hash" not in data["account"]
    assert data["volunteer"]["notes"] == "Prefers evenings"
    assert data["volunteer"]["panel"] == ["Leamington Spa"]
    assert "calendar_token" not in data["volunteer"]
    [report] = data["reports"]
    assert (report["id"], report["suite"], report["visit_date"]) == (
        val["report"],
        "Leamington Spa",
        "2026-11-10",
    )
    assert {k: report[k] for k in OWN_TEXT} == OWN_TEXT
    assert report["rights_finding"] == "no_concerns"
    assert not set(DETAINEE_TEXT) & set(report)
    assert [i["description"] for i in report["issues"]] == ["No blankets"]
    assert [m["subject"] for m in data["mail"]] == ["Your visit on Tuesday"]
    assert [e["summary"] for e in data["audit"]["about"]] == ["Val Person: On probation → Active."]
    with app.app_context():
        [event] = exports_audited()
        assert (event.actor_id, event.details["email"]) == (personas["admin"], VAL)
        assert (event.details["form"], event.details["volunteer_id"]) == ("json", val["val"])


def test_the_page_shows_the_same_without_the_detainee_notes(app, login, val, personas):
    response = login("admin").post("/admin/people", data={"email": " Val@Example.org "})
    assert response.status_code == 200
    page = response.text
    assert "Everything held about Val Person" in page
    for text in [*OWN_TEXT.values(), VAL_PHONE, "Prefers evenings", "Your visit on Tuesday"]:
        assert text in page
    for text in detainee_strings():
        assert text not in page
    # The address is posted to the download and erase buttons, never put in a link.
    assert 'name="email" value="val@example.org"' in page
    assert "val@example.org" not in "".join(r.rule for r in app.url_map.iter_rules())
    with app.app_context():
        [event] = exports_audited()
        assert (event.actor_id, event.details["form"]) == (personas["admin"], "page")


def test_it_exports_an_applicant(app, login, personas):
    with app.app_context():
        application = make_application(email="jo@example.net", phone="01926 000111")
        db.session.add_all([draft("Jo@example.net "), draft("someone.else@example.net")])
        db.session.commit()
        reference = application.reference
    data = json.loads(exported(login("admin"), "JO@example.net").text)
    assert (data["account"], data["volunteer"], data["reports"]) == (None, None, [])
    [held] = data["applications"]
    assert (held["reference"], held["name"], held["phone"]) == (
        reference,
        "Jo Applicant",
        "01926 000111",
    )
    assert held["address"] == "1 High Street, Warwick"
    assert [r["name"] for r in held["referees"]] == ["Ann Referee", "Bob Referee"]
    assert "status_token" not in held
    [started] = data["application_drafts"]
    assert started["data"]["about-you"]["email"] == ["Jo@example.net "]
    assert "token" not in started


def test_an_unknown_address_is_a_field_error(app, login, personas):
    response = login("admin").post("/admin/people", data={"email": "nobody@example.org"})
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert 'href="#email"' in response.text
    assert "No account, volunteer or application has this email address" in response.text
    with app.app_context():
        assert exports_audited() == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/admin/people"),
        ("post", "/admin/people"),
        ("post", "/admin/people/download"),
        ("post", "/admin/people/erase"),
    ],
)
def test_a_coordinator_is_refused(app, login, val, method, path):
    client = login("coordinator")
    response = getattr(client, method)(path, data={"email": VAL, "confirmed": "yes"})
    assert response.status_code == 403
    with app.app_context():
        assert exports_audited() == []


def test_the_command_names_an_unknown_address_in_one_line(app, personas):
    result = app.test_cli_runner().invoke(args=["person", "export", "Nobody@example.org"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "icv person: no account, volunteer or application has the address nobody@example.org\n"
    )


def test_the_command_writes_the_export_for_its_owner_only(app, val, tmp_path):
    path = tmp_path / "val.json"
    result = app.test_cli_runner().invoke(args=["person", "export", VAL, "--output", str(path)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text())
    assert data["volunteer"]["id"] == val["val"]
    with app.app_context():
        [event] = exports_audited()
        assert (event.actor_id, event.details["form"]) == (None, "command line")


def test_only_administrators_see_it_in_the_navigation(login, personas):
    assert 'href="/admin/people"' in login("admin").get("/").text


def test_coordinators_do_not_see_it_in_the_navigation(login, personas):
    assert 'href="/admin/people"' not in login("coordinator").get("/").text
