"""Visit report rules with exact cases: times (midnight, order), delays, counts, issues."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from icv.suites.rules import DEFAULT_BANDS, Band, day_started
from icv.visits.count_rules import Counts, count_problems, import_count_problems
from icv.visits.issue_rules import days_open, issue_action_problem, match_category
from icv.visits.rules import (
    access_delay,
    delay_needs_explaining,
    delay_problems,
    future_problems,
    time_problems,
    visit_date_problem,
)
from icv.visits.times import minutes_between, same_night, skipped

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        (time(14, 0), time(15, 30), 90),
        (time(23, 30), time(0, 45), 75),  # past midnight
        (time(23, 30), time(23, 30), 0),
        (time(0, 10), time(23, 50), 1420),
    ],
)
def test_it_counts_minutes_forward_through_midnight(start, end, minutes):
    assert minutes_between(start, end) == minutes


def test_a_visit_at_2330_that_crosses_midnight_is_in_order():
    assert time_problems(time(23, 30), time(23, 40), time(1, 15), "completed") == {}
    assert access_delay(time(23, 30), time(23, 40)) == 10
    # Let in after midnight: the wait runs through midnight too.
    assert time_problems(time(23, 30), time(0, 10), time(1, 15), "completed") == {}
    assert access_delay(time(23, 30), time(0, 10)) == 40


@pytest.mark.parametrize(
    ("arrived", "admitted", "left", "outcome", "problems"),
    [
        (
            time(14, 0),
            time(14, 5),
            time(13, 0),
            "completed",
            {
                "left": "Times out of order: arriving at 14:00 and leaving at 13:00 would be a "
                "visit of over 8 hours. Check both times"
            },
        ),
        (
            time(14, 0),
            time(14, 5),
            time(14, 0),
            "completed",
            {"left": "The time you left must be after the time you arrived"},
        ),
        (
            time(14, 0),
            time(16, 0),
            time(15, 0),
            "completed",
            {
                "admitted": "The time you were let in must be between the time you arrived "
                "(14:00) and the time you left (15:00)"
            },
        ),
        (
            time(23, 30),
            time(23, 0),
            time(0, 30),
            "completed",
            {
                "admitted": "The time you were let in must be between the time you arrived "
                "(23:30) and the time you left (00:30)"
            },
        ),
        (
            time(14, 0),
            None,
            time(15, 0),
            "completed",
            {"admitted": "Enter the time you were let into the custody area"},
        ),
        (
            time(14, 0),
            time(14, 5),
            time(14, 30),
            "no_access",
            {"admitted": "Leave the time you were let in empty: you were not let in"},
        ),
        (time(14, 0), None, time(14, 30), "no_access", {}),
        # Refused at the door: they left the minute they arrived. Only without access.
        (time(14, 0), None, time(14, 0), "no_access", {}),
        (
            time(14, 0),
            None,
            time(14, 0),
            "abandoned",
            {"left": "The time you left must be after the time you arrived"},
        ),
        (time(14, 0), None, time(14, 50), "abandoned", {}),
        (time(6, 0), time(6, 0), time(14, 0), "completed", {}),  # exactly 8 hours
    ],
)
def test_it_finds_times_out_of_order(arrived, admitted, left, outcome, problems):
    assert time_problems(arrived, admitted, left, outcome) == problems


def test_a_delay_exactly_at_the_threshold_needs_no_explanation():
    assert delay_needs_explaining(15, 15) is False
    assert delay_problems(15, 15, None, None) == {}
    assert delay_needs_explaining(16, 15) is True
    assert delay_needs_explaining(None, 15) is False
    assert delay_problems(16, 15, None, None) == {
        "delay_reason": "You waited 16 minutes to be let in, longer than 15: say what custody "
        "staff told you about why",
        "delay_authorised_by": "Select the rank of the officer who authorised the delay",
    }
    assert delay_problems(16, 15, "Violent detainee in the corridor", "inspector") == {}


def test_a_date_in_the_future_is_refused():
    assert visit_date_problem(TODAY, TODAY) is None
    assert visit_date_problem(date(2026, 11, 25), TODAY) == (
        "The date of the visit must be today or in the past"
    )


def test_counts_that_account_for_everyone_once_pass():
    counts = Counts(
        in_custody=7,
        spoken=3,
        observed=1,
        declined=1,
        not_offered=2,
        reasons={"asleep": 1, "interview": 1},
        juveniles=1,
        vulnerable=2,
    )
    assert count_problems(counts) == {}
    assert counts.offered == 4  # spoken + declined: the one observed only is not offered


def test_categories_that_do_not_add_up_are_refused_with_the_sums():
    counts = Counts(in_custody=6, spoken=3, observed=1, declined=0, not_offered=1)
    assert count_problems(counts) == {
        "in_custody": "Count everyone in custody once: 3 spoken with, 1 observed, 0 declined "
        "and 1 not offered make 5, but you entered 6 in custody",
        "not_offered": "The reasons add up to 0 people, but you entered 1 not offered a visit",
    }


def test_children_and_vulnerable_adults_are_at_most_those_in_custody():
    counts = Counts(in_custody=2, spoken=2, juveniles=3, vulnerable=3)
    assert count_problems(counts) == {
        "juveniles": "The number of children cannot be more than the 2 people in custody",
        "vulnerable": "The number of vulnerable adults cannot be more than the 2 people in custody",
    }


def test_negative_counts_are_refused():
    assert count_problems(Counts(in_custody=-1, spoken=-1)) == {
        "in_custody": "The number in custody cannot be less than 0",
        "spoken": "The number you spoke with cannot be less than 0",
    }


def test_counts_above_999_are_refused_each_at_its_box():
    assert count_problems(Counts(in_custody=999, spoken=999)) == {}
    counts = Counts(in_custody=1000, spoken=1000, not_offered=0, reasons={"asleep": 1000})
    assert count_problems(counts) == {
        "in_custody": "The number in custody cannot be more than 999",
        "spoken": "The number you spoke with cannot be more than 999",
        "reason_asleep": "A number of people cannot be more than 999",
    }


def test_a_count_out_of_range_is_not_read_by_the_sums_and_the_other_rules_still_run():
    counts = Counts(in_custody=2, spoken=1000, not_offered=1, juveniles=3)
    assert count_problems(counts) == {
        "spoken": "The number you spoke with cannot be more than 999",
        # Not "1000 spoken with ... make 1001": that sum reads the box out of range.
        "not_offered": "The reasons add up to 0 people, but you entered 1 not offered a visit",
        "juveniles": "The number of children cannot be more than the 2 people in custody",
    }


def test_a_box_with_its_own_problem_is_not_read_as_0_by_the_rules_across_boxes():
    counts = Counts(
        in_custody=5,
        spoken=0,  # mistyped on the form: its 0 is not the number meant
        observed=1,
        declined=1,
        not_offered=1,
        reasons={"asleep": 2},
        juveniles=6,
        male=4,
        female=0,
        sex_not_known=0,
    )
    reasons = "The reasons add up to 2 people, but you entered 1 not offered a visit"
    children = "The number of children cannot be more than the 5 people in custody"
    by_sex = "Male, female and another sex or not known make 4, but you entered 5 in custody"
    assert count_problems(counts, unread={"spoken"}) == {
        "not_offered": reasons,
        "juveniles": children,
        "male": by_sex,
    }
    assert count_problems(counts, unread={"in_custody"}) == {"not_offered": reasons}
    assert count_problems(counts, unread={"reason_asleep", "female"}) == {
        "in_custody": "Count everyone in custody once: 0 spoken with, 1 observed, 1 declined "
        "and 1 not offered make 3, but you entered 5 in custody",
        "juveniles": children,
    }


def test_the_import_checks_bounds_only():
    # Categories that do not add up are fine in a historical record...
    assert import_count_problems(10, 5, 3, 1, 1, 2, 0) == []
    # ... but spoken + declined may not exceed offered, nor the rest exceed those in custody.
    assert import_count_problems(10, 4, 3, 0, 2, 0, 0) == [
        "spoken (3) + declined (2) is more than offered (4)"
    ]
    assert import_count_problems(5, 4, 2, 6, 1, 3, 6) == [
        "offered (4) + not_offered (3) is more than in_custody (5)",
        "observed (6) is more than in_custody (5)",
        "juveniles (6) is more than in_custody (5)",
    ]


@pytest.mark.parametrize(
    ("status", "action", "problem"),
    [
        ("new", "send", None),
        ("with_force", "send", "This issue is already with the force"),
        ("new", "respond", "This issue has not been sent to the force"),
        ("with_force", "respond", None),
        ("escalated", "respond", None),
        ("new", "escalate", "Send the issue to the force before escalating it"),
        ("responded", "escalate", None),
        ("responded", "close", None),
        ("new", "close", None),
        ("closed", "send", "This issue is closed"),
        ("closed", "close", "This issue is closed"),
    ],
)
def test_it_allows_each_issue_step_only_from_the_right_status(status, action, problem):
    assert issue_action_problem(status, action) == problem


def test_issues_age_from_the_visit_to_resolution_or_today():
    assert days_open(date(2026, 11, 1), None, TODAY) == 23
    assert days_open(date(2026, 11, 1), date(2026, 11, 4), TODAY) == 3


def test_it_matches_categories_by_id_or_label_and_keeps_others_as_given():
    categories = {"food_drink": "Food and drink", "other": "Other"}
    assert match_category(categories, "food and DRINK") == "food_drink"
    assert match_category(categories, "Food_Drink") == "food_drink"
    assert match_category(categories, "  Drains   blocked ") == "Drains blocked"


LATE = Band("late", "Late", time(22, 0), time(7, 0))
DAY = Band("day", "Day", time(9, 0), time(17, 0))


@pytest.mark.parametrize(
    ("earlier", "later", "same"),
    [
        ((date(2026, 11, 3), time(23, 50)), (date(2026, 11, 4), time(0, 10)), True),
        ((date(2026, 11, 3), time(23, 50)), (date(2026, 11, 4), time(7, 0)), False),  # band over
        ((date(2026, 11, 4), time(0, 10)), (date(2026, 11, 5), time(0, 20)), False),  # after 0:00
        ((date(2026, 11, 3), time(23, 50)), (date(2026, 11, 5), time(0, 10)), False),  # 2 days
        ((date(2026, 11, 3), time(10, 0)), (date(2026, 11, 4), time(0, 10)), False),  # by day
    ],
)
def test_two_reports_a_day_apart_are_one_night_only_across_midnight(earlier, later, same):
    assert same_night(earlier, later, [DAY, LATE]) is same


@pytest.mark.parametrize(
    ("day", "at", "gone"),
    [
        (date(2026, 3, 29), time(0, 59), False),
        (date(2026, 3, 29), time(1, 0), True),  # the clocks went from 01:00 to 02:00
        (date(2026, 3, 29), time(1, 59), True),
        (date(2026, 3, 29), time(2, 0), False),
        (date(2026, 3, 28), time(1, 30), False),  # the day before
        (date(2026, 10, 25), time(1, 30), False),  # October's change shows 01:30 twice
        (date(2027, 3, 28), time(1, 30), True),  # the last Sunday of March 2027
    ],
)
def test_a_time_the_clocks_skipped_is_known(day, at, gone):
    assert skipped(day, at) is gone


def test_each_time_of_a_visit_is_read_on_its_own_day():
    # Arrived 23:30 on Saturday 28 March 2026; left at 01:15 on Sunday, which did not exist.
    saturday = date(2026, 3, 28)
    assert time_problems(time(23, 30), time(23, 40), time(1, 15), "completed",
                         visit_date=saturday) == {"left": (
        "There was no 01:15 on 29 March 2026: the clocks went forward an hour at 01:00. Enter "
        "the time the clocks showed, such as 02:15")}  # fmt: skip
    # The same times a night later are fine; without a date nothing is read as skipped.
    assert time_problems(time(23, 30), time(23, 40), time(1, 15), "completed",
                         visit_date=date(2026, 3, 29)) == {}  # fmt: skip
    assert time_problems(time(1, 30), time(1, 40), time(2, 15), "completed") == {}


def test_a_visit_over_eight_hours_of_real_time_is_out_of_order():
    # 22:00 to 06:30 is 8.5 hours by the clocks, 7.5 across the spring change.
    assert time_problems(time(22), time(22, 5), time(6, 30), "completed",
                         visit_date=date(2026, 3, 28)) == {}  # fmt: skip
    assert "left" in time_problems(time(22), time(22, 5), time(6, 30), "completed",
                                   visit_date=date(2026, 3, 29))  # fmt: skip


@pytest.mark.parametrize(
    ("reported", "arrived", "counted"),
    [
        (date(2026, 1, 1), time(0, 30), date(2025, 12, 31)),  # New Year's Eve's late night
        (date(2026, 1, 1), time(6, 59), date(2025, 12, 31)),
        (date(2026, 1, 1), time(7, 0), date(2026, 1, 1)),  # the late band has ended
        (date(2025, 12, 31), time(23, 30), date(2025, 12, 31)),
        (date(2025, 12, 31), time(12, 0), date(2025, 12, 31)),
    ],
)
def test_a_visit_counts_on_the_day_it_started(reported, arrived, counted):
    assert day_started(reported, arrived, DEFAULT_BANDS) == counted
    # A scheme whose bands do not cross midnight counts every visit on its date.
    assert day_started(reported, arrived, DEFAULT_BANDS[:4]) == reported


NOON = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # 12:00 in London too (GMT)
ARRIVED_LATE = {"arrived": "The time you arrived must be in the past"}
LEFT_LATE = {"left": "The time you left must be in the past"}


@pytest.mark.parametrize(
    ("visit_date", "arrived", "left", "now", "problems"),
    [
        # today, at noon: up to 5 minutes ahead is a watch a little fast, 6 is to come
        (TODAY, time(11, 0), time(12, 5), NOON, {}),
        (TODAY, time(11, 0), time(12, 6), NOON, LEFT_LATE),
        (TODAY, time(12, 5), None, NOON, {}),
        (TODAY, time(12, 6), time(13, 0), NOON, ARRIVED_LATE),
        # leaving earlier in the day than arriving is the next day: still to come
        (TODAY, time(11, 0), time(2, 0), NOON, LEFT_LATE),
        # last night, past midnight into today: done
        (date(2026, 11, 23), time(23, 30), time(1, 0), NOON, {}),
        (date(2026, 11, 23), time(23, 30), time(12, 6), NOON, LEFT_LATE),
        (date(2026, 11, 25), time(0, 0), None, NOON, ARRIVED_LATE),
        # summer time: noon in London is 11:00 UTC
        (date(2026, 7, 1), time(12, 5), None, datetime(2026, 7, 1, 11, 0, tzinfo=UTC), {}),
        (
            date(2026, 7, 1),
            time(12, 6),
            None,
            datetime(2026, 7, 1, 11, 0, tzinfo=UTC),
            ARRIVED_LATE,
        ),
        # nothing to judge yet
        (None, time(23, 0), time(23, 30), NOON, {}),
        (TODAY, None, time(23, 30), NOON, {}),
    ],
)
def test_a_time_that_has_not_come_is_refused(visit_date, arrived, left, now, problems):
    found = future_problems(visit_date, arrived, left, now)
    assert {name: str(problem) for name, problem in found.items()} == problems
