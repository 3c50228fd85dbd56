"""Requests to swap or drop a visit, for the coordinator: offer it, pick a replacement, or
keep or cancel it. Routes sit on the rota blueprint (``routes.bp``)."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import defaultload, selectinload

from icv.clock import today_local
from icv.extensions import db
from icv.pagination import paginated
from icv.rota import bp, requests, services
from icv.rota.display import band_labels
from icv.rota.forms import AcceptForm, CancelForRequestForm, DeclineForm, OfferForm
from icv.rota.loading import named_volunteer, with_its_rota
from icv.rota.models import SwapRequest, VisitOffer
from icv.views import act
from icv.volunteers.models import Volunteer

#: Decided requests a page of the list shows, the latest first.
DECIDED_PAGE_SIZE = 20


@bp.get("/requests")
def requests_list():
    open_ones = requests.open_requests()
    page = paginated(requests.decided(), DECIDED_PAGE_SIZE)
    return render_template(
        "rota/requests.html", open_ones=open_ones, page=page, bands=band_labels()
    )


def request_forms(swap: SwapRequest, posted: str | None = None, form=None) -> dict:
    eligible = requests.eligible_replacements(swap, today_local()) if swap.status == "open" else []
    accepted = [o.volunteer for o in swap.offers if o.response == "accepted"]
    candidates = {v.id: v for v in [*accepted, *eligible]}
    forms = {
        "offer": OfferForm(
            formdata=None, volunteers=[(v.id, v.user.name) for v in eligible], prefix="offer"
        ),
        "accept": AcceptForm(
            formdata=None,
            replacements=[(v.id, v.user.name) for v in candidates.values()],
            prefix="accept",
        ),
        "decline": DeclineForm(formdata=None, prefix="decline"),
        "cancel": CancelForRequestForm(formdata=None, prefix="cancel"),
    }
    if posted:
        forms[posted] = form
    return {"forms": forms, "eligible": eligible, "candidates": candidates}


def render_request(swap: SwapRequest, status: int = 200, posted=None, form=None):
    return render_template(
        "rota/request.html",
        swap=swap,
        bands=band_labels(),
        error_form=form if form is not None and form.errors else None,
        **request_forms(swap, posted, form),
    ), status


def request_to_show(request_id: int) -> SwapRequest:
    """The request with its visit and the people it names, or 404, without what each of
    them read whole brings (see ``loading``); the visit with its rota, which the rules read
    to find who could go instead."""
    query = (
        select(SwapRequest)
        .where(SwapRequest.id == request_id)
        .options(
            *with_its_rota(defaultload(SwapRequest.visit)),
            named_volunteer(defaultload(SwapRequest.volunteer)),
            named_volunteer(selectinload(SwapRequest.offers).defaultload(VisitOffer.volunteer)),
        )
    )
    return db.session.scalars(query).first() or abort(404)


@bp.get("/requests/<int:request_id>")
def request_detail(request_id: int):
    return render_request(request_to_show(request_id))


def posted_form(swap: SwapRequest, action: str):
    if action == "offer":
        eligible = requests.eligible_replacements(swap, today_local())
        return OfferForm(volunteers=[(v.id, v.user.name) for v in eligible], prefix=action)
    if action == "accept":
        known = request_forms(swap)["candidates"].values()
        return AcceptForm(replacements=[(v.id, v.user.name) for v in known], prefix=action)
    return {"decline": DeclineForm, "cancel": CancelForRequestForm}[action](prefix=action)


@bp.post("/requests/<int:request_id>/<any(offer, accept, decline, cancel):action>")
def request_action(request_id: int, action: str):
    swap = db.get_or_404(SwapRequest, request_id)
    form = posted_form(swap, action)
    return act(
        form,
        lambda: apply(swap, action, form),
        services.RotaError,
        url_for(".request_detail", request_id=swap.id),
        lambda posted: render_request(db.get_or_404(SwapRequest, request_id), 400, action, posted),
    )


def apply(swap: SwapRequest, action: str, form) -> str:
    if action == "offer":
        chosen = [db.get_or_404(Volunteer, i) for i in form.volunteers.data]
        sent = requests.make_offers(current_user, swap, chosen)
        return f"Offer sent to {sent} volunteer{'s' if sent != 1 else ''}."
    if action == "accept":
        replacement = db.get_or_404(Volunteer, form.replacement.data)
        requests.accept(current_user, swap, replacement, today_local(), form.note.data or "")
        return f"{replacement.user.name} now makes the visit."
    if action == "decline":
        requests.decline(current_user, swap, form.note.data)
        return "The visit stays with the volunteer who asked; they have been told why."
    requests.cancel_for(current_user, swap, form.note.data)
    return "The visit is cancelled."
