"""When warnings fall due, lapses are reported and digests are keyed (pure rules, no app)."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest

from icv.jobs.rules import (
    Outcome,
    combine,
    did,
    lapse_to_report,
    prune_before,
    warning_days,
    warning_due,
    week_key,
)

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("days_left", "warning"),
    [(91, None), (90, 90), (31, 90), (30, 30), (8, 30), (7, 7), (1, 7), (0, 7), (-1, None)],
)
def test_the_warning_due_is_the_smallest_threshold_at_or_above_the_days_left(days_left, warning):
    ends_on = TODAY + dt.timedelta(days=days_left)
    assert warning_due(ends_on, TODAY, (90, 30, 7)) == warning


def test_no_date_means_no_warning():
    assert warning_due(None, TODAY, (90, 30, 7)) is None
    assert lapse_to_report(None, TODAY) is False


@pytest.mark.parametrize(
    ("days_since_lapse", "report"), [(-1, False), (0, True), (6, True), (7, False)]
)
def test_a_lapse_is_reported_from_the_first_day_without_vetting_for_a_week(
    days_since_lapse, report
):
    # Vetting is valid up to and including its expiry date; it lapses the day after.
    expires_on = TODAY - dt.timedelta(days=days_since_lapse + 1)
    assert lapse_to_report(expires_on, TODAY) is report


def test_the_schemes_thresholds_are_read_largest_first_without_repeats():
    assert warning_days([7, 90, 30, 30]) == (90, 30, 7)
    assert warning_days([0, -5]) == (90, 30, 7)
    assert warning_days(None) == (90, 30, 7)


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (date(2026, 11, 30), "2026-W49"),
        (date(2026, 12, 6), "2026-W49"),  # the Sunday of the same week
        (date(2027, 1, 1), "2026-W53"),  # ISO weeks cross the new year
        (date(2027, 1, 4), "2027-W01"),
    ],
)
def test_a_digest_is_keyed_by_its_iso_week(day, key):
    assert week_key(day) == key


def test_outcomes_say_what_was_done():
    assert did(0, "sent", "reminder") == Outcome(0, "nothing to do")
    assert not did(0, "sent", "reminder")
    assert did(1, "sent", "reminder").summary == "sent 1 reminder"
    assert did(3, "reported", "vetting lapse").summary == "reported 3 vetting lapses"
    both = combine(did(2, "sent", "vetting warning"), did(0, "sent", "term warning"))
    assert both == Outcome(2, "sent 2 vetting warnings")
    assert combine(did(0, "sent", "x")) == Outcome(0, "nothing to do")


def test_idle_runs_are_kept_a_day_and_the_rest_ninety_days():
    now = dt.datetime(2026, 11, 24, 3, 30, tzinfo=dt.UTC)
    assert prune_before(now, did_something=False) == now - dt.timedelta(days=1)
    assert prune_before(now, did_something=True) == now - dt.timedelta(days=90)
