"""An administrator sets the scheme's eligibility rules; new applications follow them."""

from __future__ import annotations

from sqlalchemy import select

from icv.applications.models import Application
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.settings import DEFAULTS, get_settings
from tests.applying import answer, apply

VALID = {
    "area_name": "Warwickshire",
    "minimum_age": "18",
    "residence_years": "3",
    "abroad_months_limit": "0",
    "languages": ["English"],
    "excluded_roles": ["police_officer", "magistrate"],
    "review_roles": ["probation"],
    "recent_service_years": "5",
    "probation_visits": "4",
    "term_years": "3",
    "vetting_years": "3",
    "retention_months": "12",
    "expiry_warning_days": "90 30 7",
    **{f"target_{stage}": str(days) for stage, days in DEFAULTS["stage_targets"].items()},
}


def test_it_saves_the_rules_and_new_applications_follow_them(app, login):
    admin = login("admin")
    response = admin.post(
        "/admin/settings/recruitment",
        data={
            **VALID,
            "target_vetting": "90",
            "expiry_warning_days": "14, 60 14",
            "abroad_months_limit": "6",
        },
    )
    assert response.status_code == 302
    assert admin.post("/admin/settings/area", data={"area_in": "cv, b46 B78"}).status_code == 302
    with app.app_context():
        settings = get_settings()
        assert settings["area_in"] == ["CV", "B46", "B78"]
        assert settings["abroad_months_limit"] == 6
        assert settings["excluded_roles"] == ["police_officer", "magistrate"]
        assert settings["probation_visits"] == 4
        assert settings["stage_targets"]["vetting"] == 90
        assert settings["expiry_warning_days"] == [60, 14]
    page = admin.get("/admin/settings/recruitment").text
    assert 'value="60 14"' in page
    assert ">CV B46 B78</textarea>" in admin.get("/admin/settings/area").text
    outside = app.test_client()
    answer(outside, "about-you")
    assert answer(outside, "where-you-live", postcode="OX1 1AA").headers["Location"] == (
        "/apply/not-eligible"
    )
    assert (
        "You must live or work in Warwickshire. The postcodes you gave are outside it."
        in outside.get("/apply/not-eligible").text
    )
    apply(
        app.test_client(),
        about_you={"email": "staff@example.net"},
        your_work={"current_roles": ["police_staff"]},
    )
    with app.app_context():
        [staff] = db.session.scalars(select(Application)).all()
        assert (staff.stage, staff.eligibility) == ("received", "pass")  # no longer excluded


def test_it_explains_bad_settings_next_to_the_field(app, login):
    admin = login("admin")
    response = admin.post(
        "/admin/settings/recruitment",
        data={
            **VALID,
            "minimum_age": "twelve",
            "review_roles": ["magistrate"],
            "languages": [],
            "expiry_warning_days": "90 soon",
        },
    )
    assert response.status_code == 200
    page = response.text
    assert "Minimum age must be a whole number, like 3" in page
    assert "Magistrate cannot both make an applicant ineligible and be sent for a decision" in page
    assert "Select at least one language" in page
    assert "Enter whole numbers of days from 1 to 365, like 90 30 7" in page
    with app.app_context():
        assert get_settings()["minimum_age"] == 18


AREA_ERRORS = {
    "area_in": (
        "CV31 B76 CV3X1",
        "CV3X1 is not a postcode district: enter districts like CV31 or B76",
    ),
    "area_ask": ("B78 b78", "B78 is listed twice: enter each district once"),
    "area_out": (
        "CV1 cv31",
        'CV31 is already in the list "In the area": a district can be in one list only',
    ),
}


def test_it_keeps_the_district_lists_and_refuses_bad_ones_next_to_the_field(app, login):
    admin = login("admin")
    response = admin.post(
        "/admin/settings/area", data={name: typed for name, (typed, _) in AREA_ERRORS.items()}
    )
    assert response.status_code == 200
    page = response.text
    assert "<title>Error: Postcode districts" in page
    for name, (typed, problem) in AREA_ERRORS.items():
        # In the summary, linked to the field, and next to the field with what was typed.
        assert f'<a href="#{name}">{problem}</a>' in page.replace("&#34;", '"')
        assert f"</span> {problem}" in page.replace("&#34;", '"')
        assert f">{typed}</textarea>" in page
    with app.app_context():
        assert (get_settings()["area_in"], get_settings()["area_out"]) == ([], [])
    response = admin.post(
        "/admin/settings/area",
        data={"area_in": "cv31\nB76, gl56", "area_ask": "B78", "area_out": "CV1 CV3"},
    )
    assert response.headers["Location"] == "/admin/settings/area"
    with app.app_context():
        settings = get_settings()
        assert settings["area_in"] == ["CV31", "B76", "GL56"]
        assert (settings["area_ask"], settings["area_out"]) == (["B78"], ["CV1", "CV3"])
        [event] = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "settings.updated")
        ).all()
        assert event.actor.email == "alex@example.org"


def test_only_an_administrator_keeps_the_district_lists(login):
    assert login("coordinator").get("/admin/settings/area").status_code == 403
