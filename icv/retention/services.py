"""Removing what is past its retention period, one kind at a time. The caller commits.

Each function takes the moment the periods are measured to (``now``, or ``today`` for
periods kept by date) and returns how many records it removed or anonymised.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select, update

from icv.accounts import sessions
from icv.accounts.models import User
from icv.applications.drafts import delete_stale_drafts
from icv.applications.retention import purge_expired
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.notifications.models import OutboxMessage, OutboxStatus
from icv.people.rules import erased_email
from icv.people.services import erase, find_person
from icv.retention import rules
from icv.retention.rules import Kind, period_start
from icv.summary.models import ApiToken
from icv.visits.models import ReportDraft
from icv.volunteers.models import Volunteer, VolunteerStatus

#: Volunteers whose appointment has ended (resigned, or their term ran out).
LEFT = (VolunteerStatus.RESIGNED.value, VolunteerStatus.TERM_ENDED.value)


def remove_mail_bodies(before: datetime) -> int:
    """Mail sent or failed before ``before`` loses its recipient, subject and text; its kind,
    dates, status, Message-ID and the mail server's answer stay (proof it went, and when)."""
    done = (OutboxStatus.SENT.value, OutboxStatus.FAILED.value)
    return db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status.in_(done),
            func.coalesce(OutboxMessage.sent_at, OutboxMessage.created_at) < before,
            OutboxMessage.to_address != "",
        )
        .values(to_address="", subject="", body_text="", body_html=None)
        .execution_options(synchronize_session=False)
    ).rowcount


def remove_audit_detail(before: datetime) -> int:
    """Audit entries from before ``before`` keep who, what, when and the record's type and id;
    their free-text summary and their data go."""
    return db.session.execute(
        update(AuditEvent)
        .where(AuditEvent.at < before, AuditEvent.summary != rules.DETAIL_REMOVED)
        .values(summary=rules.DETAIL_REMOVED, details={})
        .execution_options(synchronize_session=False)
    ).rowcount


def delete_report_drafts(before: datetime) -> int:
    stale = list(db.session.scalars(select(ReportDraft).where(ReportDraft.updated_at < before)))
    for draft in stale:
        db.session.delete(draft)
    return len(stale)


def delete_api_tokens(before: datetime) -> int:
    """Tokens revoked, or expired, before ``before``: nobody can use them, and they name who
    had one."""
    stale = list(
        db.session.scalars(
            select(ApiToken).where(or_(ApiToken.revoked_at < before, ApiToken.expires_at < before))
        )
    )
    for token in stale:
        db.session.delete(token)
    return len(stale)


def anonymise_former_volunteers(today: date, years: int) -> int:
    """Volunteers who left more than ``years`` years ago are erased as on request
    (``icv.people.services.erase``): their visits, reports and every count stay. An account
    still active (the person stayed on as staff, or came back) is in use and left alone."""
    due = [
        volunteer
        for volunteer, email in db.session.execute(
            select(Volunteer, User.email)
            .join(User, User.id == Volunteer.user_id)
            .where(
                Volunteer.status.in_(LEFT),
                Volunteer.left_on.is_not(None),
                User.is_active.is_(False),
            )
        )
        if email != erased_email(volunteer.user_id)
        and rules.date_past(volunteer.left_on, today, years, "years")
    ]
    for volunteer in due:
        erase(None, find_person(volunteer.user.email), today)
    return len(due)


def apply_kind(kind: Kind, settings: dict[str, Any], now: datetime, today: date) -> int:
    """Remove what ``kind``'s period (from ``settings``) no longer allows; returns the count."""
    amount = int(settings[kind.setting]) if kind.setting else 0
    if kind is rules.SESSIONS:
        return sessions.delete_expired(now)
    if kind is rules.FORMER_VOLUNTEERS:
        return anonymise_former_volunteers(today, amount)
    if kind is rules.APPLICATIONS:
        return purge_expired(today, amount)
    before = period_start(now, amount, kind.unit)
    removers = {
        rules.MAIL_BODIES: remove_mail_bodies,
        rules.APPLICATION_DRAFTS: delete_stale_drafts,
        rules.AUDIT_DETAIL: remove_audit_detail,
        rules.REPORT_DRAFTS: delete_report_drafts,
        rules.API_TOKENS: delete_api_tokens,
    }
    return removers[kind](before)
