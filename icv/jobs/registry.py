"""Every scheduled job: its fixed id, what it is called, the function it runs and when.

How to add a job (``icv/jobs/visit_reminders.py`` is a short example):

1. Write ``icv/jobs/<name>.py`` with one plain function that takes no arguments, reads the
   clock through ``icv.clock`` (so tests can freeze it), plans and takes its work through
   ``icv.jobs.claims`` (so a second run or a second scheduler sends nothing twice), queues mail
   with one sender per message (``icv.jobs.emails``; ``remind`` for a reminder the volunteer may
   turn off, ``to_coordinators`` for the coordinator) and returns an ``Outcome``
   (``did(count, "sent", "visit reminder")``). It must not commit: the runner commits its work
   and the run's record together.
2. Add one line to ``JOBS`` below with a new fixed id, a title for the admin page, the function
   and its schedule (``every(minutes=...)``, ``daily(hour, minute)`` or
   ``weekly("mon", hour, minute)``, all in the scheme's timezone). Restarting ``icv scheduler``
   stores it; a job removed from here is removed from the store at the next start.
3. Test the function directly with ``time_machine`` (see ``tests/test_jobs_expiries.py``): the
   exact outbox rows it creates, and nothing more when it runs a second time.

Daily and weekly times avoid 01:00-02:59, the hours the clocks change in the UK, so a job runs
exactly once every day of the year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from icv.clock import SCHEME_TZ
from icv.jobs.digest import send_weekly_digest
from icv.jobs.expiries import warn_of_expiries
from icv.jobs.housekeeping import prune_runs
from icv.jobs.issue_ladder import climb_the_ladder
from icv.jobs.next_rota import warn_of_next_rota
from icv.jobs.outbox import deliver_outbox
from icv.jobs.report_chasers import chase_reports
from icv.jobs.retention import purge_personal_data
from icv.jobs.reviews import remind_of_reviews
from icv.jobs.rota_drafts import make_rota_drafts
from icv.jobs.rules import Outcome
from icv.jobs.summary_figures import keep_summary_figures
from icv.jobs.unconfirmed import chase_confirmations
from icv.jobs.visit_reminders import remind_of_visits


@dataclass(frozen=True)
class Schedule:
    trigger: BaseTrigger
    #: How it reads on the admin page, e.g. "every day at 07:00".
    label: str
    #: How late a run may start (after downtime, say) and still run; a run missed by more is
    #: skipped and the job runs at its next time. Missed runs are coalesced into one.
    grace: timedelta


#: Where interval triggers count from. Without it APScheduler counts from the moment the trigger
#: is made (the real clock at import), so fire times would depend on when the process started,
#: and a frozen or simulated clock before that moment would never see a run.
INTERVAL_ORIGIN = datetime(2000, 1, 1, tzinfo=SCHEME_TZ)


def every(minutes: int, grace: timedelta = timedelta(minutes=5)) -> Schedule:
    """Every ``minutes`` on the clock's whole minutes (every minute: at hh:mm:00)."""
    label = "every minute" if minutes == 1 else f"every {minutes} minutes"
    trigger = IntervalTrigger(minutes=minutes, start_date=INTERVAL_ORIGIN, timezone=SCHEME_TZ)
    return Schedule(trigger, label, grace)


def daily(hour: int, minute: int, grace: timedelta = timedelta(hours=12)) -> Schedule:
    return Schedule(
        CronTrigger(hour=hour, minute=minute, timezone=SCHEME_TZ),
        f"every day at {hour:02d}:{minute:02d}",
        grace,
    )


def weekly(day: str, hour: int, minute: int, grace: timedelta = timedelta(days=1)) -> Schedule:
    days = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday"}
    days |= {"fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
    return Schedule(
        CronTrigger(day_of_week=day, hour=hour, minute=minute, timezone=SCHEME_TZ),
        f"every {days[day]} at {hour:02d}:{minute:02d}",
        grace,
    )


@dataclass(frozen=True)
class ScheduledJob:
    id: str
    title: str
    func: Callable[[], Outcome]
    schedule: Schedule
    #: The scheduler's thread that runs it: "default" runs the jobs one at a time; "mail" is
    #: delivery's own, so a mail server that hangs holds up no other job.
    executor: str = "default"


JOBS: tuple[ScheduledJob, ...] = (
    ScheduledJob(
        "deliver_outbox", "Deliver the outbox", deliver_outbox, every(minutes=1), executor="mail"
    ),
    # Its own thread: a long solve holds up no reminder, and no reminder holds up a draft.
    ScheduledJob(
        "rota_drafts",
        "Make the rota drafts asked for",
        make_rota_drafts,
        every(minutes=1),
        executor="rota",
    ),
    ScheduledJob(
        "summary_figures",
        "Keep the annual summary's figures",
        keep_summary_figures,
        every(minutes=1),
    ),
    ScheduledJob("expiry_warnings", "Vetting and term warnings", warn_of_expiries, daily(7, 0)),
    ScheduledJob("visit_reminders", "Visit reminders", remind_of_visits, daily(7, 10)),
    ScheduledJob("unconfirmed_visits", "Visits not confirmed", chase_confirmations, daily(7, 15)),
    ScheduledJob("next_rota", "Next rota not published", warn_of_next_rota, daily(7, 20)),
    ScheduledJob("review_reminders", "Annual reviews due", remind_of_reviews, daily(7, 25)),
    # After the morning, so a pair back from a late visit can file the report before a chaser.
    ScheduledJob("report_chasers", "Reports not written", chase_reports, daily(9, 0)),
    # Before the digest on Mondays, so it lists the issues at the steps they climbed to.
    ScheduledJob("issue_ladder", "Overdue issues climb the ladder", climb_the_ladder, daily(7, 25)),
    ScheduledJob(
        "weekly_digest", "Coordinator's weekly digest", send_weekly_digest, weekly("mon", 7, 30)
    ),
    ScheduledJob("prune_job_runs", "Tidy the job history", prune_runs, daily(3, 30)),
    ScheduledJob(
        "purge_applications",
        "Remove personal data past retention",
        purge_personal_data,
        daily(3, 40),
    ),
)


def job_by_id(job_id: str) -> ScheduledJob:
    for job in JOBS:
        if job.id == job_id:
            return job
    raise KeyError(f"no scheduled job with the id {job_id!r}")
