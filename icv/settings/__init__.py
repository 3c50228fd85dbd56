"""Scheme settings: what an administrator can change in the app, and the interface every area
reads them through. Imports no area but the audit log."""

from icv.settings.defaults import DEFAULTS
from icv.settings.services import band_by_id, get_settings, time_bands, update_settings

__all__ = ["DEFAULTS", "band_by_id", "get_settings", "time_bands", "update_settings"]
