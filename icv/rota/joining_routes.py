"""Who joins a planned visit, for the coordinator: a question page for adding a visitor to a
visit short of one, or for someone going instead of a visitor. It lists only the people the
rules allow, best first, then those outside their usual availability (chosen only with the
reason they agreed to go). Routes sit on the rota blueprint (``routes.bp``).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from icv.clock import today_local
from icv.extensions import db
from icv.forms import add_field_error
from icv.rota import bp, places
from icv.rota.display import band_labels
from icv.rota.forms import JoinForm
from icv.rota.loading import visit_to_check, visit_to_show
from icv.rota.models import PlannedVisit
from icv.rota.services import RotaError
from icv.volunteers.models import Volunteer


def leaving_of(visit: PlannedVisit) -> Volunteer:
    """The visitor someone goes instead of (from the form, or the link), or 404."""
    source = request.form if request.method == "POST" else request.args
    leaving_id = source.get("replace-leaving" if request.method == "POST" else "leaving", type=int)
    place = next((pv for pv in visit.visitors if pv.volunteer_id == leaving_id), None)
    if place is None:
        abort(404)
    return place.volunteer


@bp.route("/visits/<int:visit_id>/fill", methods=["GET", "POST"])
def add_visitor(visit_id: int):
    visit = visit_to_check(visit_id) or abort(404)
    return join(visit, None)


@bp.route("/visits/<int:visit_id>/replace", methods=["GET", "POST"])
def change_visitor(visit_id: int):
    visit = visit_to_check(visit_id) or abort(404)
    return join(visit, leaving_of(visit))


def join(visit: PlannedVisit, leaving: Volunteer | None):
    """The question page: GET asks, POST checks the choice and saves it."""
    found = places.candidates(visit, leaving, today_local())
    form = JoinForm(
        prefix="replace" if leaving else "fill",
        choices=[(c.volunteer.id, c.volunteer.user.name) for c in found],
        replacing=leaving is not None,
    )
    if leaving is not None and not form.is_submitted():
        form.leaving.data = leaving.id
    if form.validate_on_submit():
        try:
            message = save(visit, leaving, form)
        except RotaError as error:
            add_field_error(form, form.why if error.field == "why" else form.joining, str(error))
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for(".period", period_id=visit.period_id))
    items = radio_items(visit, found, form.joining.data)
    if not form.is_submitted():
        return render_join(visit, leaving, form, items, 200)
    # A choice refused undoes what its check may have changed. The choices are written
    # before the rollback expires every row read: after it, each candidate read again one
    # by one, with their panels, suites and dates away (five statements a candidate).
    db.session.rollback()
    status = 400 if form.errors else 200
    return render_join(visit_to_show(visit.id), leaving, form, items, status)


def save(visit: PlannedVisit, leaving: Volunteer | None, form: JoinForm) -> str:
    joining = db.session.get(Volunteer, form.joining.data)
    if joining is None:
        raise RotaError(form.joining.validators[0].message)
    why, today = form.why.data or "", today_local()
    if leaving is None:
        places.fill_place(current_user, visit, joining, today, why)
        return f"{joining.user.name} now makes the visit."
    places.replace_visitor(current_user, visit, leaving, joining, today, why)
    return f"{joining.user.name} now makes the visit instead of {leaving.user.name}."


def render_join(visit: PlannedVisit, leaving, form: JoinForm, items: list, status: int):
    return render_template(
        "rota/join.html",
        visit=visit,
        leaving=leaving,
        form=form,
        items=items,
        bands=band_labels(),
    ), status


def radio_items(visit: PlannedVisit, found: list[places.Candidate], chosen: int | None) -> list:
    """GOV.UK radio items: those the rules allow, then (after "or") those outside their usual
    availability, each with what ranks them."""
    outside_words = f"Does not usually visit {places.usual_time(visit)}"
    items: list[dict] = []
    for candidate in found:
        if candidate.outside and items and not any("divider" in item for item in items):
            items.append({"divider": "or"})
        hint = candidate.hint
        if candidate.outside:
            hint = f"{outside_words}: only if they agreed to go. {hint[0].upper()}{hint[1:]}."
        items.append(
            {
                "value": candidate.volunteer.id,
                "text": candidate.volunteer.user.name,
                "hint": {"text": hint},
                "checked": candidate.volunteer.id == chosen,
            }
        )
    return items
