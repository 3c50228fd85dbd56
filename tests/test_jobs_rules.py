"""When warnings fall due, lapses are reported, digests are keyed, a scheduler process is taken
for dead and a missed run is made up (pure rules, no app)."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest

from icv.jobs.registry import daily, every
from icv.jobs.rules import (
    History,
    Outcome,
    catch_up_due,
    combine,
    confirm_alert_due,
    confirm_reminder_due,
    did,
    lapse_to_report,
    latest_fire_time,
    listed_in_mail,
    next_rota_notice_due,
    process_silent,
    prune_before,
    relative_day,
    report_alert_due,
    report_reminder_due,
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
    ("days_since_lapse", "report"), [(-1, False), (0, True), (6, True), (7, True), (400, True)]
)
def test_a_lapse_is_reported_from_the_first_day_without_vetting_however_long_ago(
    days_since_lapse, report
):
    # Vetting is valid up to and including its expiry date; it lapses the day after.
    expires_on = TODAY - dt.timedelta(days=days_since_lapse + 1)
    assert lapse_to_report(expires_on, TODAY) is report


def test_the_schemes_thresholds_are_read_largest_first_without_repeats():
    assert warning_days([7, 90, 30, 30]) == (90, 30, 7)
    assert warning_days([0, -5]) == (90, 30, 7)
    assert warning_days(None) == (90, 30, 7)


def test_visit_reminder_days_may_include_the_day_itself_and_have_their_own_default():
    assert warning_days([0, 3, -1], (3,), smallest=0) == (3, 0)
    assert warning_days([], (3,), smallest=0) == (3,)
    # With 3 and 0: three to one days before give the 3-day reminder, the day itself the 0.
    assert [warning_due(TODAY + dt.timedelta(days=d), TODAY, (3, 0)) for d in range(5)] == [
        0,
        3,
        3,
        3,
        None,
    ]


def days_from_today(days: int) -> date:
    return TODAY + dt.timedelta(days=days)


@pytest.mark.parametrize(
    ("days_ahead", "ask", "alert"),
    [
        (8, False, False),
        (7, True, False),
        (3, True, False),
        (2, True, True),
        (1, True, True),
        (0, False, True),
        (-1, False, False),
    ],
)
def test_an_unconfirmed_visitor_is_asked_from_a_week_ahead_and_the_coordinator_told_from_two(
    days_ahead, ask, alert
):
    visit_on = days_from_today(days_ahead)
    assert confirm_reminder_due(visit_on, TODAY, 7) is ask
    assert confirm_alert_due(visit_on, TODAY, 2) is alert


@pytest.mark.parametrize(
    ("days_since", "remind", "alert"),
    [
        (0, False, False),
        (1, True, False),
        (2, True, False),
        (3, True, True),
        (7, True, True),
        (8, False, False),
    ],
)
def test_a_missing_report_is_chased_until_the_deadline(days_since, remind, alert):
    visit_on = days_from_today(-days_since)
    assert report_reminder_due(visit_on, TODAY, 7) is remind
    assert report_alert_due(visit_on, TODAY, 3, 7) is alert


@pytest.mark.parametrize(("days_to_start", "due"), [(22, False), (21, True), (0, True), (-5, True)])
def test_the_next_rota_is_reported_from_three_weeks_before_it_starts(days_to_start, due):
    assert next_rota_notice_due(days_from_today(days_to_start), TODAY, 21) is due


def test_days_read_as_people_say_them():
    assert [relative_day(d) for d in (-3, -1, 0, 1, 2)] == [
        "3 days ago",
        "yesterday",
        "today",
        "tomorrow",
        "in 2 days",
    ]
    assert listed_in_mail(1) == "listed in the mail to 1 coordinator"
    assert listed_in_mail(2) == "listed in the mail to 2 coordinators"


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


UTC = dt.UTC
#: Wednesday 18 November 2026 (GMT, so UK time is UTC).
WEDNESDAY_7AM = dt.datetime(2026, 11, 18, 7, 0, tzinfo=UTC)


def test_a_process_is_taken_for_dead_after_two_minutes_without_a_heartbeat():
    seen = WEDNESDAY_7AM
    assert not process_silent(seen, seen + dt.timedelta(minutes=2))
    assert process_silent(seen, seen + dt.timedelta(minutes=2, microseconds=1))


@pytest.mark.parametrize(
    ("now", "fired"),
    [
        # A run at its time is left to the scheduler for a minute: it may be starting.
        (WEDNESDAY_7AM + dt.timedelta(seconds=59), None),
        (WEDNESDAY_7AM + dt.timedelta(minutes=1), WEDNESDAY_7AM),
        # Then it counts as missed until the end of its grace time (12 hours).
        (WEDNESDAY_7AM + dt.timedelta(hours=12), WEDNESDAY_7AM),
        (WEDNESDAY_7AM + dt.timedelta(hours=12, seconds=1), None),
    ],
)
def test_the_latest_time_a_daily_job_was_due_is_found_within_its_grace_time(now, fired):
    schedule = daily(7, 0)
    assert latest_fire_time(schedule.trigger.get_next_fire_time, now, schedule.grace) == fired


def test_the_latest_time_a_minutely_job_was_due_is_a_minute_back_at_least():
    schedule = every(minutes=1)
    now = dt.datetime(2026, 11, 18, 10, 0, 30, tzinfo=UTC)
    fired = latest_fire_time(schedule.trigger.get_next_fire_time, now, schedule.grace)
    assert fired == dt.datetime(2026, 11, 18, 9, 59, tzinfo=UTC)


def test_a_daily_job_is_due_at_its_local_time_on_the_day_the_clocks_go_forward():
    schedule = daily(7, 0)
    now = dt.datetime(2027, 3, 28, 9, 0, tzinfo=UTC)  # 10:00 BST
    fired = latest_fire_time(schedule.trigger.get_next_fire_time, now, schedule.grace)
    assert fired == dt.datetime(2027, 3, 28, 6, 0, tzinfo=UTC)  # 07:00 BST


NOW = WEDNESDAY_7AM + dt.timedelta(hours=3)
GRACE = dt.timedelta(hours=12)
YESTERDAY_7AM = WEDNESDAY_7AM - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("fired_at", "history", "due"),
    [
        # The scheduler was down at 07:00: made up, once it has a run to compare with.
        (WEDNESDAY_7AM, History(last_success=YESTERDAY_7AM), WEDNESDAY_7AM),
        (WEDNESDAY_7AM, History(last_success=WEDNESDAY_7AM), None),  # it ran at 07:00
        (WEDNESDAY_7AM, History(last_success=None), None),  # a new job waits for its time
        (None, History(last_success=YESTERDAY_7AM), None),  # nothing due within grace
        # The 07:00 run died (or failed): made up, at most three times in all.
        (WEDNESDAY_7AM, History(YESTERDAY_7AM, (WEDNESDAY_7AM,)), WEDNESDAY_7AM),
        (WEDNESDAY_7AM, History(None, (WEDNESDAY_7AM,)), WEDNESDAY_7AM),
        (
            WEDNESDAY_7AM,
            History(YESTERDAY_7AM, (NOW - dt.timedelta(minutes=5), WEDNESDAY_7AM)),
            WEDNESDAY_7AM,
        ),
        (
            WEDNESDAY_7AM,
            History(
                YESTERDAY_7AM,
                (NOW - dt.timedelta(minutes=5), NOW - dt.timedelta(minutes=10), WEDNESDAY_7AM),
            ),
            None,
        ),
        # A run at another time (a catch-up, an earlier downtime) died: made up within grace.
        (None, History(YESTERDAY_7AM, (NOW - GRACE,)), NOW - GRACE),
        (None, History(YESTERDAY_7AM, (NOW - GRACE - dt.timedelta(seconds=1),)), None),
        # A run in hand, here or in another live scheduler, is left to finish.
        (WEDNESDAY_7AM, History(YESTERDAY_7AM, (), in_hand=True), None),
        (WEDNESDAY_7AM, History(YESTERDAY_7AM, (WEDNESDAY_7AM,), in_hand=True), None),
    ],
)
def test_a_missed_run_is_made_up_when_its_schedule_or_its_last_run_says_so(fired_at, history, due):
    assert catch_up_due(fired_at, history, NOW, GRACE) == due
