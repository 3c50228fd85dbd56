"""The public application form and the applicant's status page (no account needed).

The coordinator's side of recruitment is in ``staff_routes``, on the same blueprint.
"""

from __future__ import annotations

import time
from datetime import date

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from icv import wizard
from icv.applications import bp, drafts, services
from icv.applications.forms import EqualityForm
from icv.applications.models import Application, ApplicationEvent, DiversityResponse
from icv.applications.section_form import SectionForm
from icv.applications.sections import (
    APPLICATION,
    ASSESSED,
    SECTION_BY_SLUG,
    answers_from,
    answers_to_change,
    ruled_out,
    summary_groups,
)
from icv.applications.stages import APPLICANT_WORDS, Stage
from icv.clock import today_local
from icv.extensions import db, limiter
from icv.hashing import digest
from icv.i18n import current_language
from icv.settings import get_settings

DRAFT = "application_draft"
STARTED = "application_started"
SUBMITTED = "application_submitted"
#: The public form is rate-limited per address, generously enough for a shared library PC.
SECTION_LIMIT = "60 per minute; 600 per hour"
SUBMIT_LIMIT = "10 per hour; 30 per day"


@bp.get("/apply")
def start():
    return render_template("applications/start.html", first=APPLICATION.sections[0])


def saved_answers() -> wizard.Answers:
    draft = drafts.load_draft(session.get(DRAFT))
    return draft.data if draft else {}


def next_url(slug: str) -> str:
    """Back to "check your answers" when changing an answer from it, else the next section not
    yet answered, and "check your answers" once all are."""
    to_check = request.args.get("return") == "check"
    answered = () if to_check else saved_answers()
    after = APPLICATION.next_section(slug, to_check=to_check, answered=answered)
    return url_for(".section", slug=after.slug) if after else url_for(".check")


def back_url(slug: str) -> str:
    if request.args.get("return") == "check":
        return url_for(".check")
    before = APPLICATION.preceding(slug)
    return url_for(".section", slug=before.slug) if before else url_for(".start")


@bp.route("/apply/<slug>", methods=["GET", "POST"])
@limiter.limit(SECTION_LIMIT, methods=["POST"])
def section(slug: str):
    section = SECTION_BY_SLUG.get(slug) or abort(404)
    today = today_local()
    if not APPLICATION.still_asked(slug, lambda: ruled_out(saved_answers(), today) is not None):
        return redirect(url_for(".not_eligible"))  # nothing more is asked of them
    session.setdefault(STARTED, time.time())
    if request.method == "POST":
        form = section.form(today=today)
    else:
        form = wizard.filled_form(section, saved_answers().get(slug), today=today)
    if form.validate_on_submit():
        if take_step(form, slug, today) is wizard.Outcome.STOPPED:
            return redirect(url_for(".not_eligible"))
        return redirect(next_url(slug))
    return render_template(
        "applications/section.html",
        section=section,
        form=form,
        step=APPLICATION.step(slug),
        steps=len(APPLICATION.sections),
        back=back_url(slug),
    )


def take_step(form: SectionForm, slug: str, today: date) -> wizard.Outcome:
    """Keep a valid section's answers in the draft, and whether they stop the person applying."""
    if form.data.get("website"):  # the honeypot: robots fill it, people never see it
        return wizard.Outcome.NEXT
    # Only the section's own fields, of a sensible length: never whatever was posted.
    values = APPLICATION.posted(request.form, allowed=form._fields)
    draft = drafts.save_section(drafts.load_draft(session.get(DRAFT)), slug, values)
    stopped = ruled_out(draft.data, today) is not None
    if stopped:  # keep only what they may correct: never their referees' details
        wizard.keep_only(draft, ASSESSED)
    db.session.commit()
    session[DRAFT] = draft.token
    return wizard.outcome_of(True, stopped=stopped)


@bp.route("/apply/check", methods=["GET", "POST"])
@limiter.limit(SUBMIT_LIMIT, methods=["POST"])
def check():
    if not session.get(DRAFT):
        return redirect(url_for(".start"))
    today = today_local()
    saved = saved_answers()
    if ruled_out(saved, today):
        return redirect(url_for(".not_eligible"))
    sections = wizard.checked_sections(APPLICATION, saved, today=today)
    complete = wizard.ready(sections)
    if request.method == "POST" and complete:
        if too_fast():
            flash(_("Please check your answers, then send your application again."), "info")
            session[STARTED] = time.time() - 1
            return redirect(url_for(".check"))
        forms = {section.slug: form for section, form, _ in sections}
        application = services.submit(answers_from(forms), today, current_language())
        draft = drafts.load_draft(session.pop(DRAFT, None))
        if draft is not None:
            db.session.delete(draft)
        db.session.commit()
        session[SUBMITTED] = application.id
        session.pop(STARTED, None)
        return redirect(url_for(".done"))
    shown = [
        (section, summary_groups(form), state is wizard.State.DONE)
        for section, form, state in sections
    ]
    return render_template("applications/check.html", sections=shown, complete=complete)


@bp.get("/apply/not-eligible")
def not_eligible():
    """Why the answers so far rule the person out, which answer to change, and what is kept."""
    stopped = ruled_out(saved_answers(), today_local())
    if stopped is None:
        return redirect(url_for(".start"))
    changes = answers_to_change(stopped)
    return render_template(
        "applications/not_eligible.html",
        reasons=[finding.reason for finding in stopped.failures],
        changes=changes,
        back=url_for(".section", slug=changes[0].slug) if changes else url_for(".start"),
        kept=[SECTION_BY_SLUG[slug].title for slug in ASSESSED],
        keep_days=int(get_settings()["application_draft_days"]),
    )


@bp.post("/apply/forget")
@limiter.limit(SECTION_LIMIT)
def forget():
    """Delete the answers typed so far, at the person's request."""
    draft = drafts.load_draft(session.pop(DRAFT, None))
    if draft is not None:
        db.session.delete(draft)
        db.session.commit()
    session.pop(STARTED, None)
    flash(_("Your answers have been deleted."), "success")
    return redirect(url_for(".start"))


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
    return render_template(
        "applications/done.html",
        application=application,
        invite_to_equality=may_answer_equality(application),
        words=APPLICANT_WORDS[application.stage_enum],
    )


def may_answer_equality(application: Application) -> bool:
    """Equality questions are for applicants who may go on (so totals count only them), once."""
    if application.stage == Stage.INELIGIBLE:
        return False
    answered = db.session.scalar(
        select(DiversityResponse.id).where(DiversityResponse.application_id == application.id)
    )
    return answered is None


@bp.route("/apply/equality", methods=["GET", "POST"])
@limiter.limit(SECTION_LIMIT, methods=["POST"])
def equality():
    application = submitted_application()
    if application is None:
        return redirect(url_for(".start"))
    if application.stage == Stage.INELIGIBLE:
        return redirect(url_for(".done"))
    form = EqualityForm()
    if form.validate_on_submit():
        services.save_equality_answers(application, form.data, today_local())
        db.session.commit()
        flash(
            _("Thank you. Your answers have been kept separately from your application."), "success"
        )
        return redirect(url_for(".done"))
    return render_template("applications/equality.html", form=form)


@bp.get("/apply/status/<token>")
def status(token: str):
    application = db.session.scalars(
        select(Application).where(
            Application.status_token_hash == digest(token), Application.minimised_at.is_(None)
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


# The coordinator's routes live beside these, on the same blueprint.
