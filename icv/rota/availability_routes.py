"""A volunteer keeps their own availability on their phone: the times they can usually visit,
the suites they can reach, and dates away. Routes sit on ``my_routes.bp``."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from icv.extensions import db
from icv.i18n import format_date
from icv.rota import availability
from icv.rota import my_visits_bp as bp
from icv.rota.availability_pages import (
    Links,
    add_posted_away,
    availability_form,
    render_page,
    save_pattern,
)
from icv.rota.display import own_record
from icv.rota.forms import AwayForm
from icv.volunteers.models import AwayPeriod


@bp.route("/availability", methods=["GET", "POST"])
def edit_availability():
    volunteer = own_record() or abort(404)
    form = availability_form(volunteer)
    if not form.validate_on_submit():
        if form.is_submitted():
            return render_page(volunteer, Links.own(), form=form, status=400)
        return render_page(volunteer, Links.own())
    save_pattern(volunteer, form)
    db.session.commit()
    flash(_("Your availability is saved. It is used for the next rota."), "success")
    return redirect(url_for(".edit_availability"))


@bp.post("/away")
def add_away():
    volunteer = own_record() or abort(404)
    form = AwayForm(prefix="away")
    clashes = add_posted_away(volunteer, form)
    if clashes is not None:
        db.session.commit()
        flash(away_message(clashes), "success")
        return redirect(url_for(".edit_availability", _anchor="away"))
    db.session.rollback()
    return render_page(volunteer, Links.own(), away=form, status=400)


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
