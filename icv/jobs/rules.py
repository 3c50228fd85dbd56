"""When warnings fall due, how a job reports what it did, how long runs are kept, when a
scheduler process is taken to have died and which missed runs are caught up (pure rules)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

#: Warn this many days before vetting or a term runs out, unless the scheme sets its own.
DEFAULT_WARNING_DAYS = (90, 30, 7)
#: Runs that found nothing to do are kept this long; runs that did something or failed, longer.
KEEP_IDLE_RUNS = timedelta(days=1)
KEEP_RUNS = timedelta(days=90)
#: A scheduler process records that it is alive this often ...
HEARTBEAT = timedelta(seconds=30)
#: ... and one not heard from for this long has died (killed, crashed, its machine stopped).
#: Four heartbeats, so a busy machine is not taken for a dead one.
SILENT_PROCESS = timedelta(minutes=2)
#: The scheduler looks for missed runs at start and this often.
CATCH_UP_EVERY = timedelta(minutes=5)
#: A scheduled time this recent is left to the scheduler's own run, which may be starting.
SETTLE = timedelta(minutes=1)
#: A missed run is tried this many times at most (its failed or unfinished attempts), so a job
#: that fails every time, or takes its process down (out of memory), is not run for ever.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Outcome:
    """What a job run did: true when it did anything, with one line for the admin page."""

    count: int
    summary: str

    def __bool__(self) -> bool:
        return self.count > 0


@dataclass(frozen=True)
class Line:
    """One item listed in a mail to the coordinators, with the page that shows it."""

    text: str
    link: str | None = None


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(1, "reminder")`` is "1 reminder"; ``plural(3, "reminder")`` is "3 reminders"."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def listed_in_mail(coordinators: int) -> str:
    """What a notice listed in one mail to the coordinators records as its outcome."""
    return f"listed in the mail to {plural(coordinators, 'coordinator')}"


def did(count: int, verb: str, singular: str, plural_form: str | None = None) -> Outcome:
    """``did(3, "sent", "vetting warning")`` reads "sent 3 vetting warnings"."""
    if count == 0:
        return Outcome(0, "nothing to do")
    return Outcome(count, f"{verb} {plural(count, singular, plural_form)}")


def combine(*outcomes: Outcome) -> Outcome:
    """Several parts of one job, reported together ("sent 2 vetting warnings; sent 1 ...")."""
    done = [o for o in outcomes if o]
    if not done:
        return Outcome(0, "nothing to do")
    return Outcome(sum(o.count for o in done), "; ".join(o.summary for o in done))


def warning_days(
    setting: Iterable[int] | None,
    default: tuple[int, ...] = DEFAULT_WARNING_DAYS,
    smallest: int = 1,
) -> tuple[int, ...]:
    """The scheme's warning thresholds, largest first, without repeats or nonsense (below
    ``smallest``); ``default`` when none is left."""
    days = sorted({int(d) for d in setting or () if int(d) >= smallest}, reverse=True)
    return tuple(days) or default


def warning_due(ends_on: date | None, today: date, thresholds: Iterable[int]) -> int | None:
    """The warning that applies on ``today`` to something that ends on ``ends_on``.

    That is the smallest threshold at or above the days left, so a warning missed while the
    scheduler was down, or skipped because the date was recorded late, is replaced by the next
    one rather than sent late and then again. None when the end is further off than every
    threshold, or already past. With thresholds 90, 30 and 7: 91 days left gives None, 90 or 31
    give 90, 30 gives 30, 0 (the last valid day) gives 7, and -1 gives None.
    """
    if ends_on is None:
        return None
    left = (ends_on - today).days
    if left < 0:
        return None
    fitting = [days for days in thresholds if days >= left]
    return min(fitting) if fitting else None


def lapse_to_report(expires_on: date | None, today: date) -> bool:
    """True from the day after ``expires_on`` (the first day without vetting), however long
    ago: a lapse is acted on once (its notice is keyed by the date), whether the scheduler was
    down that day or the date was recorded late, unless the coordinator acted on it already."""
    if expires_on is None:
        return False
    return expires_on < today


def relative_day(days: int) -> str:
    """``relative_day(2)`` is "in 2 days", ``relative_day(-3)`` "3 days ago"."""
    if days in (-1, 0, 1):
        return {-1: "yesterday", 0: "today", 1: "tomorrow"}[days]
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def days_between(earlier: date, later: date) -> int:
    return (later - earlier).days


def confirm_reminder_due(visit_on: date, today: date, days_before: int) -> bool:
    """A visitor who has not confirmed is asked to from ``days_before`` days before the visit
    until the day before it (a run missed while the scheduler was down is caught up)."""
    return 1 <= days_between(today, visit_on) <= days_before


def confirm_alert_due(visit_on: date, today: date, days_before: int) -> bool:
    """The coordinator is told of a visitor still unconfirmed from ``days_before`` days before
    the visit until its day."""
    return 0 <= days_between(today, visit_on) <= days_before


def report_reminder_due(visit_on: date, today: date, deadline_days: int) -> bool:
    """The visitors are reminded to write a report from the day after the visit until the
    last day of the scheme's deadline."""
    return 1 <= days_between(visit_on, today) <= deadline_days


def report_alert_due(visit_on: date, today: date, chase_days: int, deadline_days: int) -> bool:
    """The coordinator is told a report is missing ``chase_days`` after the visit, or later
    until the deadline (a day the scheduler was down is caught up)."""
    return chase_days <= days_between(visit_on, today) <= deadline_days


def next_rota_notice_due(next_starts_on: date, today: date, notice_days: int) -> bool:
    """The coordinator is told the next rota is not published from ``notice_days`` before it
    should start (and on, if it is still not published once it should have started)."""
    return days_between(today, next_starts_on) <= notice_days


def week_key(today: date) -> str:
    """The ISO week, e.g. ``2026-W48``: one digest per week whatever day it goes out."""
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def prune_before(now: datetime, did_something: bool) -> datetime:
    """Runs that started before this are deleted."""
    return now - (KEEP_RUNS if did_something else KEEP_IDLE_RUNS)


def process_silent(last_seen: datetime, now: datetime) -> bool:
    """True when a scheduler process last seen at ``last_seen`` is taken to have died."""
    return now - last_seen > SILENT_PROCESS


def latest_fire_time(
    next_fire: Callable[[datetime | None, datetime], datetime | None],
    now: datetime,
    grace: timedelta,
) -> datetime | None:
    """The last time a schedule fired from ``now - grace`` to ``now - SETTLE``, or None.

    ``next_fire`` is an APScheduler trigger's ``get_next_fire_time(previous, now)``.
    """
    earliest, latest = now - grace, now - SETTLE
    found, previous = None, None
    while True:
        fire = next_fire(previous, previous or earliest)
        if fire is None or fire > latest:
            return found
        if fire >= earliest:
            found = fire
        previous = fire


@dataclass(frozen=True)
class History:
    """What a job's recorded runs say, for deciding whether to catch it up."""

    #: When its latest successful run started.
    last_success: datetime | None
    #: When its failed or unfinished runs since then started.
    unsuccessful: tuple[datetime, ...] = ()
    #: A run of it is running in a live scheduler process, or waiting to in this one.
    in_hand: bool = False


def catch_up_due(
    fired_at: datetime | None, history: History, now: datetime, grace: timedelta
) -> datetime | None:
    """When the missed run to make up now was due, or None when there is none.

    A run is missed when the schedule fired at ``fired_at`` (see ``latest_fire_time``) and no
    run has succeeded since (no scheduler was running then, or its run died or failed), or
    when the latest run failed or died less than ``grace`` ago with no success since (a run at a
    time outside the schedule, such as one caught up before). It is made up unless a run is in
    hand, the job has never run (a new job starts at its next scheduled time), or it has been
    tried ``MAX_ATTEMPTS`` times since it was due.
    """
    if history.in_hand or (history.last_success is None and not history.unsuccessful):
        return None
    due = None
    if fired_at is not None and (history.last_success is None or history.last_success < fired_at):
        due = fired_at
    else:
        recent = [start for start in history.unsuccessful if now - start <= grace]
        due = min(recent, default=None)
    if due is None:
        return None
    attempts = sum(1 for start in history.unsuccessful if start >= due)
    return due if attempts < MAX_ATTEMPTS else None
