"""The public application form and the applicant's status page (no account needed)."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import func, select

from icv.accounts.access import roles_required
from icv.accounts.roles import Role
from icv.admin.settings import get_settings
from icv.applications import services
from icv.applications.forms import (
    AVAILABILITY,
    EQUALITY_QUESTIONS,
    NOT_ANSWERS,
    PREFER_NOT,
    SECTION_BY_SLUG,
    SECTIONS,
    AppointForm,
    EqualityForm,
    InterviewForm,
    MoveForm,
    RefereeForm,
    TrainingForm,
    VettingForm,
    answers_from,
    filled_form,
    summary_rows,
)
from icv.applications.models import Application, ApplicationEvent, DiversityResponse
from icv.applications.pipeline import allowed_moves, days_in_stage, is_overdue
from icv.applications.rules import ROLES, shown_count
from icv.applications.stages import APPLICANT_WORDS, PIPELINE, Stage
from icv.clock import local, today_local
from icv.extensions import db, limiter
from icv.forms import add_field_error
from icv.suites.models import Suite

bp = Blueprint("applications", __name__)

DRAFT = "application_draft"
STARTED = "application_started"
SUBMITTED = "application_submitted"
#: The public form is rate-limited per address, generously enough for a shared library PC.
SECTION_LIMIT = "60 per minute; 600 per hour"
SUBMIT_LIMIT = "10 per hour; 30 per day"


@bp.get("/apply")
def start():
    return render_template("applications/start.html", first=SECTIONS[0])


def saved_answers() -> dict[str, dict[str, list[str]]]:
    draft = services.load_draft(session.get(DRAFT))
    return draft.data if draft else {}


def next_url(slug: str) -> str:
    if request.args.get("return") == "check":
        return url_for(".check")
    done = saved_answers()
    position = [s.slug for s in SECTIONS].index(slug)
    for section in SECTIONS[position + 1 :] + SECTIONS[:position]:
        if section.slug not in done:
            return url_for(".section", slug=section.slug)
    return url_for(".check")


@bp.route("/apply/<slug>", methods=["GET", "POST"])
@limiter.limit(SECTION_LIMIT, methods=["POST"])
def section(slug: str):
    section = SECTION_BY_SLUG.get(slug) or abort(404)
    today = today_local()
    session.setdefault(STARTED, time.time())
    if request.method == "POST":
        form = section.form(today=today)
    else:
        form = filled_form(section, saved_answers().get(slug), today)
    if form.validate_on_submit() and not email_already_used(form, today):
        if not form.data.get("website"):  # the honeypot: robots fill it, people never see it
            values = {k: request.form.getlist(k) for k in request.form if k not in NOT_ANSWERS}
            draft = services.save_section(services.load_draft(session.get(DRAFT)), slug, values)
            db.session.commit()
            session[DRAFT] = draft.token
        return redirect(next_url(slug))
    position = SECTIONS.index(section)
    back = url_for(".section", slug=SECTIONS[position - 1].slug) if position else url_for(".start")
    return render_template(
        "applications/section.html",
        section=section,
        form=form,
        step=position + 1,
        steps=len(SECTIONS),
        back=url_for(".check") if request.args.get("return") == "check" else back,
    )


def email_already_used(form, today) -> bool:
    """Point a second application within six months to the first, and resend its link."""
    if "email" not in form:
        return False
    earlier = services.recent_application(form.email.data, today)
    if earlier is None:
        return False
    add_field_error(
        form,
        form.email,
        f"You applied with this email address on {earlier.applied_on:%-d %B %Y}. We have sent "
        "the link to follow that application to this address again",
    )
    if session.get("link_resent") != earlier.id:
        services.resend_status_link(earlier)
        db.session.commit()
        session["link_resent"] = earlier.id
    return True


def checked_sections(today):
    """Each section's form refilled from the draft and validated, with whether it is complete."""
    saved = saved_answers()
    result = []
    for section in SECTIONS:
        form = filled_form(section, saved.get(section.slug), today)
        complete = section.slug in saved and form.validate()
        result.append((section, form, complete))
    return result


@bp.route("/apply/check", methods=["GET", "POST"])
@limiter.limit(SUBMIT_LIMIT, methods=["POST"])
def check():
    if not session.get(DRAFT):
        return redirect(url_for(".start"))
    today = today_local()
    sections = checked_sections(today)
    complete = all(ok for _, _, ok in sections)
    if request.method == "POST" and complete:
        if too_fast():
            flash("Please check your answers, then send your application again.", "info")
            session[STARTED] = time.time() - 1
            return redirect(url_for(".check"))
        forms = {section.slug: form for section, form, _ in sections}
        earlier = services.recent_application(forms["about-you"].email.data, today)
        if earlier is not None:
            return redirect(url_for(".section", slug="about-you"))
        application = services.submit(answers_from(forms), today)
        draft = services.load_draft(session.pop(DRAFT, None))
        if draft is not None:
            db.session.delete(draft)
        db.session.commit()
        session[SUBMITTED] = application.id
        session.pop(STARTED, None)
        return redirect(url_for(".done"))
    rows = [(section, summary_rows(form), ok) for section, form, ok in sections]
    return render_template("applications/check.html", sections=rows, complete=complete)


def too_fast() -> bool:
    started = session.get(STARTED)
    minimum = current_app.config["ICV_APPLY_MIN_SECONDS"]
    return minimum > 0 and (started is None or time.time() - started < minimum)


def submitted_application() -> Application | None:
    application_id = session.get(SUBMITTED)
    return db.session.get(Application, application_id) if application_id else None


@bp.get("/apply/done")
def done():
    application = submitted_application()
    if application is None:
        return redirect(url_for(".start"))
    answered = db.session.scalar(
        select(DiversityResponse.id).where(DiversityResponse.application_id == application.id)
    )
    return render_template(
        "applications/done.html",
        application=application,
        answered_equality=bool(answered),
        words=APPLICANT_WORDS[application.stage_enum],
    )


@bp.route("/apply/equality", methods=["GET", "POST"])
@limiter.limit(SECTION_LIMIT, methods=["POST"])
def equality():
    application = submitted_application()
    if application is None:
        return redirect(url_for(".start"))
    form = EqualityForm()
    if form.validate_on_submit():
        services.save_equality_answers(application, form.data, today_local())
        db.session.commit()
        flash("Thank you. Your answers have been kept separately from your application.", "success")
        return redirect(url_for(".done"))
    return render_template("applications/equality.html", form=form)


@bp.get("/apply/status/<token>")
def status(token: str):
    application = db.session.scalars(
        select(Application).where(
            Application.status_token == token, Application.minimised_at.is_(None)
        )
    ).first()
    if application is None:
        abort(404)
    stages = db.session.execute(
        select(ApplicationEvent.at, ApplicationEvent.stage)
        .where(ApplicationEvent.application_id == application.id)
        .order_by(ApplicationEvent.id)
    ).all()
    return render_template(
        "applications/status.html",
        application=application,
        words=APPLICANT_WORDS[application.stage_enum],
        history=first_of_each_stage(stages),
        Stage=Stage,
    )


def first_of_each_stage(rows) -> list[tuple[object, Stage]]:
    """The date each stage was reached, without anything recorded inside a stage."""
    seen, history = None, []
    for at, stage in rows:
        if stage != seen:
            history.append((at, Stage(stage)))
            seen = stage
    return history


# -- the coordinator's side ---------------------------------------------------------------

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
    query = select(Application).order_by(Application.stage_changed_at)
    if show == "open":
        query = query.where(Application.stage.in_([s.value for s in PIPELINE if not s.is_closed]))
    elif show in {s.value for s in Stage}:
        query = query.where(Application.stage == show)
    else:
        abort(404)
    rows = []
    for application in db.session.scalars(query):
        days = days_in_stage(local(application.stage_changed_at).date(), today)
        rows.append((application, days, is_overdue(application.stage_enum, days, targets)))
    rows.sort(key=lambda row: (PIPELINE_ORDER.get(row[0].stage, 99), -row[1]))
    return render_template(
        "applications/board.html",
        rows=rows,
        counts=counts,
        show=show,
        pipeline=[s for s in PIPELINE if not s.is_closed],
        closed=[Stage.APPOINTED, Stage.INELIGIBLE, Stage.WITHDRAWN, Stage.REJECTED],
        overdue=sum(1 for _, _, late in rows if late),
        open_total=sum(counts.get(s.value, 0) for s in PIPELINE if not s.is_closed),
    )


PIPELINE_ORDER = {stage.value: n for n, stage in enumerate(PIPELINE)}


def step_forms(application: Application, posted: str | None = None, form=None) -> dict:
    """A form for each recordable step, filled from the record (or the one just posted)."""
    vetting_years = int(get_settings()["vetting_years"])
    forms = {}
    for step, form_class in STEP_FORMS.items():
        if step == posted:
            forms[step] = form
            continue
        kwargs = {"vetting_years": vetting_years} if form_class is VettingForm else {}
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
    context = {
        "application": application,
        "forms": step_forms(
            application, overrides.pop("posted", None), overrides.pop("form", None)
        ),
        "move": overrides.pop("move", None) or move_form(application),
        "appoint": overrides.pop("appoint", None) or appoint_form(),
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
    kwargs = (
        {"vetting_years": int(get_settings()["vetting_years"])} if form_class is VettingForm else {}
    )
    form = form_class(prefix=step, **kwargs)
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
        ("All applicants who answered", *services.equality_totals()),
        ("Applicants appointed as volunteers", *services.equality_totals(volunteers_only=True)),
    ]
    return render_template(
        "applications/equality_totals.html",
        groups=groups,
        questions=EQUALITY_QUESTIONS,
        shown_count=shown_count,
        prefer_not=PREFER_NOT,
    )
