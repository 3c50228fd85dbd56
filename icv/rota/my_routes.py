"""A volunteer's own visits on their phone: see and confirm them, ask to swap or drop one,
answer offers, keep their availability, and a private calendar feed.

Only published rotas are shown, and only the volunteer's own visits, with their partner's
first name and phone number (README, Roles).
"""

from __future__ import annotations

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from icv.accounts.access import check_roles
from icv.accounts.roles import Role
from icv.audit.services import record
from icv.clock import today_local
from icv.extensions import db
from icv.forms import add_field_error
from icv.hashing import digest, new_token
from icv.i18n import format_date, language_for_mail
from icv.rota import feed, feed_bp, other_times, queries, requests
from icv.rota import my_visits_bp as bp
from icv.rota.display import band_labels, own_record
from icv.rota.forms import ChangeRequestForm, MoveOwnForm
from icv.rota.loading import visit_to_check, visit_to_show
from icv.rota.models import (
    PeriodStatus,
    PlannedVisit,
    RequestStatus,
    SwapRequest,
    VisitOffer,
)
from icv.rota.services import RotaError
from icv.settings import get_settings
from icv.volunteers.models import Volunteer
from icv.volunteers.rules import VISITING

#: The feed lives outside /my-visits: calendar apps fetch it without signing in.


@bp.before_request
def volunteers_only():
    return check_roles(Role.VOLUNTEER)


def own_visit(visit_id: int, with_rota: bool = True) -> tuple[Volunteer, PlannedVisit]:
    """The signed-in volunteer and one of their published visits, or 404 (never 403: another
    person's visit is not to be confirmed to exist). Their record alone, and the visit:
    ``with_rota`` for the rules, which read the rota's visits for other times it could be
    made (see ``loading``); else with its suite and visitors by name only (a confirmation
    reads no other visit, and a quarter's rota at a national scale is some 1,200 places)."""
    volunteer = db.session.scalars(Volunteer.alone_of_user(current_user.id)).first()
    visit = visit_to_check(visit_id) if with_rota else visit_to_show(visit_id)
    if (
        volunteer is None
        or visit is None
        or visit.visitor_for(volunteer) is None
        or visit.period.status != PeriodStatus.PUBLISHED
    ):
        abort(404)
    return volunteer, visit


@bp.get("")
def upcoming():
    # Their record alone: the page lists visits and reads no panel or date away of theirs.
    volunteer = db.session.scalars(Volunteer.alone_of_user(current_user.id)).first()
    if volunteer is None:
        return render_template("rota/my_visits.html", volunteer=None)
    today = today_local()
    visits = queries.published_visits_of(volunteer)
    asked = db.session.scalars(
        select(SwapRequest).where(
            SwapRequest.volunteer_id == volunteer.id, SwapRequest.status == RequestStatus.OPEN
        )
    ).all()
    offers = db.session.scalars(
        select(VisitOffer)
        .join(SwapRequest)
        .where(
            VisitOffer.volunteer_id == volunteer.id,
            VisitOffer.response.is_(None),
            SwapRequest.status == RequestStatus.OPEN,
        )
    ).all()
    return render_template(
        "rota/my_visits.html",
        volunteer=volunteer,
        coming=[v for v in visits if v.last_day >= today],
        past=[v for v in visits if v.last_day < today][::-1][:12],
        asked={r.visit_id: r for r in asked},
        offers=offers,
        bands=band_labels(),
        today=today,
    )


@bp.post("/<int:visit_id>/confirm")
def confirm(visit_id: int):
    volunteer, visit = own_visit(visit_id, with_rota=False)
    try:
        requests.confirm(volunteer, visit, today_local())
    except RotaError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        day = format_date(visit.visit_on, "weekday")
        flash(_("Thank you: your visit on %(day)s is confirmed.", day=day), "success")
    return redirect(url_for(".upcoming"))


@bp.route("/<int:visit_id>/change", methods=["GET", "POST"])
def ask_change(visit_id: int):
    volunteer, visit = own_visit(visit_id)
    form = ChangeRequestForm()
    if form.validate_on_submit():
        try:
            requests.ask(volunteer, visit, form.kind.data, form.reason.data, today_local())
        except RotaError as error:
            add_field_error(form, form.kind, str(error))
        else:
            db.session.commit()
            flash(_("Sent. The scheme office will find someone and let you know."), "success")
            return redirect(url_for(".upcoming"))
    status = 400 if form.errors else 200
    return render_template(
        "rota/ask_change.html",
        form=form,
        visit=visit,
        bands=band_labels(),
        move=offer_form(MoveOwnForm(formdata=None), visit, volunteer),
    ), status


def offer_form(move: MoveOwnForm, visit, volunteer: Volunteer) -> MoveOwnForm:
    """The other times the visit could be made, as the form's choices (none: no form)."""
    bands = band_labels()
    times = other_times.other_times(visit, volunteer, today_local())
    move.choice.choices = [(t.value, t.label(bands)) for t in times]
    return move


@bp.post("/<int:visit_id>/move")
def move_own(visit_id: int):
    """The volunteer takes one of the other times offered instead of asking to swap."""
    volunteer, visit = own_visit(visit_id)
    move = offer_form(MoveOwnForm(), visit, volunteer)
    try:
        if not move.validate_on_submit():
            raise RotaError(_("Choose one of the other times, or ask to swap or drop below"))
        other_times.move_to(volunteer, visit, move.choice.data, today_local())
    except RotaError as error:
        db.session.rollback()
        add_field_error(move, move.choice, str(error))
        return render_template(
            "rota/ask_change.html",
            form=ChangeRequestForm(formdata=None),
            visit=visit,
            bands=band_labels(),
            move=move,
            error_form=move,
        ), 400
    db.session.commit()
    if visit.by_week:
        day = format_date(visit.visit_on, "day_month")
        moved = _(
            "Your visit is moved to the week of %(day)s. Your partner has been told.", day=day
        )
    else:
        day = format_date(visit.visit_on, "weekday")
        moved = _("Your visit is moved to %(day)s. Your partner has been told.", day=day)
    flash(moved, "success")
    return redirect(url_for(".upcoming"))


@bp.post("/requests/<int:request_id>/withdraw")
def withdraw(request_id: int):
    volunteer = own_record()
    swap = db.session.get(SwapRequest, request_id)
    if volunteer is None or swap is None or swap.volunteer_id != volunteer.id:
        abort(404)
    try:
        requests.withdraw(volunteer, swap)
    except RotaError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Request withdrawn: the visit is still yours."), "success")
    return redirect(url_for(".upcoming"))


@bp.post("/offers/<int:offer_id>/<any(accept, decline):answer>")
def answer_offer(offer_id: int, answer: str):
    volunteer = own_record()
    offer = db.session.get(VisitOffer, offer_id)
    if volunteer is None or offer is None or offer.volunteer_id != volunteer.id:
        abort(404)
    try:
        requests.answer(volunteer, offer, answer == "accept")
    except RotaError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(
            _("Thank you. The scheme office will confirm.")
            if answer == "accept"
            else _("Thank you for letting us know."),
            "success",
        )
    return redirect(url_for(".upcoming"))


@bp.post("/calendar/<any(on, off):switch>")
def calendar_switch(switch: str):
    """Turn the private feed on (or give it a new address) or off; an old address stops.

    Only the address's hash is kept, so the new address is shown on this answer, once; it is
    rendered rather than flashed, as a flash would keep it in the session cookie."""
    volunteer = own_record() or abort(404)
    token, volunteer.calendar_token_hash = new_token() if switch == "on" else (None, None)
    record(current_user, f"volunteer.calendar_{switch}", volunteer, "Calendar feed " + switch)
    db.session.commit()
    if token is None:
        flash(_("Calendar feed switched off."), "success")
        return redirect(url_for(".upcoming", _anchor="calendar"))
    feed = url_for("calendar_feed.calendar", token=token, _external=True)
    return render_template("rota/calendar_address.html", feed=feed)


@feed_bp.get("/calendar/<token>.ics")
def calendar(token: str):
    volunteer = db.session.scalars(
        select(Volunteer).where(Volunteer.calendar_token_hash == digest(token))
    ).first()
    # The address stops working as soon as its owner no longer visits (left, suspended, or
    # their sign-in deactivated), whether or not the token was cleared.
    if volunteer is None or not volunteer.user.is_active or volunteer.status not in VISITING:
        abort(404)
    settings = get_settings()
    # A calendar app has no session: the feed is in the language the volunteer chose.
    language = language_for_mail(
        welsh_offered=settings["welsh_offered"], chosen=volunteer.user.language
    )
    with force_locale(language):
        body = feed.calendar_for(
            volunteer, today_local(), request.host.split(":")[0], settings["scheme_name"]
        )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="custody-visits.ics"'
    return response
