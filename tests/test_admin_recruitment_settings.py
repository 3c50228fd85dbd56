"""An administrator sets the scheme's eligibility rules; new applications follow them."""

from __future__ import annotations

from sqlalchemy import select

from icv.applications.models import Application
from icv.extensions import db
from icv.settings import DEFAULTS, get_settings
from tests.applying import answer, apply

VALID = {
    "area_name": "Warwickshire",
    "area_postcodes": "cv, b46 B78",
    "minimum_age": "18",
    "residence_years": "3",
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
        data={**VALID, "target_vetting": "90", "expiry_warning_days": "14, 60 14"},
    )
    assert response.status_code == 302
    with app.app_context():
        settings = get_settings()
        assert settings["area_postcodes"] == ["CV", "B46", "B78"]
        assert settings["excluded_roles"] == ["police_officer", "magistrate"]
        assert settings["probation_visits"] == 4
        assert settings["stage_targets"]["vetting"] == 90
        assert settings["expiry_warning_days"] == [60, 14]
    page = admin.get("/admin/settings/recruitment").text
    assert 'value="CV B46 B78"' in page
    assert 'value="60 14"' in page
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
            "area_postcodes": "CV 12345",
            "minimum_age": "twelve",
            "review_roles": ["magistrate"],
            "languages": [],
            "expiry_warning_days": "90 soon",
        },
    )
    assert response.status_code == 200
    page = response.text
    assert "12345 is not a postcode area or district" in page
    assert "Minimum age must be a whole number, like 3" in page
    assert "Magistrate cannot both make an applicant ineligible and be sent for a decision" in page
    assert "Select at least one language" in page
    assert "Enter whole numbers of days from 1 to 365, like 90 30 7" in page
    assert 'value="CV 12345"' in page
    with app.app_context():
        assert get_settings()["area_postcodes"] == []
