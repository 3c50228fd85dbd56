"""Reading and changing the scheme's settings; defaults apply until an administrator changes them.

Every area reads settings through this module (``from icv.settings import get_settings``), which
imports no area but the audit log, so settings never tie areas together.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from flask import g
from sqlalchemy import JSON, ScalarSelect, Select, func, select

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


@cache
def all_settings_at_once(on_postgresql: bool) -> ScalarSelect:
    """Every stored setting as one JSON object, as a scalar subquery, built once: a statement
    the request runs anyway carries it (a report's draft read: ``settings_read``), so a send
    or a section saved reads the settings without a statement of their own."""
    if on_postgresql:
        together = func.json_object_agg(SchemeSetting.key, SchemeSetting.value, type_=JSON)
    else:  # json(): each value nested as JSON, not as the text SQLite keeps it in
        value = func.json(SchemeSetting.value)
        together = func.json_group_object(SchemeSetting.key, value, type_=JSON)
    return select(together).scalar_subquery()


def settings_read(stored: dict[str, Any] | None) -> None:
    """The stored settings read by another statement (``all_settings_at_once``; None when
    there are none) are this request's: ``get_settings`` reads them no more."""
    g.icv_settings = with_defaults(stored or {})


def with_defaults(stored: dict[str, Any]) -> dict[str, Any]:
    return {**DEFAULTS, **{k: v for k, v in stored.items() if k in DEFAULTS}}


def get_settings() -> dict[str, Any]:
    """All settings, read once per request."""
    if "icv_settings" not in g:
        g.icv_settings = with_defaults(dict(db.session.execute(all_settings()).all()))
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
