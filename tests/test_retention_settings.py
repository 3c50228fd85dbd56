"""An administrator sets how long each kind of personal data is kept; bad periods are explained
next to their field and nothing is saved."""

from __future__ import annotations

from sqlalchemy import select

from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.notifications.models import OutboxMessage
from icv.settings import get_settings

PAGE = "/admin/jobs/retention"
VALID = {
    "mail_body_days": "30",
    "audit_detail_months": "24",
    "application_draft_days": "7",
    "report_draft_days": "90",
    "api_token_days": "365",
    "former_volunteer_years": "6",
    "retention_months": "12",
}


def test_it_shows_the_defaults_and_saves_new_periods(app, login):
    admin = login("admin")
    page = admin.get(PAGE).text
    assert 'name="mail_body_days" type="text" value="30"' in page
    assert 'name="former_volunteer_years" type="text" value="6"' in page
    assert "the kind of mail, its dates, status, Message-ID" in page
    assert f'href="{PAGE}"' in admin.get("/admin/settings").text

    response = admin.post(PAGE, data={**VALID, "mail_body_days": "14", "retention_months": "18"})
    assert (response.status_code, response.headers["Location"]) == (302, PAGE)
    with app.app_context():
        settings = get_settings()
        assert (settings["mail_body_days"], settings["retention_months"]) == (14, 18)
        audit = db.session.scalars(select(AuditEvent.summary)).all()
        assert audit == ["Changed mail_body_days, retention_months"]
    assert 'name="mail_body_days" type="text" value="14"' in admin.get(PAGE).text


def test_bad_periods_are_explained_next_to_the_field_and_nothing_is_saved(app, login):
    admin = login("admin")
    response = admin.post(
        PAGE,
        data={
            **VALID,
            "mail_body_days": "0",
            "audit_detail_months": "121",
            "report_draft_days": "ninety",
            "former_volunteer_years": "",
            "api_token_days": "2.5",
        },
    )
    assert response.status_code == 400
    page = response.text
    assert "govuk-error-summary" in page
    assert 'id="mail_body_days-error"' in page
    assert "Days to keep the text of mail sent or failed must be from 1 to 365" in page
    assert "Months to keep the detail of audit log entries must be from 1 to 120" in page
    assert 'value="ninety"' in page
    assert "Enter years to keep the personal data of a volunteer who has left" in page
    assert 'id="api_token_days-error"' in page
    with app.app_context():
        assert get_settings()["mail_body_days"] == 30
        assert db.session.scalars(select(AuditEvent)).all() == []


def test_only_an_administrator_changes_them(login):
    coordinator = login("coordinator")
    assert coordinator.get(PAGE).status_code == 403
    assert coordinator.post(PAGE, data=VALID).status_code == 403


def test_a_failed_message_whose_text_was_removed_cannot_be_sent_again(app, login):
    admin = login("admin")
    with app.app_context():
        message = OutboxMessage(kind="invitation", to_address="", subject="", body_text="",
                                status="failed", last_error="550 mailbox unavailable")  # fmt: skip
        db.session.add(message)
        db.session.commit()
        message_id = message.id
    page = admin.get(f"/admin/outbox/{message_id}").text
    assert "Text removed at the end of the retention period" in page
    assert "Try again now" not in page
    assert "Text removed at the end of the retention period" in admin.get("/admin/outbox").text
    response = admin.post(f"/admin/outbox/{message_id}/retry")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).status == "failed"
