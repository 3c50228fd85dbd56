"""Daily: tidy the scheduler's own records."""

from __future__ import annotations

from sqlalchemy import delete

from icv.clock import now_utc
from icv.extensions import db
from icv.jobs.models import JobRun
from icv.jobs.rules import Outcome, did, prune_before


def prune_runs() -> Outcome:
    """The housekeeping job: forget idle runs after a day and the rest after 90 days."""
    now = now_utc()
    deleted = 0
    for did_something in (False, True):
        deleted += db.session.execute(
            delete(JobRun).where(
                JobRun.did_something.is_(did_something),
                JobRun.started_at < prune_before(now, did_something),
            )
        ).rowcount
    return did(deleted, "deleted", "old run")
