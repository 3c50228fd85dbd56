"""The administrator's page of the structured checks: the current version, adding a check and
retiring one (each a new version; reports keep the version they were filed under)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from icv.accounts.access import roles_required
from icv.accounts.roles import Role
from icv.extensions import db
from icv.visits import bp
from icv.visits.check_forms import AddCheckForm
from icv.visits.check_rules import THEMES, Kind
from icv.visits.check_services import (
    add_check,
    current_check_set,
    definitions,
    ensure_check_set,
    retire_check,
)
from icv.visits.models import Check, CheckSet


def every_key() -> tuple[str, ...]:
    """Keys used in any version: a retired key is never given to another check."""
    return tuple(db.session.scalars(select(Check.key).distinct()))


def render(form: AddCheckForm, status: int = 200):
    check_set = current_check_set()
    versions = db.session.scalars(select(CheckSet).order_by(CheckSet.version.desc()))
    return render_template(
        "visits/checks.html",
        check_set=check_set,
        checks=definitions(check_set),
        versions=list(versions),
        themes=THEMES,
        kinds={k.value: k.label for k in Kind},
        form=form,
    ), status


@bp.route("/checks", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def checks():
    form = AddCheckForm(taken=every_key())
    if request.method == "POST":
        if not form.validate_on_submit():
            return render(form, 400)
        check_set = add_check(current_user, form.check())
        db.session.commit()
        flash(f"Check added: version {check_set.version} of the checks is asked from now on.",
              "success")  # fmt: skip
        return redirect(url_for(".checks"))
    return render(form)


@bp.post("/checks/<key>/retire")
@roles_required(Role.ADMIN)
def retire(key: str):
    ensure_check_set(current_user)
    check_set = retire_check(current_user, key)
    if check_set is None:
        abort(404)
    db.session.commit()
    flash(f"Check retired: version {check_set.version} no longer asks it. Reports already "
          "filed keep their answers.", "success")  # fmt: skip
    return redirect(url_for(".checks"))
