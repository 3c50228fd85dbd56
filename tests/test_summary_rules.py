"""The summary's pure rules: periods, input, medians, groupings and differences (no app)."""

from __future__ import annotations

from datetime import date, time

import pytest

from icv.summary.corrections import Difference, differences
from icv.summary.rules import (
    Basis,
    Period,
    SummaryInputError,
    change,
    headline,
    hours,
    is_active_on,
    is_delayed,
    last_complete_year,
    latest_year,
    median,
    month_label,
    parse_period,
    unaccounted,
    visit_bands,
    visit_minutes,
    visitors_recorded,
    weekday_key,
)

TODAY = date(2026, 11, 24)


def test_a_calendar_year_runs_january_to_december():
    year = Period(2016)
    assert (year.start, year.end, year.label) == (date(2016, 1, 1), date(2016, 12, 31), "2016")
    assert year.months_label == "January to December 2016"
    assert year.months()[0::11] == ["2016-01", "2016-12"]


def test_a_financial_year_runs_april_to_march_and_is_labelled_2016_17():
    year = Period(2016, Basis.FINANCIAL)
    assert (year.start, year.end, year.label) == (
        date(2016, 4, 1),
        date(2017, 3, 31),
        "2016/17",
    )
    assert year.months_label == "April 2016 to March 2017"
    assert Period(1999, Basis.FINANCIAL).label == "1999/00"


def test_quarters_follow_the_basis():
    assert [(q.start, q.end) for q in Period(2016, Basis.FINANCIAL).quarters()] == [
        (date(2016, 4, 1), date(2016, 6, 30)),
        (date(2016, 7, 1), date(2016, 9, 30)),
        (date(2016, 10, 1), date(2016, 12, 31)),
        (date(2017, 1, 1), date(2017, 3, 31)),
    ]
    assert Period(2016, Basis.FINANCIAL, 4).label == "Q4 2016/17"
    assert Period(2016, Basis.FINANCIAL).quarter_of("2017-02") == 4
    assert Period(2016).quarter_of("2016-02") == 1


def test_the_period_before_is_the_year_or_quarter_before():
    assert Period(2016).previous() == Period(2015)
    assert Period(2016, Basis.FINANCIAL, 1).previous() == Period(2015, Basis.FINANCIAL, 4)
    assert Period(2016, Basis.CALENDAR, 3).previous() == Period(2016, Basis.CALENDAR, 2)


def test_the_latest_and_last_complete_years_depend_on_the_basis():
    assert (latest_year(Basis.CALENDAR, TODAY), last_complete_year(Basis.CALENDAR, TODAY)) == (
        2026,
        2025,
    )
    assert latest_year(Basis.FINANCIAL, date(2026, 3, 31)) == 2025
    assert latest_year(Basis.FINANCIAL, date(2026, 4, 1)) == 2026
    assert last_complete_year(Basis.FINANCIAL, TODAY) == 2025
    assert Period(2025).is_complete(TODAY)
    assert not Period(2026).is_complete(TODAY)
    assert Period(2026).as_at(TODAY) == TODAY


def test_a_period_is_read_from_plain_text():
    assert parse_period("2016", "financial", "q2", TODAY) == Period(2016, Basis.FINANCIAL, 2)
    assert parse_period(2016, None, None, TODAY) == Period(2016, Basis.CALENDAR)


@pytest.mark.parametrize(
    ("year", "basis", "quarter", "field", "message"),
    [
        ("", "calendar", "", "year", "Enter a year, like 2025"),
        ("16", "calendar", "", "year", "Enter the year as 4 digits, like 2025"),
        ("20x6", "calendar", "", "year", "Enter the year as 4 digits, like 2025"),
        ("1979", "calendar", "", "year", "The year must be between 1980 and 2026"),
        ("2027", "calendar", "", "year", "The year must be between 1980 and 2026"),
        ("2025", "fiscal", "", "basis", "The basis must be calendar or financial"),
        ("2025", "calendar", "5", "quarter", "The quarter must be 1, 2, 3 or 4"),
        ("2026", "financial", "4", "quarter", "Q4 2026/27 has not started yet"),
    ],
)
def test_bad_input_is_refused_with_a_reason(year, basis, quarter, field, message):
    with pytest.raises(SummaryInputError) as refused:
        parse_period(year, basis, quarter, TODAY)
    assert (refused.value.field, refused.value.message) == (field, message)


def test_the_median_of_a_distribution():
    assert median({}) is None
    assert median({7: 1}) == 7
    assert median({5: 1, 10: 1}) == 7.5
    assert median({2: 1, 5: 2, 10: 1, 20: 1, 40: 1}) == 7.5
    assert median({3: 2, 40: 1}) == 3


def test_definitions():
    assert unaccounted(10, 6, 1, 2) == 1
    assert unaccounted(10, 8, 1, 2) == 0  # an old record giving offered with observed in it
    assert not is_delayed(15, 15)
    assert is_delayed(16, 15)
    assert not is_delayed(None, 15)
    assert is_active_on(date(2025, 3, 1), None, date(2025, 12, 31))
    assert not is_active_on(date(2023, 1, 1), date(2025, 12, 31), date(2025, 12, 31))
    assert not is_active_on(date(2026, 2, 1), None, date(2025, 12, 31))
    # The database counts 0 as Sunday.
    assert [weekday_key(n) for n in (0, 1, 6)] == ["Sun", "Mon", "Sat"]
    assert month_label("2025-12") == "December 2025"


def test_volunteers_are_grouped_by_visits_made():
    assert visit_bands({0: 3, 4: 1, 5: 2, 6: 1, 12: 1, 30: 2}) == {
        "none": 3,
        "1 to 5": 3,
        "6 to 11": 1,
        "12 to 23": 1,
        "24 or more": 2,
    }


def test_the_headline_and_changes_read_as_sentences():
    assert (
        headline(82, 0, "2016") == "82 visits to custody in 2016, with no serious issues identified"
    )
    assert headline(1, 2, "2016/17") == (
        "1 visit to custody in 2016/17, with 2 serious issues identified"
    )
    assert change(82, 70, "2015") == "up 12 from 70 in 2015"
    assert change(3, 9, "2015") == "down 6 from 9 in 2015"
    assert change(4, 4, "2015") == "the same as in 2015"


def test_differences_list_each_changed_figure():
    published = {"visits": {"completed": 5, "by_suite": {"Rugby": 2}}, "labels": {"a": "A"}}
    current = {"visits": {"completed": 6, "by_suite": {"Rugby": 2, "Nuneaton": 1}}}
    assert differences(published, current, ignore=("labels.",)) == [
        Difference("visits.by_suite.Nuneaton", None, 1),
        Difference("visits.completed", 5, 6),
    ]
    assert differences(published, published) == []
    # A category or band added since, with nothing in it, changes nothing.
    added = {"issues": {"by_category": {"heating": 0}}}
    assert differences({"issues": {"by_category": {}}}, added) == []


def test_a_section_the_published_figures_lack_was_not_recorded_not_corrected():
    published = {"visits": {"completed": 5}, "previous": {"visits": {"completed": 1}}}
    current = {
        "visits": {"completed": 5},
        "time": {"visit_hours": 7.3},
        "previous": {"visits": {"completed": 1}, "time": {"visit_hours": 1.0}},
    }
    assert differences(published, current) == []
    # Once published with it, a change to it is a correction like any other.
    assert differences({**current, "time": {"visit_hours": 7.2}}, current) == [
        Difference("time.visit_hours", 7.2, 7.3)
    ]


@pytest.mark.parametrize(
    ("day", "minutes"),
    [
        (date(2026, 3, 28), 120),  # the clocks go forward at 01:00 on Sunday 29 March
        (date(2026, 3, 29), 180),  # the next night: no change
        (date(2026, 10, 24), 240),  # back at 02:00 on Sunday 25 October: 01:00-02:00 twice
        (date(2026, 10, 25), 180),
        (date(2027, 3, 27), 120),  # the last Sunday of March 2027 is the 28th
    ],
)
def test_a_visit_across_a_clock_change_counts_real_time(day, minutes):
    assert visit_minutes(day, time(23, 30), time(2, 30)) == minutes


def test_time_given_counts_whole_minutes_past_midnight_and_recorded_visitors():
    day = date(2026, 5, 1)
    assert visit_minutes(day, time(10, 30), time(12, 0)) == 90
    assert visit_minutes(day, time(23, 30), time(0, 45)) == 75
    assert visit_minutes(day, time(20, 0, 59), time(20, 20)) == 20
    assert visitors_recorded((4, None), (None, "P. Partner")) == 2
    assert visitors_recorded((4, "Val"), (None, None)) == 1
    assert visitors_recorded((None, None), (None, None)) == 0
    # One decimal place, halves up: 15 minutes is 0.25 hours, shown as 0.3.
    assert [hours(m) for m in (0, 3, 15, 45, 90, 435, 485, 1439)] == [
        0.0, 0.1, 0.3, 0.8, 1.5, 7.3, 8.1, 24.0
    ]  # fmt: skip
