"""A volunteer chooses which reminders they get by email; every reminder is on until they do."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from icv.accounts.models import User
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.notifications.models import ReminderOptOut
from icv.notifications.preferences import REMINDER_KINDS, remind, reminders_on, wants_reminder


def opted_out(app) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(User.email, ReminderOptOut.kind)
            .join(User, User.id == ReminderOptOut.user_id)
            .order_by(ReminderOptOut.kind)
        )
        return [tuple(row) for row in rows]


def test_a_volunteer_turns_a_reminder_off_and_on_again(app, login):
    volunteer = login("volunteer")
    account = volunteer.get("/account").text
    assert "Email reminders" in account
    assert (
        "Police vetting renewal, End of your term, Your visits, Visits to confirm, "
        "Visit reports to write" in account
    )
    form = volunteer.get("/account/reminders").text
    assert form.count("checked") == 5
    assert "Before your police vetting needs renewing" in form
    assert "The day after a visit, if its report has not been written yet." in form

    response = volunteer.post("/account/reminders", data={"kinds": ["vetting", "report"]})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    assert opted_out(app) == [
        ("val@example.org", "term"),
        ("val@example.org", "unconfirmed"),
        ("val@example.org", "visit"),
    ]
    assert re.search(
        r"Email reminders\s*</dt>\s*<dd[^>]*>\s*Police vetting renewal, Visit reports to write"
        r"\s*</dd>",
        volunteer.get("/account").text,
    )

    volunteer.post("/account/reminders", data={})
    assert [kind for _, kind in opted_out(app)] == [
        "report",
        "term",
        "unconfirmed",
        "vetting",
        "visit",
    ]
    volunteer.post("/account/reminders", data={"kinds": list(REMINDER_KINDS)})
    assert opted_out(app) == []
    with app.app_context():
        audit = db.session.scalars(
            select(AuditEvent.summary)
            .where(AuditEvent.action == "account.reminders")
            .order_by(AuditEvent.id)
        ).all()
    assert audit == [
        "Val Person gets reminders: Police vetting renewal, Visit reports to write",
        "Val Person gets reminders: none",
        "Val Person gets reminders: Police vetting renewal, End of your term, Your visits, "
        "Visits to confirm, Visit reports to write",
    ]


def test_saving_the_same_choices_changes_nothing(app, login):
    volunteer = login("volunteer")
    volunteer.post("/account/reminders", data={"kinds": list(REMINDER_KINDS)})
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.id)) is None


def test_a_choice_that_was_not_offered_is_refused_next_to_the_field(app, login):
    response = login("volunteer").post("/account/reminders", data={"kinds": ["visits", "term"]})
    assert response.status_code == 200
    assert "Choose only from the options shown" in response.text
    assert opted_out(app) == []


def test_staff_have_no_reminders_to_choose(login):
    coordinator = login("coordinator")
    assert "Email reminders" not in coordinator.get("/account").text
    assert coordinator.post("/account/reminders", data={}).status_code == 403


def test_remind_sends_only_to_someone_who_wants_it(ctx, personas):
    from tests.mail import outbox

    val = db.session.get(User, personas["volunteer"])
    db.session.add(ReminderOptOut(user_id=val.id, kind="term"))
    db.session.flush()
    assert wants_reminder(val, "vetting") is True
    assert wants_reminder(val, "term") is False
    assert reminders_on(val) == ["vetting", "visit", "unconfirmed", "report"]
    assert remind(val, "term", "invitation", link="x", inviter=None) is None
    assert remind(val, "vetting", "invitation", link="x", inviter=None) is not None
    assert [m.to_address for m in outbox()] == ["val@example.org"]
    val.is_active = False  # a deactivated account gets no reminders
    assert wants_reminder(val, "vetting") is False
    with pytest.raises(KeyError, match="add it to REMINDER_KINDS"):
        wants_reminder(val, "visits")
    assert list(REMINDER_KINDS) == ["vetting", "term", "visit", "unconfirmed", "report"]
