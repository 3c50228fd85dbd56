"""Pure rules of the rota's web side: periods, confirmations, requests, cancellations."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from icv.rota.rules import (
    cancel_problem,
    change_request_problem,
    confirm_problem,
    edit_problem,
    iso_week,
    next_period,
    on_planned_day,
    outcome_due,
    period_problem,
)
from icv.suites.rules import DEFAULT_BANDS

TODAY = date(2026, 11, 24)  # a Tuesday
BANDS = {band.id: band for band in DEFAULT_BANDS}


def test_iso_weeks_are_labelled_like_the_contract():
    assert iso_week(date(2027, 1, 4)) == "2027-W01"
    assert iso_week(date(2027, 2, 3)) == "2027-W05"
    # 1 January 2027 is a Friday: it belongs to the last week of 2026.
    assert iso_week(date(2027, 1, 1)) == "2026-W53"


@pytest.mark.parametrize(
    ("today", "last_ends", "starts"),
    [
        (TODAY, None, date(2026, 11, 30)),  # a Tuesday and no rota: next Monday
        (TODAY, date(2027, 1, 3), date(2027, 1, 4)),  # the Monday after the last rota
        (date(2026, 11, 30), None, date(2026, 11, 30)),  # a Monday: this week is whole
        (date(2026, 11, 30), date(2026, 11, 29), date(2026, 11, 30)),  # it ended yesterday
        (date(2026, 11, 29), date(2026, 11, 29), date(2026, 11, 30)),  # it ends today
        (date(2026, 12, 9), date(2026, 11, 15), date(2026, 12, 14)),  # it ended weeks ago
    ],
)
def test_the_next_period_is_a_quarter_from_the_first_monday_after_the_last_rota(
    today, last_ends, starts
):
    assert next_period(today, last_ends, 13) == (starts, starts + timedelta(days=90))


@pytest.mark.parametrize(
    ("starts", "ends", "problem"),
    [
        (date(2027, 1, 4), date(2027, 4, 4), None),
        (
            date(2027, 1, 5),
            date(2027, 4, 4),
            "The period must start on a Monday; 5 January 2027 is a Tuesday",
        ),
        (
            date(2027, 1, 4),
            date(2027, 4, 3),
            "The period must end on a Sunday; 3 April 2027 is a Saturday",
        ),
        (date(2027, 1, 4), date(2026, 12, 27), "The period must end after it starts"),
        (
            date(2027, 1, 4),
            date(2027, 7, 11),
            "Plan at most 26 weeks at a time; this period has 27",
        ),
        (date(2026, 10, 5), date(2026, 11, 1), "The period has already ended"),
        (
            date(2026, 12, 28),
            date(2027, 1, 10),
            "The period overlaps the rota for 30 Nov 2026 to 3 Jan 2027; "
            "start after 3 January 2027",
        ),
    ],
)
def test_it_checks_a_period(starts, ends, problem):
    others = [(date(2026, 11, 30), date(2027, 1, 3))]
    assert period_problem(starts, ends, TODAY, others) == problem


def test_a_single_week_is_a_period():
    assert period_problem(date(2026, 12, 7), date(2026, 12, 13), TODAY, []) is None


def test_requests_and_confirmations_are_for_planned_visits_to_come():
    assert change_request_problem("planned", TODAY, TODAY, False) is None
    assert change_request_problem("planned", date(2026, 11, 23), TODAY, False) == (
        "This visit has already passed"
    )
    assert change_request_problem("cancelled", TODAY, TODAY, False) == (
        "This visit is no longer planned"
    )
    assert change_request_problem("planned", TODAY, TODAY, True) == (
        "You have already asked about this visit; the scheme office will reply"
    )
    assert confirm_problem("planned", TODAY, TODAY) is None
    assert confirm_problem("completed", TODAY, TODAY) == "This visit is no longer planned"


def test_a_cancellation_needs_a_reason_and_a_planned_visit():
    assert cancel_problem("planned", "  ") == "Give the reason the visit is cancelled"
    assert cancel_problem("missed", "Flood") == "Only a planned visit can be cancelled"
    assert cancel_problem("planned", "Flood") is None


def test_only_planned_visits_to_come_are_edited():
    assert edit_problem("planned", TODAY, TODAY) is None
    assert edit_problem("planned", date(2026, 11, 23), TODAY) == (
        "This visit's day has passed; record its outcome instead"
    )
    assert edit_problem("cancelled", TODAY, TODAY) == "Only a planned visit can be changed"


def test_a_visit_counts_as_missed_after_its_grace_days():
    visit_on = date(2026, 11, 20)
    assert outcome_due(visit_on, date(2026, 11, 23), grace_days=3) is False
    assert outcome_due(visit_on, date(2026, 11, 24), grace_days=3) is True


@pytest.mark.parametrize(
    ("band", "reported_on", "arrived", "expected"),
    [
        ("late", TODAY, time(23, 30), True),  # the planned day, any time
        ("day", TODAY, time(21, 0), True),
        ("late", date(2026, 11, 25), time(0, 30), True),  # after midnight, the true date
        ("late", date(2026, 11, 25), time(6, 59), True),
        ("late", date(2026, 11, 25), time(7, 0), False),  # the band has ended
        ("late", date(2026, 11, 25), time(23, 0), False),  # the next night
        ("late", date(2026, 11, 26), time(0, 30), False),
        ("late", date(2026, 11, 23), time(0, 30), False),  # the day before
        ("evening", date(2026, 11, 25), time(0, 30), False),  # 18:00 to 22:00: no crossing
        (None, date(2026, 11, 25), time(0, 30), False),  # a band no longer in the settings
    ],
)
def test_a_late_visit_may_be_reported_on_the_day_after(band, reported_on, arrived, expected):
    assert on_planned_day(TODAY, BANDS.get(band), reported_on, arrived) is expected
