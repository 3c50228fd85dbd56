"""When training runs out, TACT cover by day, long service and review reminders (pure)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from icv.training.rules import (
    appointed_by,
    covered,
    expiry_state,
    in_date_ranges,
    last_valid_day,
    milestone_reached,
    next_review_due,
    review_notices,
    service_years,
)


@pytest.mark.parametrize(
    ("completed_on", "months", "last_day"),
    [
        (date(2024, 3, 5), 36, date(2027, 3, 4)),  # TACT: three years, to the day before
        (date(2026, 12, 5), 12, date(2027, 12, 4)),  # a refresher: a year
        (date(2027, 1, 31), 1, date(2027, 2, 27)),  # 31 February is the 28th, less a day
        (date(2024, 2, 29), 12, date(2025, 2, 27)),  # a leap day a year on is 28 February
        (date(2020, 6, 1), None, None),  # initial training never runs out
    ],
)
def test_the_last_day_in_date(completed_on, months, last_day):
    assert last_valid_day(completed_on, months) == last_day


def test_training_is_in_date_on_its_last_day_and_not_the_day_after():
    ranges = in_date_ranges([(date(2024, 3, 5), date(2027, 3, 4))])
    assert covered(ranges, date(2027, 3, 4)) is True
    assert covered(ranges, date(2027, 3, 5)) is False
    assert covered(ranges, date(2024, 3, 4)) is False  # not before the course either


def test_a_renewal_before_the_end_joins_the_ranges():
    ranges = in_date_ranges(
        [(date(2027, 3, 1), date(2030, 2, 28)), (date(2024, 3, 5), date(2027, 3, 4))]
    )
    assert ranges == ((date(2024, 3, 5), date(2030, 2, 28)),)
    gap = in_date_ranges([(date(2024, 3, 5), date(2027, 3, 4)), (date(2027, 4, 1), None)])
    assert gap == ((date(2024, 3, 5), date(2027, 3, 4)), (date(2027, 4, 1), date.max))


def test_the_state_of_training_on_a_day():
    assert expiry_state(date(2027, 3, 4), date(2027, 1, 3)) == "in date"  # 60 days ahead
    assert expiry_state(date(2027, 3, 4), date(2027, 1, 4)) == "runs out soon"  # 59 days
    assert expiry_state(date(2027, 3, 4), date(2027, 3, 4)) == "runs out soon"
    assert expiry_state(date(2027, 3, 4), date(2027, 3, 5)) == "run out"
    assert expiry_state(None, date(2027, 3, 5)) == "in date"


def test_years_of_service_and_the_milestone_reached():
    appointed = date(2017, 6, 12)
    assert service_years(appointed, date(2027, 6, 11)) == 9
    assert milestone_reached(appointed, date(2027, 6, 11)) == 5
    assert service_years(appointed, date(2027, 6, 12)) == 10
    assert milestone_reached(appointed, date(2027, 6, 12)) == 10
    assert milestone_reached(date(2023, 1, 1), date(2027, 12, 31)) is None
    assert service_years(date(2016, 2, 29), date(2021, 2, 28)) == 4  # a leap day: 1 March
    assert service_years(date(2016, 2, 29), date(2021, 3, 1)) == 5


def test_when_reviews_fall_due_and_are_reminded_of():
    assert next_review_due(date(2026, 1, 31), None) == date(2027, 1, 31)
    assert next_review_due(date(2026, 1, 31), date(2027, 2, 10)) == date(2028, 2, 10)
    due = date(2027, 3, 1)
    assert review_notices(due, date(2027, 1, 29)) == []
    assert review_notices(due, date(2027, 1, 30)) == ["soon"]
    assert review_notices(due, date(2027, 3, 1)) == ["soon"]
    assert review_notices(due, date(2027, 3, 2)) == ["overdue"]


@pytest.mark.parametrize(
    "today",
    [date(2026, 11, 24), date(2028, 2, 29), date(2025, 3, 1), date(2024, 3, 1), date(2027, 2, 28)],
)
@pytest.mark.parametrize("years", [5, 10])
def test_appointed_by_is_the_last_day_with_that_service(today, years):
    last = appointed_by(years, today)
    assert service_years(last, today) >= years
    assert service_years(last + timedelta(days=1), today) == years - 1
    # every day around it agrees with service_years (leap days included)
    for offset in range(-400, 400):
        day = last + timedelta(days=offset)
        assert (day <= last) is (service_years(day, today) >= years), day


def test_appointed_by_on_a_leap_day_and_on_an_ordinary_day():
    assert appointed_by(5, date(2026, 11, 24)) == date(2021, 11, 24)
    assert appointed_by(5, date(2028, 2, 29)) == date(2023, 2, 28)
    assert appointed_by(4, date(2028, 2, 29)) == date(2024, 2, 29)
