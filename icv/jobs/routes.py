"""The admin page of scheduled jobs (last run, next run, recent activity, the outbox), and the
timings of the jobs about visits."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from icv.accounts.access import roles_required
from icv.accounts.roles import Role
from icv.clock import now_utc
from icv.extensions import db
from icv.forms import warning_day_list
from icv.jobs import bp
from icv.jobs.forms import TIMING_KEYS, VisitTimingsForm
from icv.jobs.liveness import has_died, latest_process
from icv.jobs.registry import JOBS
from icv.jobs.runs import last_runs, next_runs, recent_activity
from icv.notifications.delivery import waiting_to_retry
from icv.notifications.models import OutboxMessage, OutboxStatus
from icv.retention.forms import RetentionForm
from icv.retention.rules import SETTABLE
from icv.settings import get_settings, update_settings

#: The outbox job runs every minute; no run for this long means no scheduler is running.
SILENCE = timedelta(minutes=10)


@bp.get("")
@roles_required(Role.ADMIN)
def overview():
    now = now_utc()
    last, upcoming = last_runs(), next_runs()
    outbox_run = last.get("deliver_outbox")
    process = latest_process()
    return render_template(
        "jobs/overview.html",
        jobs=[(job, last.get(job.id), upcoming.get(job.id)) for job in JOBS],
        activity=recent_activity(),
        titles={job.id: job.title for job in JOBS},
        scheduler_silent=outbox_run is None or outbox_run.started_at < now - SILENCE,
        process=process,
        process_running=process is not None and not has_died(process, now),
        failed_mail=count_mail(OutboxMessage.status == OutboxStatus.FAILED),
        retrying_mail=waiting_to_retry(),
        interrupted_mail=count_mail(OutboxMessage.interrupted_at.is_not(None)),
    )


def count_mail(condition) -> int:
    return db.session.scalar(select(func.count()).where(condition))


@bp.route("/timings", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def visit_timings():
    current = get_settings()
    initial = {
        **{key: current[key] for key in TIMING_KEYS},
        "visit_reminder_days": " ".join(str(days) for days in current["visit_reminder_days"]),
    }
    form = VisitTimingsForm(data=None if request.method == "POST" else initial)
    if form.validate_on_submit():
        values = {key: form[key].data for key in TIMING_KEYS}
        values["visit_reminder_days"] = warning_day_list(form.visit_reminder_days.data)
        changed = update_settings(current_user, values)
        db.session.commit()
        flash("Visit reminder timings saved." if changed else "Nothing changed.", "success")
        return redirect(url_for(".visit_timings"))
    return render_template("jobs/timings.html", form=form), 400 if form.errors else 200


@bp.route("/retention", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def retention_settings():
    current = get_settings()
    initial = {kind.setting: current[kind.setting] for kind in SETTABLE}
    form = RetentionForm(data=None if request.method == "POST" else initial)
    if form.validate_on_submit():
        changed = update_settings(current_user, {k.setting: form[k.setting].data for k in SETTABLE})
        db.session.commit()
        flash("Retention periods saved." if changed else "Nothing changed.", "success")
        return redirect(url_for(".retention_settings"))
    page = render_template("jobs/retention.html", form=form, kinds=SETTABLE)
    return page, 400 if form.errors else 200
