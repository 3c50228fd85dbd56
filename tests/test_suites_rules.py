"""Time bands: every minute of the day falls in exactly one default band."""

from __future__ import annotations

from datetime import time

import pytest

from icv.suites.rules import DEFAULT_BANDS, Band, band_for, bands_from_setting, gaps


@pytest.mark.parametrize(
    ("at", "band"),
    [
        (time(7, 0), "early"),
        (time(9, 59), "early"),
        (time(10, 0), "day"),
        (time(13, 59), "day"),
        (time(14, 0), "afternoon"),
        (time(18, 0), "evening"),
        (time(21, 59), "evening"),
        (time(22, 0), "late"),
        (time(23, 30), "late"),
        (time(0, 0), "late"),
        (time(6, 59), "late"),
    ],
)
def test_it_puts_a_time_in_its_band(at, band):
    assert band_for(at, DEFAULT_BANDS) == band


def test_the_default_bands_leave_no_gap_and_do_not_overlap():
    assert gaps(DEFAULT_BANDS) == []
    for hour in range(24):
        at = time(hour, 15)
        assert sum(band.contains(at) for band in DEFAULT_BANDS) == 1


def test_it_reports_the_times_no_band_covers():
    bands = (Band("day", "Day", time(9), time(17)),)
    assert band_for(time(8, 59), bands) is None
    assert gaps(bands)[:2] == [time(0, 0), time(0, 30)]
    assert time(9, 0) not in gaps(bands)


def test_bands_round_trip_through_the_setting():
    stored = [band.as_setting() for band in DEFAULT_BANDS]
    assert stored[-1] == {"id": "late", "label": "Late night", "start": "22:00", "end": "07:00"}
    assert bands_from_setting(stored) == DEFAULT_BANDS
