"""The office keeps the availability of a volunteer without a phone: the same page and form as
the volunteer's own, filled in on their behalf (each change audited with the office's name).
Routes sit on the rota blueprint (coordinators and administrators only)."""

from __future__ import annotations

from flask import abort, flash, redirect
from flask_login import current_user

from icv.extensions import db
from icv.rota import availability, bp
from icv.rota.availability_pages import (
    Links,
    add_posted_away,
    availability_form,
    render_page,
    save_pattern,
)
from icv.rota.forms import AwayForm
from icv.volunteers.models import AwayPeriod, Volunteer


@bp.route("/volunteers/<int:volunteer_id>/availability", methods=["GET", "POST"])
def volunteer_availability(volunteer_id: int):
    volunteer = db.get_or_404(Volunteer, volunteer_id)
    links = Links.office(volunteer)
    form = availability_form(volunteer)
    if not form.validate_on_submit():
        if form.is_submitted():
            return render_page(volunteer, links, form=form, status=400)
        return render_page(volunteer, links)
    save_pattern(volunteer, form)
    db.session.commit()
    flash(
        f"{volunteer.user.name}'s availability is saved. It is used for the next rota.", "success"
    )
    return redirect(links.save)


@bp.post("/volunteers/<int:volunteer_id>/away")
def volunteer_add_away(volunteer_id: int):
    volunteer = db.get_or_404(Volunteer, volunteer_id)
    links = Links.office(volunteer)
    form = AwayForm(prefix="away")
    clashes = add_posted_away(volunteer, form)
    if clashes is not None:
        db.session.commit()
        days = ", ".join(f"{v.visit_on:%A %-d %B}" for v in clashes)
        also = f" {volunteer.user.name} is on the rota on {days}: change those visits."
        flash("Dates away added." + (also if days else ""), "success")
        return redirect(links.save)
    db.session.rollback()
    return render_page(volunteer, links, away=form, status=400)


@bp.post("/volunteers/<int:volunteer_id>/away/<int:away_id>/delete")
def volunteer_remove_away(volunteer_id: int, away_id: int):
    volunteer = db.get_or_404(Volunteer, volunteer_id)
    away = db.session.get(AwayPeriod, away_id)
    if away is None or away.volunteer_id != volunteer.id:
        abort(404)
    availability.remove_away(current_user, volunteer, away)
    db.session.commit()
    flash("Dates away removed.", "success")
    return redirect(Links.office(volunteer).save)
