"""Rotas for the coordinator: plan a period, see and change its visits, publish it.

Requests to swap or drop are in ``request_routes``, on the same blueprint. A rota is seen only
by coordinators, administrators and the volunteers on each visit (``my_routes``); the
commissioner sees coverage figures only (``coverage``).
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from icv.accounts.access import check_roles, roles_required
from icv.accounts.roles import Role
from icv.clock import now_utc, today_local
from icv.extensions import db
from icv.forms import add_field_error
from icv.rota import (
    bp,
    coverage_figures,
    fairness,
    patterns,
    problem_from_db,
    quality_store,
    queries,
    services,
    tables,
)
from icv.rota.display import band_labels, needed
from icv.rota.engine.problem import week_of
from icv.rota.forms import PeriodForm
from icv.rota.models import (
    PlannedVisit,
    Planning,
    RotaPeriod,
    SwapRequest,
    VisitStatus,
)
from icv.rota.queries import as_listed
from icv.rota.rules import next_period
from icv.settings import get_settings

staff = (Role.COORDINATOR, Role.ADMIN)
#: The job looks every minute and a draft takes seconds: one still waiting after this is not
#: being made (no scheduler running), which the page says rather than wait on in silence.
NOT_STARTED_AFTER = timedelta(minutes=10)
VIEWS = ("suite", "volunteer", "quality", "fairness")


@bp.before_request
def staff_only():
    if request.endpoint == "rota.coverage":
        return None  # the commissioner may read coverage figures; checked on the view
    return check_roles(*staff)


@bp.app_template_filter("week_of")
def week_of_filter(label: str) -> str:
    """``2027-W07`` -> "Week of 15 February 2027", as a table cell says it."""
    return "W" + week_of(label)[1:]


@bp.get("")
def periods():
    rows = db.session.execute(
        select(RotaPeriod, func.count(PlannedVisit.id))
        .outerjoin(PlannedVisit, PlannedVisit.period_id == RotaPeriod.id)
        .group_by(RotaPeriod.id)
        .order_by(RotaPeriod.starts_on.desc())
    ).all()
    waiting = db.session.scalar(
        select(func.count()).select_from(SwapRequest).where(SwapRequest.status == "open")
    )
    return render_template("rota/periods.html", rows=rows, waiting=waiting)


@bp.route("/new", methods=["GET", "POST"])
def new_period():
    form = PeriodForm()
    last = db.session.scalar(select(func.max(RotaPeriod.ends_on)))
    weeks = int(get_settings()["rota_weeks"])
    if not form.is_submitted():
        form.starts_on.data, form.ends_on.data = next_period(today_local(), last, weeks)
    if form.validate_on_submit():
        try:
            period = services.queue_draft(
                current_user, form.starts_on.data, form.ends_on.data, today_local()
            )
        except services.RotaError as error:
            add_field_error(form, form.starts_on, str(error))
        else:
            db.session.commit()
            return redirect(url_for(".period", period_id=period.id))
    # the proposal follows the last rota unless that ended before the latest whole week
    follows = last if last is not None and last >= today_local() - timedelta(days=1) else None
    return render_template("rota/new.html", form=form, follows=follows, weeks=weeks), (
        400 if form.errors else 200
    )


@bp.get("/<int:period_id>")
def period(period_id: int):
    period = db.get_or_404(
        RotaPeriod, period_id, options=[selectinload(RotaPeriod.visits).options(*as_listed())]
    )
    if period.planning is not None:
        return planning_page(period)
    view = request.args.get("view", "suite")
    if view not in VIEWS:
        abort(404)
    # forgotten since a change, kept by an older version or for others who may visit:
    # worked out once, here
    kept, worked_out = quality_store.current(period)
    figures, gaps, names, suite_names = quality_store.read(kept, names=view == "quality")
    if worked_out:
        db.session.commit()
    context = {
        "period": period,
        "view": view,
        "bands": band_labels(),
        "gaps": gaps,
        "short": queries.short_of_visitors(period.visits, needed(), today_local()),
        "figures": figures,
        "names": names,
        "suite_names": suite_names,
        "today": today_local(),
        "chosen": chosen_heatmap(period),
    }
    cells = tables.VisitCells(context["bands"], needed())
    if view == "suite":
        context["table"] = tables.by_suite_rows(queries.by_suite(period), cells)
    elif view == "volunteer":
        context["people"] = tables.by_volunteer_rows(queries.by_volunteer(period), cells)
    elif view == "fairness":
        context["fairness"] = fair = fairness.of(period, kept)
        context["load_rows"] = tables.fairness_rows(fair.loads, fair.minimum)
    return render_template("rota/period.html", **context)


def chosen_heatmap(period: RotaPeriod) -> dict[str, list[list[int]]] | None:
    """Allocated by week: the days and times the pairs chose, by suite key (as the quality
    figures' heatmap), from the visits made so far; None for a rota allocated by day."""
    if not period.by_week:
        return None
    made = patterns.done_heatmap(period, list(band_labels()))
    return {problem_from_db.suite_key(suite_id): rows for suite_id, rows in made.items()}


def planning_page(period: RotaPeriod, form: PeriodForm | None = None):
    """A draft still being solved (the page refreshes itself), or whose solve failed (the
    error, and the dates to plan again)."""
    if form is None and period.planning == Planning.FAILED:
        form = PeriodForm(starts_on=period.starts_on, ends_on=period.ends_on)
        add_field_error(form, form.starts_on, period.planning_error or "The draft failed")
    if form is not None:
        form.submit.label.text = "Plan again"
    late = period.is_planning and now_utc() - period.queued_at > NOT_STARTED_AFTER
    return render_template("rota/planning.html", period=period, form=form, late=late), (
        400 if form is not None and form.errors and request.method == "POST" else 200
    )


@bp.post("/<int:period_id>/plan-again")
def plan_again(period_id: int):
    period = db.get_or_404(RotaPeriod, period_id)
    if period.planning != Planning.FAILED:
        return redirect(url_for(".period", period_id=period.id))  # planned meanwhile
    form = PeriodForm()
    if form.validate_on_submit():
        try:
            services.plan_again(
                current_user, period, form.starts_on.data, form.ends_on.data, today_local()
            )
        except services.RotaError as error:
            add_field_error(form, form.starts_on, str(error))
        else:
            db.session.commit()
            return redirect(url_for(".period", period_id=period.id))
    return planning_page(period, form)


#: What each action on a period does, said on the page that asks to confirm it.
CONFIRM = {
    "publish": "Each volunteer on this rota will be sent their own visits by email, and will see "
    "them in My visits. Changes after this are sent to the volunteers concerned.",
    "regenerate": "A new draft replaces this one, with a new random pattern. Any changes you made "
    "by hand to this draft are lost.",
    "delete": "The draft and its visits are deleted. Nobody has seen it.",
}


@bp.route("/<int:period_id>/<any(regenerate, publish, delete):action>", methods=["GET", "POST"])
def period_action(period_id: int, action: str):
    """GET asks to confirm (each action sends mail or loses work); POST does it."""
    period = db.get_or_404(RotaPeriod, period_id)
    if request.method == "GET":
        short = queries.short_of_visitors(period.visits, needed(), today_local())
        return render_template(
            "rota/confirm.html",
            period=period,
            action=action,
            words=CONFIRM[action],
            short=short if action == "publish" else [],
            bands=band_labels(),
        )
    try:
        if action == "regenerate":
            services.regenerate(current_user, period)
            message = "A new draft is being made."
        elif action == "publish":
            told = services.publish(current_user, period)
            message = f"Rota published. {told} volunteers have been sent their visits."
        else:
            services.delete_draft(current_user, period)
            db.session.commit()
            flash("Draft rota deleted.", "success")
            return redirect(url_for(".periods"))
    except services.RotaError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".period", period_id=period_id))
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".period", period_id=period.id))


@bp.get("/coverage")
@roles_required(Role.COORDINATOR, Role.ADMIN, Role.COMMISSIONER)
def coverage():
    """Coverage figures per published period and suite, a year at a time (the latest first):
    counts only, no days and no names."""
    years = coverage_figures.coverage_years()
    asked = request.args.get("year")
    if asked is None:
        year = years[0] if years else None
    elif asked.isascii() and asked.isdigit() and len(asked) == 4 and int(asked) in years:
        year = int(asked)
    else:
        abort(404)  # not a year, or one with no published rota
    rows = [] if year is None else coverage_figures.coverage_counts(year)
    statuses = list(VisitStatus)
    return render_template(
        "rota/coverage.html",
        table=[
            (period, tables.coverage_rows(suites, statuses))
            for period, suites in coverage_figures.coverage_table(rows)
        ],
        head=tables.coverage_head(statuses),
        year=year,
        years=sorted(years),
    )
