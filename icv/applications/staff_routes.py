"""The coordinator's side of recruitment: the board, each application's steps and moves, and
the equality totals. Routes sit on the applications blueprint (``routes.bp``)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import case, func, select

from icv.accounts.access import roles_required
from icv.accounts.roles import Role
from icv.applications import bp, services, totals
from icv.applications.forms import AVAILABILITY, EQUALITY_QUESTIONS
from icv.applications.models import Application
from icv.applications.pipeline import allowed_moves, days_in_stage, is_overdue
from icv.applications.rules import ROLES
from icv.applications.small_numbers import shown_count
from icv.applications.staff_forms import (
    AppointForm,
    InterviewForm,
    MoveForm,
    RefereeForm,
    TrainingForm,
    VettingForm,
)
from icv.applications.stages import PIPELINE, Stage
from icv.applications.totals import published_tables
from icv.clock import local, today_local
from icv.extensions import db
from icv.forms import add_field_error
from icv.pagination import paginated
from icv.settings import get_settings
from icv.suites.models import Suite

staff = roles_required(Role.COORDINATOR, Role.ADMIN)
#: Totals only: no person can be seen, so the commissioner's office may read them too.
totals_readers = roles_required(Role.COORDINATOR, Role.ADMIN, Role.COMMISSIONER)

STEP_FORMS = {
    "interview": InterviewForm,
    "vetting": VettingForm,
    "training": TrainingForm,
    "referee-1": RefereeForm,
    "referee-2": RefereeForm,
}


@bp.get("/applications")
@staff
def board():
    show = request.args.get("stage", "open")
    today = today_local()
    targets = get_settings()["stage_targets"]
    counts = dict(
        db.session.execute(
            select(Application.stage, func.count()).group_by(Application.stage)
        ).all()
    )
    if show == "open":
        stages = [s.value for s in PIPELINE if not s.is_closed]
    elif show in {s.value for s in Stage}:
        stages = [show]
    else:
        abort(404)
    # In the pipeline's order, the longest waiting first in each stage.
    query = (
        select(Application)
        .where(Application.stage.in_(stages))
        .order_by(
            case(PIPELINE_ORDER, value=Application.stage, else_=len(PIPELINE_ORDER)),
            Application.stage_changed_at,
            Application.id,
        )
    )
    page = paginated(query, BOARD_PAGE_SIZE)
    rows = []
    for application in page.items:
        days = days_in_stage(local(application.stage_changed_at).date(), today)
        rows.append((application, days, is_overdue(application.stage_enum, days, targets)))
    return render_template(
        "applications/board.html",
        rows=rows,
        page=page,
        counts=counts,
        show=show,
        pipeline=[s for s in PIPELINE if not s.is_closed],
        closed=[Stage.APPOINTED, Stage.INELIGIBLE, Stage.WITHDRAWN, Stage.REJECTED],
        overdue=totals.overdue_count(today, stages),
        open_total=sum(counts.get(s.value, 0) for s in PIPELINE if not s.is_closed),
    )


PIPELINE_ORDER = {stage.value: n for n, stage in enumerate(PIPELINE)}
#: Applications shown a page at a time on the board.
BOARD_PAGE_SIZE = 50


def step_form_context(form_class: type) -> dict:
    """What a step's form needs to check its answers (the scheme's vetting period, today)."""
    if form_class is VettingForm:
        return {"vetting_years": int(get_settings()["vetting_years"])}
    if form_class is InterviewForm:
        return {"today": today_local()}
    return {}


def step_forms(application: Application, posted: str | None = None, form=None) -> dict:
    """A form for each recordable step, filled from the record (or the one just posted)."""
    forms = {}
    for step, form_class in STEP_FORMS.items():
        if step == posted:
            forms[step] = form
            continue
        kwargs = step_form_context(form_class)
        if step.startswith("referee-"):
            referee = referee_at(application, int(step[-1]))
            obj = referee
            data = {"satisfactory": yes_no_blank(referee.satisfactory)} if referee else {}
        else:
            obj, data = application, {}
        forms[step] = form_class(formdata=None, obj=obj, data=data or None, prefix=step, **kwargs)
    return forms


def referee_at(application: Application, position: int):
    return next((r for r in application.referees if r.position == position), None)


def yes_no_blank(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def move_form(application: Application, **kwargs) -> MoveForm:
    targets = [
        (stage.value, MOVE_LABELS.get(stage, stage.label))
        for stage in allowed_moves(application.stage_enum)
        if stage is not Stage.PROBATION
    ]
    return MoveForm(targets=targets, prefix="move", **kwargs)


MOVE_LABELS = {
    Stage.WITHDRAWN: "Withdrawn by the applicant",
    Stage.REJECTED: "Not taken forward",
    Stage.RECEIVED: "Reconsider (back to received)",
    Stage.APPOINTED: "Appointed: probation completed",
}


def appoint_form(**kwargs) -> AppointForm:
    suites = db.session.execute(
        select(Suite.id, Suite.name).where(Suite.is_active.is_(True)).order_by(Suite.name)
    ).all()
    form = AppointForm(suites=[(s.id, s.name) for s in suites], prefix="appoint", **kwargs)
    if not form.is_submitted():
        form.appointed_on.data = today_local()
    return form


def render_detail(application: Application, status: int = 200, **overrides):
    posted = {key: overrides.pop(key, None) for key in ("form", "move", "appoint")}
    context = {
        "application": application,
        "forms": step_forms(application, overrides.pop("posted", None), posted["form"]),
        "move": posted["move"] or move_form(application),
        "appoint": posted["appoint"] or appoint_form(),
        # The page holds several forms: the error summary lists the one just sent back.
        "error_form": next((f for f in posted.values() if f is not None and f.errors), None),
        "progress": services.progress(application),
        "can_move_to": allowed_moves(application.stage_enum),
        "Stage": Stage,
        "roles": ROLES,
        "availability": AVAILABILITY,
        "targets": get_settings()["stage_targets"],
        "days": days_in_stage(local(application.stage_changed_at).date(), today_local()),
    }
    return render_template("applications/detail.html", **context), status


@bp.get("/applications/<int:application_id>")
@staff
def detail(application_id: int):
    return render_detail(db.get_or_404(Application, application_id))


@bp.post("/applications/<int:application_id>/<step>")
@staff
def record_step(application_id: int, step: str):
    application = db.get_or_404(Application, application_id)
    form_class = STEP_FORMS.get(step) or abort(404)
    form = form_class(prefix=step, **step_form_context(form_class))
    if form.validate_on_submit():
        try:
            changed = save_step(application, step, form)
        except services.ApplicationError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("Saved." if changed else "Nothing changed.", "success")
            return redirect(url_for(".detail", application_id=application.id, _anchor=step))
    return render_detail(application, 400, posted=step, form=form)


def save_step(application: Application, step: str, form) -> dict:
    if step.startswith("referee-"):
        values = {
            "name": form.name.data,
            "relationship_to_applicant": form.relationship_to_applicant.data or "",
            "email": form.email.data or None,
            "phone": form.phone.data or None,
            "requested_on": form.requested_on.data,
            "received_on": form.received_on.data,
            "satisfactory": {"yes": True, "no": False}.get(form.satisfactory.data),
        }
        return services.record_referee(current_user, application, int(step[-1]), values)
    values = {
        name: field.data for name, field in form._fields.items() if name not in NOT_STEP_FIELDS
    }
    if step == "vetting":
        values["vetting_expires_on"] = form.expires_on()
        values["vetting_outcome"] = values["vetting_outcome"] or None
        if values["vetting_outcome"] != "cleared":
            values.update(vetting_level=None, vetting_cleared_on=None, vetting_expires_on=None)
    if step == "interview":
        values["interview_outcome"] = values["interview_outcome"] or None
    return services.record_step(current_user, application, step, values)


NOT_STEP_FIELDS = {"csrf_token", "submit"}


@bp.post("/applications/<int:application_id>/move")
@staff
def move(application_id: int):
    application = db.get_or_404(Application, application_id)
    appointing = "appoint-submit" in request.form
    form = appoint_form() if appointing else move_form(application)
    if form.validate_on_submit():
        try:
            if appointing:
                appointment = services.Appointment(form.appointed_on.data, form.suites.data or [])
                services.move(
                    current_user, application, Stage.PROBATION, form.note.data or "", appointment
                )
            else:
                services.move(
                    current_user, application, Stage(form.target.data), form.note.data or ""
                )
        except services.ApplicationError as error:
            field = form.note if not appointing else form.appointed_on
            add_field_error(form, field, str(error))
        else:
            db.session.commit()
            flash(f"{application.reference} is now at {application.stage_enum.label}.", "success")
            return redirect(url_for(".detail", application_id=application.id))
    db.session.rollback()
    key = "appoint" if appointing else "move"
    return render_detail(db.get_or_404(Application, application_id), 400, **{key: form})


@bp.get("/applications/equality")
@totals_readers
def equality_totals():
    groups = [
        ("All applicants who answered", *totals.equality_totals()),
        ("Applicants appointed as volunteers", *totals.equality_totals(volunteers_only=True)),
    ]
    return render_template(
        "applications/equality_totals.html",
        groups=[(title, total, published_tables(counts)) for title, total, counts in groups],
        questions=EQUALITY_QUESTIONS,
        shown_count=shown_count,
    )
