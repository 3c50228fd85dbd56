"""Time bands of the day in which visits happen (pure: no Flask, no database).

The rota plans a visit for a suite, a date and a band; a visit report falls in the band of its
arrival time; the annual summary counts visits by band. All three read the same definitions,
which an administrator may change (setting ``time_bands``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date, time, timedelta

from icv.settings.bands import DEFAULT_BANDS, Band, bands_from_setting

__all__ = ["DEFAULT_BANDS", "Band", "bands_from_setting"]


def name_key(name: str) -> str:
    """What two names of one suite have in common, in any script: "YNYS MÔN" and "Ynys Môn",
    "STRASSE" and "Straße" (Unicode case folding, composed accents, spaces at either end
    ignored). Matched in Python, never by SQL's lower(), which SQLite applies to ASCII only.

    >>> name_key(" Straße ") == name_key("STRASSE")
    True
    """
    return unicodedata.normalize("NFC", name.strip()).casefold()


def band_for(at: time, bands: Iterable[Band]) -> str | None:
    """The id of the band ``at`` falls in (the first that contains it), or None if none does.

    >>> band_for(time(23, 30), DEFAULT_BANDS), band_for(time(2, 0), DEFAULT_BANDS)
    ('late', 'late')
    """
    return next((band.id for band in bands if band.contains(at)), None)


def day_started(visit_date: date, arrived_at: time, bands: Iterable[Band]) -> date:
    """The day a visit counts on: the day it started. A visit that arrived after midnight,
    before the end of a band that crosses midnight, is that band's visit of the night that
    began the day before (the late night of Tuesday, 22:00 to 07:00 by default, reported at
    00:30 on Wednesday), as the rota plans it; any other visit counts on its date.

    >>> day_started(date(2026, 1, 1), time(0, 30), DEFAULT_BANDS)
    datetime.date(2025, 12, 31)
    >>> day_started(date(2026, 1, 1), time(7, 0), DEFAULT_BANDS)
    datetime.date(2026, 1, 1)
    """
    band = next((band for band in bands if band.contains(arrived_at)), None)
    if band is not None and band.crosses_midnight and arrived_at < band.end:
        return visit_date - timedelta(days=1)
    return visit_date


def gaps(bands: Iterable[Band]) -> list[time]:
    """Minutes of the day (on the hour or half hour) that no band covers; empty if none."""
    bands = tuple(bands)
    return [
        slot
        for slot in (time(h, m) for h in range(24) for m in (0, 30))
        if band_for(slot, bands) is None
    ]
