"""The admin page of scheduled jobs: last run, next run, recent activity, and the outbox."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, render_template
from sqlalchemy import func, select

from icv.accounts.access import roles_required
from icv.accounts.roles import Role
from icv.clock import now_utc
from icv.extensions import db
from icv.jobs.registry import JOBS
from icv.jobs.runs import last_runs, next_runs, recent_activity
from icv.notifications.delivery import waiting_to_retry
from icv.notifications.models import OutboxMessage, OutboxStatus

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs")

#: The outbox job runs every minute; no run for this long means no scheduler is running.
SILENCE = timedelta(minutes=10)


@bp.get("")
@roles_required(Role.ADMIN)
def overview():
    last, upcoming = last_runs(), next_runs()
    outbox_run = last.get("deliver_outbox")
    return render_template(
        "jobs/overview.html",
        jobs=[(job, last.get(job.id), upcoming.get(job.id)) for job in JOBS],
        activity=recent_activity(),
        titles={job.id: job.title for job in JOBS},
        scheduler_silent=outbox_run is None or outbox_run.finished_at < now_utc() - SILENCE,
        failed_mail=db.session.scalar(
            select(func.count()).where(OutboxMessage.status == OutboxStatus.FAILED)
        ),
        retrying_mail=waiting_to_retry(),
    )
