"""The volunteer's expenses on their phone: their claims, a new claim, a change to one (which
answers a query), and one claim as the volunteer or the office sees it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from icv.accounts.access import roles_required
from icv.accounts.roles import Role
from icv.clock import today_local
from icv.expenses import bp, queries, services
from icv.expenses.display import claim_form, form_data, own_volunteer, values_from, visible_claim
from icv.expenses.forms import ApproveForm, ChangeClaimForm, QueryForm, RejectForm
from icv.expenses.rules import EDITABLE, Status
from icv.extensions import db
from icv.pagination import paginated
from icv.settings import get_settings

#: Claims a page on the volunteer's phone, newest first.
CLAIMS_PAGE_SIZE = 25


@bp.get("/")
@roles_required(Role.VOLUNTEER)
def mine():
    page = paginated(queries.own_claims_newest_first(own_volunteer()), CLAIMS_PAGE_SIZE)
    return render_template(
        "expenses/mine.html",
        page=page,
        claims=page.items,
        pence_per_mile=get_settings()["pence_per_mile"],
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.VOLUNTEER)
def new_claim():
    volunteer = own_volunteer()
    form, reports = claim_form(volunteer, today_local())
    if form.validate_on_submit():
        rate = get_settings()["pence_per_mile"]
        claim = services.submit_claim(current_user, volunteer, values_from(form, reports), rate)
        db.session.commit()
        flash(
            _("Claim sent. The office will look at it and email you when it is approved."),
            "success",
        )
        return redirect(url_for(".claim", claim_id=claim.id))
    status = 400 if request.method == "POST" else 200
    rate = get_settings()["pence_per_mile"]
    return render_template("expenses/claim_form.html", form=form, claim=None, rate=rate), status


@bp.get("/<int:claim_id>")
@roles_required()
def claim(claim_id: int):
    claim, as_office = visible_claim(claim_id)
    forms = {}
    if as_office and claim.status_enum is Status.SUBMITTED:
        forms = {
            "approve": ApproveForm(prefix="approve"),
            "query": QueryForm(prefix="query"),
            "reject": RejectForm(prefix="reject"),
        }
    return render_template("expenses/claim.html", claim=claim, as_office=as_office, forms=forms)


@bp.route("/<int:claim_id>/change", methods=["GET", "POST"])
@roles_required(Role.VOLUNTEER)
def change(claim_id: int):
    claim, as_office = visible_claim(claim_id)
    if as_office or claim.status_enum not in EDITABLE:
        flash(_("This claim can no longer be changed."), "info")
        return redirect(url_for(".claim", claim_id=claim.id))
    queried = claim.status_enum is Status.QUERIED
    data = None if request.method == "POST" else form_data(claim)
    form, reports = claim_form(
        claim.volunteer,
        today_local(),
        form_class=ChangeClaimForm,
        changing=claim,
        queried=queried,
        data=data,
    )
    if form.validate_on_submit():
        services.change_claim(current_user, claim, values_from(form, reports), form.answer.data)
        db.session.commit()
        flash(_("Claim changed and sent to the office again."), "success")
        return redirect(url_for(".claim", claim_id=claim.id))
    status = 400 if request.method == "POST" else 200
    rate = claim.pence_per_mile
    return render_template("expenses/claim_form.html", form=form, claim=claim, rate=rate), status
