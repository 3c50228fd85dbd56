"""An administrator sets when visits are reminded and reports chased; the jobs follow."""

from __future__ import annotations

from sqlalchemy import select

from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.settings import get_settings

VALID = {
    "visit_reminder_days": "3",
    "confirm_reminder_days": "7",
    "confirm_alert_days": "2",
    "report_chase_days": "3",
    "report_deadline_days": "7",
    "next_rota_notice_days": "21",
}


def test_it_shows_the_defaults_and_saves_new_timings(app, login):
    admin = login("admin")
    page = admin.get("/admin/jobs/timings").text
    assert "Days before a visit to remind each of its visitors" in page
    assert 'name="visit_reminder_days" type="text" value="3"' in page
    assert 'name="next_rota_notice_days" type="text" value="21" inputmode="numeric"' in page
    assert 'href="/admin/jobs/timings"' in admin.get("/admin/settings").text

    response = admin.post(
        "/admin/jobs/timings",
        data={**VALID, "visit_reminder_days": "1, 7 1", "report_deadline_days": "10"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/jobs/timings"
    with app.app_context():
        settings = get_settings()
        assert settings["visit_reminder_days"] == [7, 1]
        assert settings["report_deadline_days"] == 10
        audit = db.session.scalars(select(AuditEvent.summary)).all()
        assert audit == ["Changed report_deadline_days, visit_reminder_days"]
    assert 'value="7 1"' in admin.get("/admin/jobs/timings").text


def test_it_explains_bad_timings_next_to_the_field_and_keeps_what_was_typed(app, login):
    admin = login("admin")
    response = admin.post(
        "/admin/jobs/timings",
        data={
            **VALID,
            "visit_reminder_days": "3 soon",
            "confirm_alert_days": "7",
            "report_chase_days": "5",
            "report_deadline_days": "4",
            "next_rota_notice_days": "",
        },
    )
    assert response.status_code == 400
    page = response.text
    assert "Enter whole numbers of days from 0 to 60, like 3" in page
    assert "Tell the coordinator fewer days before the visit than the visitor is asked" in page
    assert "The deadline must be on or after the day the coordinator is told" in page
    assert "Enter days before the next rota period starts to tell the coordinator" in page
    assert 'value="3 soon"' in page
    assert "govuk-error-summary" in page
    with app.app_context():
        assert get_settings()["visit_reminder_days"] == [3]


def test_only_an_administrator_changes_them(login):
    assert login("coordinator").post("/admin/jobs/timings", data=VALID).status_code == 403
