"""When a retention period ends (pure rules): a record exactly as old as its period is kept."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icv.retention.rules import date_past, months_before, period_start, summary

NOON = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_a_period_in_days_starts_that_many_days_before():
    assert period_start(NOON, 30, "days") == datetime(2026, 10, 25, 12, 0, tzinfo=UTC)


def test_months_and_years_are_calendar_months_and_years():
    assert period_start(NOON, 24, "months") == datetime(2024, 11, 24, 12, 0, tzinfo=UTC)
    assert period_start(NOON, 6, "years") == datetime(2020, 11, 24, 12, 0, tzinfo=UTC)
    assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)


def test_a_day_a_shorter_month_lacks_becomes_its_last_day():
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2028, 2, 29), 12) == date(2027, 2, 28)
    assert months_before(date(2028, 3, 31), 1) == date(2028, 2, 29)


def test_a_date_is_past_its_period_only_from_the_day_after_it_ends():
    today = date(2026, 11, 24)
    assert not date_past(date(2020, 11, 24), today, 6, "years")
    assert date_past(date(2020, 11, 23), today, 6, "years")
    assert not date_past(today - timedelta(days=7), today, 7, "days")
    assert date_past(today - timedelta(days=8), today, 7, "days")


def test_the_summary_lists_each_kind_that_removed_something():
    assert summary({"mail bodies": 3, "audit details": 0, "report drafts": 1}) == (
        "removed or anonymised: mail bodies 3, report drafts 1"
    )
    assert summary({"mail bodies": 0}) == "nothing to do"
