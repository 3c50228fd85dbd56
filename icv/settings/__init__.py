"""Scheme settings: what an administrator can change in the app, and the interface every area
reads them through. Imports no area but the audit log."""

from icv.settings.defaults import DEFAULTS
from icv.settings.services import (
    all_settings_at_once,
    band_by_id,
    get_settings,
    settings_read,
    time_bands,
    update_settings,
)

__all__ = [
    "DEFAULTS",
    "all_settings_at_once",
    "band_by_id",
    "get_settings",
    "settings_read",
    "time_bands",
    "update_settings",
]
