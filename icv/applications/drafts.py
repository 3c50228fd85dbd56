"""The public form's draft: answers kept server-side as they are typed. The caller commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from icv import wizard
from icv.applications.models import ApplicationDraft
from icv.extensions import db


def load_draft(token: str | None) -> ApplicationDraft | None:
    if not token:
        return None
    return wizard.find_draft(ApplicationDraft, ApplicationDraft.token == token)


def save_section(draft: ApplicationDraft | None, slug: str, values: wizard.Typed):
    """Keep one section's answers as typed; returns the draft (created on the first save)."""
    if draft is None:
        draft = ApplicationDraft(token=wizard.new_key(), data={})
        db.session.add(draft)
    wizard.save_section(draft, slug, values)
    return draft


def delete_stale_drafts(before: datetime) -> int:
    """Drafts untouched since ``before`` are deleted: they hold personal data nobody sent us
    (the period is the setting ``application_draft_days``, a week unless changed)."""
    stale = list(
        db.session.scalars(select(ApplicationDraft).where(ApplicationDraft.updated_at < before))
    )
    for draft in stale:
        db.session.delete(draft)
    return len(stale)
