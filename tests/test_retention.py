"""The nightly retention job: every kind of personal data goes the moment its period is over
(a record exactly as old as its period is kept, one a second older is not), the job's counts
are recorded and audited, ``icv retention apply`` does the same, and the annual figures of a
year whose volunteers were anonymised do not change."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from icv.accounts.models import User, UserSession
from icv.accounts.roles import Role
from icv.applications.models import Application, ApplicationDraft
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.jobs.runs import run
from icv.notifications.models import OutboxMessage
from icv.people.rules import FORMER_VISITOR
from icv.retention.rules import DETAIL_REMOVED
from icv.settings import update_settings
from icv.summary.models import ApiToken
from icv.summary.rules import Basis, Period
from icv.summary.services import summary_for
from icv.visits.models import ReportDraft
from icv.volunteers.models import Volunteer
from tests.factories import make_application, make_user, make_volunteer
from tests.summary_data import hand_made_history

#: A Tuesday in November, at 03:40 (when the job runs); every date below is derived from it.
NOW = dt.datetime(2026, 11, 24, 3, 40, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)
DAY = dt.timedelta(days=1)
PERIODS = [Period(2024, Basis.CALENDAR), Period(2025, Basis.CALENDAR),
           Period(2025, Basis.FINANCIAL), Period(2026, Basis.CALENDAR)]  # fmt: skip
ALL_ONE = {
    "mail bodies": 1,
    "audit details": 1,
    "application drafts": 1,
    "report drafts": 1,
    "ended sessions": 1,
    "old API tokens": 2,
    "former volunteers": 1,
    "closed applications": 1,
}


@pytest.fixture(autouse=True)
def sessions_as_in_production(app, monkeypatch):
    """Sessions end after an hour without a request (the tests' default never ends them); the
    shared app gets the default back after each test."""
    monkeypatch.setitem(app.config, "ICV_SESSION_IDLE_MINUTES", 60)
    monkeypatch.setitem(app.config, "ICV_SESSION_HOURS", 8)


def mail(subject: str, sent_at: dt.datetime | None, status: str = "sent") -> OutboxMessage:
    message = OutboxMessage(
        kind="visit_reminder",
        to_address=f"{subject}@example.org",
        subject=subject,
        body_text="Your visit is on Friday",
        body_html="<p>Your visit is on Friday</p>",
        status=status,
        created_at=(sent_at or NOW) - DAY,
        sent_at=sent_at,
        message_id=f"<{subject}@icv>",
        smtp_reply="250 2.0.0 Ok: queued",
    )
    db.session.add(message)
    return message


def one_of_each_kind_either_side() -> None:
    """For each kind, a record exactly at its period's end (kept) and one a second older."""
    owner = make_user("coordinator@example.org", name="Cora Ordinator")
    thirty_days = NOW - dt.timedelta(days=30)
    mail("kept", thirty_days)
    mail("gone", thirty_days - SECOND)
    mail("failed-kept", None, status="failed").created_at = thirty_days
    mail("pending", None, status="pending").created_at = NOW - dt.timedelta(days=400)
    two_years = dt.datetime(2024, 11, 24, 3, 40, tzinfo=dt.UTC)
    for at in (two_years, two_years - SECOND):
        db.session.add(
            AuditEvent(
                at=at,
                action="account.invited",
                object_type="user",
                object_id="7",
                summary="Invited jo@example.org",
                details={"email": "jo@example.org"},
            )
        )
    week = NOW - dt.timedelta(days=7)
    db.session.add_all(
        [
            ApplicationDraft(token="kept", updated_at=week),
            ApplicationDraft(token="gone", updated_at=week - SECOND),
        ]
    )
    ninety = NOW - dt.timedelta(days=90)
    db.session.add_all(
        [
            ReportDraft(key="kept", owner=owner, updated_at=ninety),
            ReportDraft(key="gone", owner=owner, updated_at=ninety - SECOND),
        ]
    )
    # Sessions end after 60 idle minutes.
    hour = NOW - dt.timedelta(minutes=60)
    db.session.add_all(
        [
            UserSession(
                user_id=owner.id, token_hash="k" * 64, created_at=hour, last_seen_at=hour + SECOND
            ),
            UserSession(user_id=owner.id, token_hash="g" * 64, created_at=hour, last_seen_at=hour),
        ]
    )
    year = NOW - dt.timedelta(days=365)
    for name, revoked, expires in (
        ("revoked-kept", year, NOW + DAY),
        ("revoked-gone", year - SECOND, NOW + DAY),
        ("expired-kept", None, year),
        ("expired-gone", None, year - SECOND),
    ):
        db.session.add(
            ApiToken(
                user=owner,
                name=name,
                token_hash=name.ljust(64, "x"),
                hint="icv_",
                revoked_at=revoked,
                expires_at=expires,
            )
        )
    six_years = dt.date(2020, 11, 24)
    for email, left_on in (("kept@example.org", six_years), ("gone@example.org", six_years - DAY)):
        user = make_user(email, name=f"Former {email[:4].title()}", is_active=False)
        make_volunteer(user, status="resigned", appointed_on=dt.date(2014, 1, 6), left_on=left_on)
    still_staff = make_user("staff@example.org", name="Still Staff", roles={Role.COORDINATOR})
    make_volunteer(still_staff, status="resigned", appointed_on=dt.date(2010, 1, 4),
                   left_on=dt.date(2012, 1, 4))  # fmt: skip
    # 12 calendar months, counted from the start of the day in the UK (midnight GMT here).
    closed = dt.datetime(2025, 11, 24, tzinfo=dt.UTC)
    for email, when in (
        ("old-kept@example.net", closed),
        ("old-gone@example.net", closed - SECOND),
    ):
        make_application(email=email, stage="rejected").stage_changed_at = when
    db.session.commit()


def test_each_kind_goes_a_second_after_its_period_and_the_counts_are_recorded(app):
    with app.app_context(), time_machine.travel(NOW, tick=False):
        one_of_each_kind_either_side()

        first = run("purge_applications")

        assert first.summary == (
            "removed or anonymised: mail bodies 1, audit details 1, application drafts 1, "
            "report drafts 1, ended sessions 1, old API tokens 2, former volunteers 1, "
            "closed applications 1"
        )
        assert first.did_something is True
        emptied = select(OutboxMessage.subject).where(OutboxMessage.to_address == "")
        assert db.session.scalars(emptied).all() == [""]
        assert sorted(db.session.scalars(select(OutboxMessage.subject))) == [
            "",
            "failed-kept",
            "kept",
            "pending",
        ]
        details = select(AuditEvent.summary).where(AuditEvent.action == "account.invited")
        assert db.session.scalars(details.order_by(AuditEvent.at)).all() == [
            DETAIL_REMOVED,
            "Invited jo@example.org",
        ]
        assert db.session.scalars(select(ApplicationDraft.token)).all() == ["kept"]
        assert db.session.scalars(select(ReportDraft.key)).all() == ["kept"]
        assert db.session.scalars(select(UserSession.token_hash)).all() == ["k" * 64]
        assert sorted(db.session.scalars(select(ApiToken.name))) == ["expired-kept", "revoked-kept"]
        names = select(User.name).where(
            User.email.like("%erased.invalid") | User.email.like("kept@%")
        )
        assert sorted(db.session.scalars(names)) == [FORMER_VISITOR, "Former Kept"]
        staff = db.session.scalars(User.by_email("staff@example.org")).one()
        assert (staff.name, staff.is_active) == ("Still Staff", True)
        minimised = select(Application.email).where(Application.minimised_at.is_not(None))
        assert db.session.scalars(minimised).all() == [""]

        audit = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "retention.applied")
        ).one()
        assert (audit.actor_id, audit.object_type, audit.summary) == (
            None,
            "retention",
            first.summary,
        )
        assert audit.details == ALL_ONE

        second = run("purge_applications")
        assert (second.summary, second.did_something) == ("nothing to do", False)


def test_mail_keeps_its_envelope_without_its_recipient_or_text(ctx):
    with time_machine.travel(NOW, tick=False):
        sent = NOW - dt.timedelta(days=31)
        message = mail("Your visit on Friday", sent)
        db.session.commit()
        run("purge_applications")
        db.session.refresh(message)
    kept = (message.kind, message.status, message.sent_at, message.message_id, message.smtp_reply)
    assert kept == (
        "visit_reminder",
        "sent",
        sent,
        "<Your visit on Friday@icv>",
        "250 2.0.0 Ok: queued",
    )
    gone = (message.to_address, message.subject, message.body_text, message.body_html)
    assert gone == ("", "", "", None)


def test_an_audit_entry_keeps_who_what_when_and_which_record(ctx):
    with time_machine.travel(NOW, tick=False):
        actor = make_user("admin@example.org")
        at = NOW - dt.timedelta(days=800)
        db.session.add(
            AuditEvent(
                at=at,
                actor=actor,
                action="volunteer.updated",
                object_type="volunteer",
                object_id="12",
                summary="Changed notes of Val Person",
                details={"notes": "x"},
            )
        )
        db.session.commit()
        run("purge_applications")
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "volunteer.updated")
    ).one()
    assert (event.actor_id, event.at, event.object_type, event.object_id) == (
        actor.id,
        at,
        "volunteer",
        "12",
    )
    assert (event.summary, event.details) == (DETAIL_REMOVED, {})


def test_the_periods_set_by_the_administrator_are_the_ones_applied(ctx):
    with time_machine.travel(NOW, tick=False):
        update_settings(None, {"mail_body_days": 10, "report_draft_days": 100})
        owner = make_user("val@example.org")
        mail("eleven-days", NOW - dt.timedelta(days=11))
        db.session.add(
            ReportDraft(key="ninety-five", owner=owner, updated_at=NOW - dt.timedelta(days=95))
        )
        db.session.commit()
        outcome = run("purge_applications")
    assert outcome.summary == "removed or anonymised: mail bodies 1"
    assert db.session.scalars(select(ReportDraft.key)).all() == ["ninety-five"]


def test_the_command_prints_the_count_of_every_kind(app):
    with app.app_context(), time_machine.travel(NOW, tick=False):
        one_of_each_kind_either_side()
        result = app.test_cli_runner().invoke(args=["retention", "apply"])
    assert result.exit_code == 0
    assert result.output == "".join(f"retention: {kind}: {n}\n" for kind, n in ALL_ONE.items())
    with app.app_context():
        assert db.session.scalars(select(ApplicationDraft.token)).all() == ["kept"]


def test_the_summary_of_a_year_is_the_same_after_its_volunteers_are_anonymised(app, personas):
    """Val made most of the hand-made history's visits (tests/summary_data.py); she left at the
    end of 2025 and is anonymised once six years have passed, as Dana is not a day earlier."""
    with app.app_context(), time_machine.travel(NOW, tick=False):
        history = hand_made_history()
        val = db.session.get(Volunteer, history["people"]["val"])
        val.status, val.left_on = "resigned", dt.date(2025, 12, 31)
        val.user.is_active = False  # as ending a volunteer-only appointment does
        dana = db.session.get(Volunteer, history["people"]["dana"])
        dana.left_on, dana.user.is_active = dt.date(2026, 1, 1), False
        db.session.commit()
        today = dt.date(2032, 1, 1)
        before = [summary_for(period, today).figures for period in PERIODS]
        assert before[1]["visits"]["attempted"] == 7  # the history is there

        with time_machine.travel(dt.datetime(2032, 1, 1, 3, 40, tzinfo=dt.UTC), tick=False):
            outcome = run("purge_applications")

        assert "former volunteers 1" in outcome.summary
        db.session.expire_all()
        assert [summary_for(period, today).figures for period in PERIODS] == before
        assert db.session.get(User, val.user_id).name == FORMER_VISITOR
        assert db.session.get(User, dana.user_id).name == "Dana Leaver"
