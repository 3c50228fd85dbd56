"""Volunteer records, for the coordinator (a volunteer sees only their own, on their account)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from icv.accounts.access import check_roles
from icv.accounts.models import User
from icv.accounts.roles import Role
from icv.clock import today_local
from icv.extensions import db
from icv.pagination import paginated
from icv.settings import get_settings, time_bands
from icv.signals import flat_replies, volunteer_record_shown
from icv.suites.queries import suite_names
from icv.views import act
from icv.volunteers import bp, limits, queries, services
from icv.volunteers.forms import (
    LimitsForm,
    PairForm,
    PanelsForm,
    RecordForm,
    RenewForm,
    StatusForm,
    VolunteerVettingForm,
)
from icv.volunteers.models import AvoidPair, Volunteer, VolunteerStatus
from icv.volunteers.rules import due_soon, rostering_problem

ALL = ("all", "All")
#: Volunteers shown a page at a time, by name.
LIST_PAGE_SIZE = 50
#: The latest changes a record shows; every change is on its history's pages, a page at a
#: time (a volunteer of twenty years has hundreds).
HISTORY_SHOWN = 10
HISTORY_PAGE_SIZE = 50


@bp.before_request
def coordinators_only():
    return check_roles(Role.COORDINATOR, Role.ADMIN)


@bp.get("")
def volunteers_list():
    show = request.args.get("status", "current")
    query = select(Volunteer).join(Volunteer.user).order_by(User.name, Volunteer.id)
    if show == "current":
        query = query.where(Volunteer.status.in_(["probation", "active", "suspended"]))
    elif show in {s.value for s in VolunteerStatus}:
        query = query.where(Volunteer.status == show)
    elif show != "all":
        abort(404)
    today = today_local()
    page = paginated(query, LIST_PAGE_SIZE)
    rows = [(v, rostering_problem(v.status, v.vetting_expires_on, today)) for v in page.items]
    return render_template(
        "volunteers/list.html",
        rows=rows,
        page=page,
        show=show,
        tabs=[
            ("current", "Current"),
            *((s.value, s.label) for s in VolunteerStatus),
            ("all", "All"),
        ],
        today=today,
        due_soon=due_soon,
    )


def forms_for(
    volunteer: Volunteer, suites: list[tuple[int, str]], posted: str | None = None, form=None
) -> dict:
    """A form per action, filled from the record (and the one just posted, with its errors);
    ``suites``, the suites to choose from (read once for the two forms that choose them)."""
    forms = {
        action: build_form(volunteer, action, formdata=None, suites=suites) for action in ACTIONS
    }
    forms["vetting"].process(formdata=None, obj=volunteer)
    forms["record"].process(formdata=None, obj=volunteer)
    forms["panels"].suites.data = [s.id for s in volunteer.suites]
    forms["limits"].max_per_month.data = volunteer.max_per_month
    forms["limits"].avoided.data = [s.id for s in volunteer.avoided_suites]
    if posted:
        forms[posted] = form
    return forms


def build_form(
    volunteer: Volunteer, action: str, suites: list[tuple[int, str]] | None = None, **kwargs
):
    """The form of ``action``; ``suites``, the suites to choose from, if already read."""
    kwargs["prefix"] = action
    if action == "status":
        return StatusForm(current=volunteer.status, **kwargs)
    if action == "vetting":
        return VolunteerVettingForm(vetting_years=int(get_settings()["vetting_years"]), **kwargs)
    if action == "panels":
        return PanelsForm(suites=suites or suite_names(), **kwargs)
    if action == "limits":
        return LimitsForm(suites=suites or suite_names(), **kwargs)
    if action == "pair":
        return PairForm(others=queries.other_volunteers(volunteer), **kwargs)
    return {"record": RecordForm, "renew": RenewForm}[action](**kwargs)


def render_detail(volunteer_id: int, status: int = 200, posted=None, form=None):
    volunteer = queries.record(volunteer_id) or abort(404)
    suites = queries.suites_of_record(volunteer)  # before anything reads the volunteer's lists
    today = today_local()
    # one more than is shown says whether there are older changes, without counting them all
    history = db.session.scalars(queries.history_of(volunteer.id).limit(HISTORY_SHOWN + 1)).all()
    # visits, training, meetings and review come from the areas that keep them
    sections = sorted(
        flat_replies(volunteer_record_shown.send(volunteer=volunteer, today=today)),
        key=lambda section: section.order,
    )
    return render_template(
        "volunteers/detail.html",
        sections=sections,
        volunteer=volunteer,
        forms=forms_for(volunteer, suites, posted, form),
        problem=rostering_problem(volunteer.status, volunteer.vetting_expires_on, today),
        history=history[:HISTORY_SHOWN],
        older_history=len(history) > HISTORY_SHOWN,
        today=today,
        due_soon=due_soon,
        pairs=queries.pair_rows(volunteer),
        bands={b.id: b.label for b in time_bands()},
        weekdays=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    ), status


@bp.get("/<int:volunteer_id>")
def detail(volunteer_id: int):
    return render_detail(volunteer_id)


@bp.get("/<int:volunteer_id>/history")
def history(volunteer_id: int):
    # only the id and name: the volunteer read whole brings their panels and more (ten
    # statements) that this page does not show
    found = db.session.execute(
        select(Volunteer.id, User.name).join(Volunteer.user).where(Volunteer.id == volunteer_id)
    ).first() or abort(404)
    page = paginated(queries.history_of(found.id), HISTORY_PAGE_SIZE)
    return render_template(
        "volunteers/history.html", volunteer_id=found.id, name=found.name, page=page
    )


ACTIONS = ("status", "vetting", "record", "panels", "renew", "limits", "pair")


@bp.post("/<int:volunteer_id>/<action>")
def change(volunteer_id: int, action: str):
    volunteer = db.get_or_404(Volunteer, volunteer_id)
    if action not in ACTIONS:
        abort(404)
    form = build_form(volunteer, action)
    return act(
        form,
        lambda: apply_change(volunteer, action, form),
        services.VolunteerError,
        url_for(".detail", volunteer_id=volunteer.id),
        lambda posted: render_detail(volunteer_id, 400, action, posted),
    )


def apply_change(volunteer: Volunteer, action: str, form) -> str:
    name = volunteer.user.name
    if action == "status":
        services.change_status(current_user, volunteer, form.status.data, form.reason.data)
        return f"{name} is now {volunteer.status_enum.label.lower()}."
    if action == "vetting":
        values = {
            "vetting_level": form.vetting_level.data,
            "vetting_cleared_on": form.vetting_cleared_on.data,
            "vetting_expires_on": form.expires_on(),
        }
        changed, taken_off = services.record_vetting(current_user, volunteer, values, today_local())
        return vetting_message(volunteer, changed, taken_off)
    if action == "record":
        values = {
            "probation_visits_before": form.probation_visits_before.data or 0,
            "notes": form.notes.data or None,
        }
        changed = services.update_record(current_user, volunteer, values, "record")
        return "Record saved." if changed else "Nothing changed."
    if action == "panels":
        changed = services.set_panels(current_user, volunteer, form.suites.data or [])
        return "Panels saved." if changed else "Nothing changed."
    if action == "limits":
        limits.set_limits(current_user, volunteer, form.max_per_month.data, form.avoided.data or [])
        return "Rota limits saved."
    if action == "pair":
        other = db.get_or_404(Volunteer, form.other.data)
        limits.add_pair(current_user, volunteer, other, form.reason.data or "")
        return f"{volunteer.user.name} and {other.user.name} will not be paired."
    services.renew_term(current_user, volunteer, form.review.data, today_local())
    return f"{name} is re-appointed until {volunteer.term_ends_on:%-d %B %Y}."


def vetting_message(volunteer: Volunteer, changed: dict, taken_off: list) -> str:
    saved = "Vetting saved." if changed else "Nothing changed."
    if not taken_off:
        return saved
    count = len(taken_off)
    return (
        f"{saved} Their vetting has lapsed: {volunteer.user.name} has been taken off "
        f"{count} planned visit{'s' if count != 1 else ''}, and their partners told. "
        f"{'Each visit needs' if count != 1 else 'The visit needs'} another visitor."
    )


@bp.post("/<int:volunteer_id>/pairs/<int:pair_id>/delete")
def remove_pair(volunteer_id: int, pair_id: int):
    volunteer = db.get_or_404(Volunteer, volunteer_id)
    pair = db.get_or_404(AvoidPair, pair_id)
    try:
        limits.remove_pair(current_user, volunteer, pair)
    except services.VolunteerError:
        abort(404)
    db.session.commit()
    flash("They may be paired again.", "success")
    return redirect(url_for(".detail", volunteer_id=volunteer.id, _anchor="rota"))
