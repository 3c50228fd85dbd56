"""A volunteer keeps their own availability on their phone: the times they can usually visit,
the suites they can reach, and dates away. Routes sit on ``my_routes.bp``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from icv.clock import today_local
from icv.extensions import db
from icv.forms import add_field_error
from icv.i18n import format_date
from icv.rota import availability
from icv.rota import my_visits_bp as bp
from icv.rota.display import own_record
from icv.rota.forms import WEEKDAYS, AvailabilityForm, AwayForm
from icv.settings import time_bands
from icv.volunteers.models import AwayPeriod, Volunteer
from icv.volunteers.services import VolunteerError


def availability_form(volunteer: Volunteer, posted: bool = True) -> AvailabilityForm:
    """The form as posted, or (``posted=False``) filled from the volunteer's record."""
    kwargs = {} if posted else {"formdata": None}
    form = AvailabilityForm(
        bands=[(b.id, f"{b.label}, {b.hours}") for b in time_bands()],
        suites=[(s.id, s.name) for s in volunteer.suites if s.is_active],
        **kwargs,
    )
    if not posted:
        for n, day in enumerate(WEEKDAYS):
            form[day].data = [band for d, band in volunteer.weekly_availability if d == n]
        cannot = {s.id for s in volunteer.unreachable_suites}
        form.reachable.data = [i for i, _ in form.reachable.choices if i not in cannot]
    return form


def render_page(volunteer: Volunteer, form=None, away=None, status: int = 200):
    form = form or availability_form(volunteer, posted=False)
    away = away or AwayForm(formdata=None, prefix="away")
    return render_template(
        "rota/availability.html",
        volunteer=volunteer,
        form=form,
        away=away,
        error_form=away if away.errors else None,
        today=today_local(),
    ), status


@bp.route("/availability", methods=["GET", "POST"])
def edit_availability():
    volunteer = own_record() or abort(404)
    form = availability_form(volunteer)
    if not form.validate_on_submit():
        if form.is_submitted():
            return render_page(volunteer, form=form, status=400)
        return render_page(volunteer)
    reachable = set(form.reachable.data or [])
    unreachable = [s.id for s in volunteer.suites if s.id not in reachable]
    availability.set_pattern(current_user, volunteer, form.pattern(), unreachable)
    db.session.commit()
    flash(_("Your availability is saved. It is used for the next rota."), "success")
    return redirect(url_for(".edit_availability"))


@bp.post("/away")
def add_away():
    volunteer = own_record() or abort(404)
    form = AwayForm(prefix="away")
    if form.validate_on_submit():
        try:
            clashes = availability.add_away(
                current_user, volunteer, form.starts_on.data, form.ends_on.data, today_local()
            )
        except VolunteerError as error:
            add_field_error(form, form.ends_on, str(error))
        else:
            db.session.commit()
            flash(away_message(clashes), "success")
            return redirect(url_for(".edit_availability", _anchor="away"))
    db.session.rollback()
    return render_page(volunteer, away=form, status=400)


def away_message(clashes) -> str:
    if not clashes:
        return _("Dates away added.")
    days = _(", ").join(format_date(v.visit_on, "weekday") for v in clashes)
    return _(
        "Dates away added. You are on the rota on %(days)s: ask to swap or drop in My visits.",
        days=days,
    )


@bp.post("/away/<int:away_id>/delete")
def remove_away(away_id: int):
    volunteer = own_record() or abort(404)
    away = db.session.get(AwayPeriod, away_id)
    if away is None or away.volunteer_id != volunteer.id:
        abort(404)
    availability.remove_away(current_user, volunteer, away)
    db.session.commit()
    flash(_("Dates away removed."), "success")
    return redirect(url_for(".edit_availability", _anchor="away"))
