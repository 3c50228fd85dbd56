"""The public form's draft: answers kept server-side as they are typed. The caller commits."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from icv.applications.models import ApplicationDraft
from icv.clock import now_utc
from icv.extensions import db


def load_draft(token: str | None) -> ApplicationDraft | None:
    if not token:
        return None
    return db.session.scalars(
        select(ApplicationDraft).where(ApplicationDraft.token == token)
    ).first()


def save_section(draft: ApplicationDraft | None, slug: str, values: dict[str, list[str]]):
    """Keep one section's answers as typed; returns the draft (created on the first save)."""
    if draft is None:
        draft = ApplicationDraft(token=secrets.token_urlsafe(32), data={})
        db.session.add(draft)
    draft.data = {**draft.data, slug: values}
    draft.updated_at = now_utc()
    return draft


def keep_only(draft: ApplicationDraft, slugs: Iterable[str]) -> None:
    """Forget every section of the draft but ``slugs``."""
    draft.data = {slug: values for slug, values in draft.data.items() if slug in slugs}


def delete_stale_drafts(before: datetime) -> int:
    """Drafts untouched since ``before`` are deleted: they hold personal data nobody sent us
    (the period is the setting ``application_draft_days``, a week unless changed)."""
    stale = list(
        db.session.scalars(select(ApplicationDraft).where(ApplicationDraft.updated_at < before))
    )
    for draft in stale:
        db.session.delete(draft)
    return len(stale)
