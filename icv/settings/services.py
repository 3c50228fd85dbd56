"""Reading and changing the scheme's settings; defaults apply until an administrator changes them.

Every area reads settings through this module (``from icv.settings import get_settings``), which
imports no area but the audit log, so settings never tie areas together.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from flask import g
from sqlalchemy import Select, select

from icv.audit.services import record
from icv.extensions import db
from icv.settings.bands import Band, bands_from_setting
from icv.settings.defaults import DEFAULTS
from icv.settings.models import SchemeSetting

if TYPE_CHECKING:
    from icv.accounts.models import User


@cache
def all_settings() -> Select:
    """Built once, at first use: nearly every request reads the settings."""
    return select(SchemeSetting.key, SchemeSetting.value)


def get_settings() -> dict[str, Any]:
    """All settings, read once per request."""
    if "icv_settings" not in g:
        stored = dict(db.session.execute(all_settings()).all())
        g.icv_settings = {**DEFAULTS, **{k: v for k, v in stored.items() if k in DEFAULTS}}
    return g.icv_settings


def time_bands() -> tuple[Band, ...]:
    """The scheme's time bands, in order through the day."""
    return bands_from_setting(get_settings()["time_bands"])


def band_by_id(band_id: str) -> Band | None:
    """One of the scheme's time bands, or None for an id no longer in use."""
    return next((band for band in time_bands() if band.id == band_id), None)


def update_settings(actor: User | None, values: dict[str, Any]) -> dict[str, list[Any]]:
    current = get_settings()
    changed = {k: [current[k], v] for k, v in values.items() if k in DEFAULTS and current[k] != v}
    for key, (_, new) in changed.items():
        row = db.session.get(SchemeSetting, key)
        if row is None:
            db.session.add(SchemeSetting(key=key, value=new))
        else:
            row.value = new
    g.pop("icv_settings", None)
    if changed:
        record(actor, "settings.updated", "settings", f"Changed {', '.join(changed)}", changed)
    return changed
