"""The volunteer's own training and meetings on their phone, and signing the memorandum."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from icv.clock import today_local
from icv.extensions import db
from icv.training import mine_bp as bp
from icv.training import queries, services
from icv.training.forms import SignForm
from icv.training.rules import expiry_state
from icv.views import act
from icv.volunteers.models import Volunteer


def own_volunteer() -> Volunteer:
    # Its panels and dates away are not on these pages: not loaded (six statements fewer).
    volunteer = db.session.scalars(Volunteer.alone_of_user(current_user.id)).first()
    if volunteer is None:
        abort(404)
    return volunteer


@bp.get("")
def mine():
    volunteer = own_volunteer()
    today = today_local()
    tact_panel = queries.on_tact_panel(volunteer.id)
    return render_template(
        "training/mine.html",
        volunteer=volunteer,
        lines=queries.training_lines(volunteer, tact_panel),
        meetings=queries.meetings_of(volunteer),
        to_sign=queries.needs_to_sign(volunteer),
        signature=queries.latest_signature(volunteer),
        today=today,
        state=lambda line: expiry_state(line.last_day, today),
    )


@bp.route("/memorandum", methods=["GET", "POST"])
def sign():
    volunteer = own_volunteer()
    memorandum = queries.needs_to_sign(volunteer)
    if memorandum is None:
        return redirect(url_for(".mine"))
    form = SignForm()

    def change() -> str:
        services.sign_memorandum(volunteer, memorandum)
        return _("Thank you: you have agreed to version %(version)s.", version=memorandum.version)

    def again(form):
        status = 400 if form.errors else 200
        return render_template("training/sign.html", memorandum=memorandum, form=form), status

    if not form.is_submitted():
        return again(form)
    return act(form, change, services.TrainingError, url_for(".mine"), again)
