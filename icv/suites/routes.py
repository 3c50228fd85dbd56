"""Custody suites, for the coordinator: details, rota targets, time bands and closures."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from icv.accounts.access import check_roles
from icv.accounts.roles import Role
from icv.extensions import db
from icv.forms import add_field_error
from icv.settings import time_bands
from icv.suites import bp, services
from icv.suites.forms import ClosureForm, SuiteForm
from icv.suites.models import Suite, SuiteClosure


@bp.before_request
def coordinators_only():
    return check_roles(Role.COORDINATOR, Role.ADMIN)


def band_choices() -> list[tuple[str, str]]:
    return [(b.id, f"{b.label}, {b.hours}") for b in time_bands()]


@bp.get("")
def suites_list():
    suites = db.session.scalars(select(Suite).order_by(Suite.is_active.desc(), Suite.name)).all()
    return render_template("suites/list.html", suites=suites, bands=dict(band_choices()))


def suite_form(suite: Suite | None = None, *, posted: bool = True, **kwargs) -> SuiteForm:
    """The suite's form: what was posted, or (``posted=False``) the suite as it is."""
    if not posted:
        kwargs["formdata"] = None
    form = SuiteForm(bands=band_choices(), obj=suite, **kwargs)
    if not posted or not form.is_submitted():
        every_band = [b.id for b in time_bands()]
        form.bands.data = (suite.bands if suite and suite.bands else None) or every_band
        form.is_active.data = "yes" if suite is None or suite.is_active else "no"
        form.tact.data = "yes" if suite is not None and suite.holds_tact else "no"
    return form


def form_values(form: SuiteForm) -> dict:
    chosen = form.bands.data or []
    every = [b.id for b in time_bands()]
    return {
        "name": form.name.data,
        "address": form.address.data or "",
        "email": form.email.data or None,
        **{
            name: (form[name].data or "").strip() or None
            for name in ("inspector_name", "inspector_email", "senior_name", "senior_email")
        },
        "visits_per_week": form.visits_per_week.data,
        # Every band chosen is stored as None so a band added later applies here too.
        "bands": None if set(chosen) >= set(every) else [b for b in every if b in chosen],
        "is_active": form.is_active.data == "yes",
        "holds_tact": form.tact.data == "yes",
    }


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = suite_form(data={"visits_per_week": 1})
    if form.validate_on_submit():
        try:
            suite = services.save(current_user, None, form_values(form))
        except services.SuiteError as error:
            add_field_error(form, form.name, str(error))
        else:
            db.session.commit()
            flash(f"{suite.name} added.", "success")
            return redirect(url_for(".detail", suite_id=suite.id))
    return render_template("suites/form.html", form=form, suite=None), 400 if form.errors else 200


@bp.route("/<int:suite_id>", methods=["GET", "POST"])
def detail(suite_id: int):
    suite = db.get_or_404(Suite, suite_id)
    form = suite_form(suite)
    if form.validate_on_submit():
        try:
            services.save(current_user, suite, form_values(form))
        except services.SuiteError as error:
            add_field_error(form, form.name, str(error))
        else:
            db.session.commit()
            flash("Suite saved.", "success")
            return redirect(url_for(".detail", suite_id=suite.id))
    status = 400 if form.errors else 200
    return render_detail(suite, form=form, closure=ClosureForm(prefix="closure"), status=status)


def render_detail(suite: Suite, form: SuiteForm, closure: ClosureForm, status: int = 200):
    return render_template(
        "suites/form.html",
        suite=suite,
        form=form,
        closure=closure,
        error_form=closure if closure.errors else None,
    ), status


@bp.post("/<int:suite_id>/closures")
def add_closure(suite_id: int):
    suite = db.get_or_404(Suite, suite_id)
    closure = ClosureForm(prefix="closure")
    if not closure.validate_on_submit():
        return render_detail(suite, suite_form(suite, posted=False), closure, 400)
    clashes = services.add_closure(
        current_user, suite, closure.starts_on.data, closure.ends_on.data, closure.reason.data or ""
    )
    db.session.commit()
    flash(closure_message(clashes), "success")
    return redirect(url_for(".detail", suite_id=suite.id))


def closure_message(clashes) -> str:
    if not clashes:
        return "Closure added."
    days = ", ".join(f"{v.visit_on:%-d %b}" for v in clashes)
    return f"Closure added. Visits are planned on {days}: move or cancel them on the rota."


@bp.post("/<int:suite_id>/closures/<int:closure_id>/delete")
def remove_closure(suite_id: int, closure_id: int):
    suite = db.get_or_404(Suite, suite_id)
    closure = db.session.get(SuiteClosure, closure_id)
    if closure is None or closure.suite_id != suite.id:
        abort(404)
    services.remove_closure(current_user, suite, closure)
    db.session.commit()
    flash("Closure removed.", "success")
    return redirect(url_for(".detail", suite_id=suite.id))
