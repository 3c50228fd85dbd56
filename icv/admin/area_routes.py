"""The postcode districts the office keeps: in the area, partly in it (ask), not in it."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from icv.accounts.access import roles_required
from icv.accounts.roles import Role
from icv.admin import bp
from icv.admin.forms import AreaDistrictsForm
from icv.extensions import db
from icv.settings import get_settings, update_settings


@bp.route("/settings/area", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def area_districts():
    current = get_settings()
    initial = {name: " ".join(current[name]) for name in AreaDistrictsForm.ORDER}
    form = AreaDistrictsForm(data=None if request.method == "POST" else initial)
    if form.validate_on_submit():
        changed = update_settings(current_user, form.lists())
        db.session.commit()
        flash("Postcode districts saved." if changed else "Nothing changed.", "success")
        return redirect(url_for("admin.area_districts"))
    return render_template("admin/area_districts.html", form=form, area_name=current["area_name"])
