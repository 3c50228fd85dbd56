"""The rota's settings (coordinator or administrator): allocation by day or by week, and the
fairness thresholds of the rota page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from icv.extensions import db
from icv.rota import bp
from icv.rota.forms import RotaSettingsForm
from icv.settings import get_settings
from icv.settings.services import update_settings

#: Settings kept as they are on the form.
KEYS = ("allocation", "minimum_visits_per_month", "pair_share_percent")


@bp.route("/settings", methods=["GET", "POST"])
def rota_settings():
    current = get_settings()
    initial = {key: current[key] for key in KEYS}
    form = RotaSettingsForm(data=None if request.method == "POST" else initial)
    if form.validate_on_submit():
        changed = update_settings(current_user, {key: form[key].data for key in KEYS})
        db.session.commit()
        flash("Rota settings saved." if changed else "Nothing changed.", "success")
        return redirect(url_for("rota.rota_settings"))
    return render_template("rota/settings.html", form=form)
