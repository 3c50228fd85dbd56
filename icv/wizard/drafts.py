"""Saving and loading a wizard's draft. Each area keeps its own draft model and table; the
wizard needs only its ``data`` (the answers as typed) and ``updated_at``. The caller commits."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import select

from icv.clock import now_utc
from icv.extensions import db
from icv.wizard.rules import Answers, Typed


class Draft(Protocol):
    data: Answers
    updated_at: datetime


DraftModel = TypeVar("DraftModel")


def new_key() -> str:
    """A draft's key: unguessable, for a URL or a session."""
    return secrets.token_urlsafe(32)


def find_draft(model: type[DraftModel], *where: Any) -> DraftModel | None:
    return db.session.scalars(select(model).where(*where)).first()


def save_section(draft: Draft, slug: str, typed: Typed) -> None:
    """Keep one section's answers as typed, in place of what it held."""
    draft.data = {**draft.data, slug: typed}
    draft.updated_at = now_utc()


def save_sections(draft: Draft, sections: Answers) -> None:
    """Keep the sections sent together (a phone's copy, the newer one); nothing if none."""
    if sections:
        draft.data = {**draft.data, **sections}
        draft.updated_at = now_utc()


def keep_only(draft: Draft, slugs: Iterable[str]) -> None:
    """Forget every section of the draft but ``slugs``."""
    kept = set(slugs)
    draft.data = {slug: typed for slug, typed in draft.data.items() if slug in kept}
