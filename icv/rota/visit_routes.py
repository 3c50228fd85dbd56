"""One planned visit, for the coordinator: move it or cancel it; or add one. Adding or changing
a visitor has pages of its own (``joining_routes``).

Every change is checked against the rota's rules by the service, which says in plain words
what it would break. Routes sit on the rota blueprint (``routes.bp``).
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from icv.clock import today_local
from icv.extensions import db
from icv.forms import add_field_error
from icv.rota import bp, problem_from_db, services
from icv.rota.display import band_labels, needed
from icv.rota.engine.problem import WEEK_BAND
from icv.rota.forms import AddVisitForm, CancelForm, MoveForm
from icv.rota.loading import visit_to_show
from icv.rota.models import PlannedVisit, RotaPeriod
from icv.settings import time_bands
from icv.suites.models import Suite
from icv.views import act
from icv.volunteers.models import Volunteer


def band_choices(period: RotaPeriod) -> list[tuple[str, str]]:
    """The times a visit of ``period`` may be given; allocated by week, only the week (the
    day chosen is read as its week)."""
    if period.by_week:
        return [(WEEK_BAND, "Any day and time that week (the pair choose)")]
    return [(b.id, f"{b.label}, {b.hours}") for b in time_bands()]


def volunteer_choices() -> list[tuple[int, str]]:
    return [
        (v.id, v.user.name)
        for v in sorted(problem_from_db.visiting_volunteers(), key=lambda v: v.user.name)
    ]


def visit_forms(visit: PlannedVisit, posted: str | None = None, form=None) -> dict:
    forms = {
        "move": MoveForm(
            formdata=None,
            bands=band_choices(visit.period),
            data={"visit_on": visit.visit_on, "band": visit.band},
            prefix="move",
        ),
        "cancel": CancelForm(formdata=None, prefix="cancel"),
    }
    if posted:
        forms[posted] = form
    return forms


def posted_form(action: str, visit: PlannedVisit):
    if action == "move":
        return MoveForm(bands=band_choices(visit.period), prefix=action)
    return CancelForm(prefix=action)


def render_visit(visit: PlannedVisit, status: int = 200, posted=None, form=None):
    return render_template(
        "rota/visit.html",
        visit=visit,
        short=len(visit.visitors) < needed(),
        forms=visit_forms(visit, posted, form),
        bands=band_labels(),
        error_form=form if form is not None and form.errors else None,
        today=today_local(),
    ), status


@bp.get("/visits/<int:visit_id>")
def visit(visit_id: int):
    return render_visit(visit_to_show(visit_id))


@bp.post("/visits/<int:visit_id>/<any(move, cancel):action>")
def change_visit(visit_id: int, action: str):
    visit = db.get_or_404(PlannedVisit, visit_id)
    form = posted_form(action, visit)
    return act(
        form,
        lambda: apply(visit, action, form),
        services.RotaError,
        url_for(".period", period_id=visit.period_id),
        lambda posted: render_visit(db.get_or_404(PlannedVisit, visit_id), 400, action, posted),
    )


def apply(visit: PlannedVisit, action: str, form) -> str:
    today = today_local()
    if action == "move":
        services.move_visit(current_user, visit, form.visit_on.data, form.band.data, today)
        if visit.by_week:
            return f"Visit moved to the week of {visit.visit_on:%-d %B}."
        return f"Visit moved to {visit.visit_on:%A %-d %B}."
    services.cancel_visit(current_user, visit, form.reason.data)
    return "Visit cancelled."


def add_form(period: RotaPeriod, **kwargs) -> AddVisitForm:
    suites = db.session.scalars(select(Suite).where(Suite.is_active.is_(True)).order_by(Suite.name))
    return AddVisitForm(
        suites=[(s.id, s.name) for s in suites],
        bands=band_choices(period),
        volunteers=volunteer_choices(),
        **kwargs,
    )


def suggested_day(period: RotaPeriod, week: str | None) -> date:
    """The Monday of the gap's week (or of the period), but never a day already past."""
    day = period.starts_on
    if week:
        try:
            day = date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
        except ValueError:
            abort(404)
    return max(day, today_local() + timedelta(days=1))


@bp.route("/<int:period_id>/add", methods=["GET", "POST"])
def add_visit(period_id: int):
    period = db.get_or_404(RotaPeriod, period_id)
    form = add_form(period)
    if not form.is_submitted():
        form.suite.data = request.args.get("suite", type=int)
        form.visit_on.data = suggested_day(period, request.args.get("week"))
    if form.validate_on_submit():
        suite = db.get_or_404(Suite, form.suite.data)
        pair = [db.session.get(Volunteer, i) for i in (form.first.data, form.second.data)]
        try:
            if None in pair:
                raise services.RotaError("Select two visitors")
            services.add_visit(
                current_user, period, suite, form.visit_on.data, form.band.data, pair, today_local()
            )
        except services.RotaError as error:
            add_field_error(form, form.visit_on, str(error))
        else:
            db.session.commit()
            flash(f"Visit added at {suite.name} on {form.visit_on.data:%A %-d %B}.", "success")
            return redirect(url_for(".period", period_id=period.id))
    db.session.rollback()
    status = 400 if form.errors else 200
    return render_template("rota/add.html", form=form, period=period), status
