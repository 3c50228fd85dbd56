"""Report drafts: answers kept on the server as they are typed, section by section.

A draft is written from two places: each section's page when it is posted (works without
JavaScript) and the phone's background save (a JSON copy of what is on the phone). Both store
answers exactly as typed; nothing is checked until the section is shown or the report is sent.
The caller commits.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from icv.accounts.models import User
from icv.clock import now_utc
from icv.extensions import db
from icv.rota.models import PlannedVisit
from icv.visits.models import ReportDraft
from icv.visits.sections import NOT_ANSWERS, SECTION_BY_SLUG

#: Limits on what a phone may store, so a draft stays a report and not a file store.
MAX_NAMES = 300
MAX_VALUES = 5
MAX_CHARS = 5000


def start_draft(owner: User, on_behalf: bool, planned_visit: PlannedVisit | None = None):
    """A new draft; one started from a visit on the rota ("write report") is kept for it, so a
    second tap finds the first draft instead of starting another."""
    if planned_visit is not None:
        existing = db.session.scalars(
            select(ReportDraft).where(
                ReportDraft.owner_id == owner.id, ReportDraft.planned_visit_id == planned_visit.id
            )
        ).first()
        if existing is not None:
            return existing
    draft = ReportDraft(
        key=secrets.token_urlsafe(32),
        owner=owner,
        on_behalf=on_behalf,
        planned_visit=planned_visit,
        data={},
    )
    db.session.add(draft)
    db.session.flush()
    return draft


def draft_for(user: User, key: str) -> ReportDraft | None:
    """The user's own draft with this key (nobody else's)."""
    return db.session.scalars(
        select(ReportDraft).where(ReportDraft.key == key, ReportDraft.owner_id == user.id)
    ).first()


def drafts_of(user: User) -> list[ReportDraft]:
    return list(
        db.session.scalars(
            select(ReportDraft)
            .where(ReportDraft.owner_id == user.id)
            .order_by(ReportDraft.updated_at.desc())
        )
    )


def posted_answers(form: MultiDict) -> dict[str, list[str]]:
    """A section's answers from a posted form, exactly as typed."""
    return {name: form.getlist(name) for name in form if name not in NOT_ANSWERS}


def save_section(draft: ReportDraft, slug: str, answers: dict[str, list[str]]) -> None:
    draft.data = {**draft.data, slug: answers}
    draft.updated_at = now_utc()


def clean_answers(raw: Any) -> dict[str, dict[str, list[str]]] | None:
    """Sections sent by a phone, if they have the shape of answers (else None)."""
    if not isinstance(raw, dict):
        return None
    cleaned: dict[str, dict[str, list[str]]] = {}
    for slug, fields in raw.items():
        if slug not in SECTION_BY_SLUG or not isinstance(fields, dict):
            return None
        if len(fields) > MAX_NAMES:
            return None
        section: dict[str, list[str]] = {}
        for name, values in fields.items():
            name = without_nul(name) if isinstance(name, str) else None
            if not (name and len(name) <= 60) or name in NOT_ANSWERS:
                continue
            if not isinstance(values, list) or len(values) > MAX_VALUES:
                return None
            if not all(isinstance(v, str) and len(v) <= MAX_CHARS for v in values):
                return None
            section[name] = [without_nul(v) for v in values]
        cleaned[slug] = section
    return cleaned


def without_nul(text: str) -> str:
    """PostgreSQL cannot store U+0000 in text, and JSON lets a phone send one: dropped."""
    return text.replace("\x00", "")


def save_from_phone(draft: ReportDraft, sections: dict[str, dict[str, list[str]]]) -> None:
    """Keep the sections a phone sent (the phone's copy is the newer one)."""
    if sections:
        draft.data = {**draft.data, **sections}
        draft.updated_at = now_utc()
