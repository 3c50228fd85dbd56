"""Writing a visit report on a phone: a task list of short sections, each kept as a server draft
as it is posted, then "check and send". Works without JavaScript; with it, ``report.js`` keeps
every keystroke on the phone and saves it here in the background (``draft_data``).

The coordinator's pages are in ``review_routes``, on the same blueprint.
"""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from icv import wizard
from icv.accounts.access import roles_required, second_factor_pending
from icv.accounts.roles import Role
from icv.clock import today_local
from icv.extensions import db
from icv.i18n import in_language
from icv.pagination import paginated
from icv.rota.models import PlannedVisit
from icv.text import N_
from icv.views import answers_json
from icv.visits import bp, drafts, duplicates, services, templating
from icv.visits.answers import values_from
from icv.visits.display import report_sections
from icv.visits.models import ReportDraft, VisitReport
from icv.visits.queries import (
    FILERS,
    OFFICE,
    names_for,
    own_reports,
    own_volunteer_id,
    partner_to_ask,
)
from icv.visits.sections import REPORT, form_context, starting_answers, values_to_send

templating.register(bp)
#: Sent reports shown a page at a time, newest first.
REPORTS_PAGE_SIZE = 50
STATE_LABELS = {
    "done": (N_("Completed"), ""),
    "problem": (N_("Has problems"), "govuk-tag--red"),
    "not_started": (N_("Not started"), "govuk-tag--blue"),
    "optional": (N_("Optional"), "govuk-tag--grey"),
}


@bp.get("")
@roles_required(*FILERS)
def reports():
    page = paginated(own_reports(current_user), REPORTS_PAGE_SIZE)
    return render_template(
        "visits/reports.html",
        drafts=drafts.drafts_of(current_user),
        reports=page.items,
        page=page,
    )


@bp.post("/new")
@roles_required(*FILERS)
def start():
    on_behalf = request.form.get("for") == "visitors" and current_user.has_role(
        Role.COORDINATOR, Role.ADMIN
    )
    if not on_behalf and not current_user.has_role(Role.VOLUNTEER):
        on_behalf = True  # the office files for the visitors
    planned = planned_visit_to_report(request.form.get("planned_visit", type=int))
    if planned is not None and planned.status == "completed":
        return redirect(url_for(".report", report_id=report_of(planned).id))
    draft = drafts.start_draft(current_user, on_behalf, planned)
    if draft.data:
        flash(_("You have already started this report: carry on where you left off."), "info")
    db.session.commit()
    return redirect(url_for(".task_list", key=draft.key))


def planned_visit_to_report(visit_id: int | None) -> PlannedVisit | None:
    """The rota visit a report is started from ("write report" in My visits): one of the
    signed-in volunteer's published visits whose day has come; anything else is not found."""
    if visit_id is None:
        return None
    visit = db.session.get(PlannedVisit, visit_id)
    if (
        visit is None
        or not visit.period.is_published
        or visit.visit_on > today_local()
        or visit.status == "cancelled"
        or not any(pv.volunteer.user_id == current_user.id for pv in visit.visitors)
    ):
        abort(404)
    return visit


def report_of(visit: PlannedVisit) -> VisitReport:
    return db.first_or_404(select(VisitReport).where(VisitReport.planned_visit_id == visit.id))


def own_draft(key: str) -> ReportDraft:
    """The signed-in person's draft; a key already sent leads to its report."""
    draft = drafts.draft_for(current_user, key)
    if draft is None:
        if sent_before := already_sent(key):
            abort(to_report(sent_before))
        abort(404)
    return draft


def context_for(draft: ReportDraft, *, narrow: bool = False, sending: bool = False):
    """The forms' context; the pair on the rota visit the draft was started from can always be
    named (visitors_to_prefill puts them in the draft). ``narrow``: to check the answers
    only, reading just the suite and visitors they name (see ``choices.Choices``)."""
    return form_context(
        current_user,
        draft.on_behalf,
        draft.data,
        today_local(),
        rota_visit_id=draft.planned_visit_id,
        narrow=narrow,
        sending=sending,
    )


@bp.get("/draft/<key>")
@roles_required(*FILERS)
def task_list(key: str):
    draft = own_draft(key)
    sections = wizard.checked_sections(REPORT, draft.data, context=context_for(draft))
    return render_template(
        "visits/task_list.html",
        draft=draft,
        sections=sections,
        states=STATE_LABELS,
        ready=wizard.ready(sections),
    )


def next_url(key: str, slug: str) -> str:
    if request.form.get("action") == "add":
        return url_for(".section", key=key, slug=slug) + "#more"
    after = REPORT.next_section(slug, to_check=request.args.get("return") == "check")
    if after is not None:
        return url_for(".section", key=key, slug=after.slug)
    return url_for(".check", key=key)


@bp.route("/draft/<key>/<slug>", methods=["GET", "POST"])
@roles_required(*FILERS)
def section(key: str, slug: str):
    draft = own_draft(key)
    section = REPORT.by_slug.get(slug) or abort(404)
    outcome = None
    if request.method == "POST":
        form, outcome = take_step(draft, section)
        if outcome is wizard.Outcome.NEXT:
            return redirect(next_url(key, slug))  # the draft is not read again
    else:
        saved = draft.data.get(slug)
        start = None if saved is not None else starting_answers(draft, current_user, slug)
        form = wizard.filled_form(
            section, saved if saved is not None else start, context=context_for(draft)
        )
    unsaved = outcome is wizard.Outcome.UNSAVED
    return render_template(
        "visits/section.html",
        draft=draft,
        section=section,
        form=form,
        step=REPORT.step(slug),
        steps=len(REPORT.sections),
        next_url=next_url(key, slug),
        unsaved=unsaved,
    ), 503 if unsaved else 200


def take_step(draft: ReportDraft, section: wizard.Section):
    """The posted section's form, checked, and what it leads to. Its answers are kept as typed
    even when they have problems: nothing is lost while they are put right."""
    try:
        wizard.save_section(draft, section.slug, REPORT.posted(request.form))
        # Checked against the choices it names only; a form with problems is shown, so it
        # is built again with every choice (only then are the whole lists read).
        form = section.form(context=context_for(draft, narrow=True))
        valid = form.validate_on_submit()
        if not valid:
            form = section.form(context=context_for(draft))
            form.validate_on_submit()
        db.session.commit()
    except OperationalError:
        # The database would not take it (busy past its wait, or read-only): show the
        # words again, as posted, with what to do; nothing saved before is touched.
        db.session.rollback()
        current_app.logger.warning("section %s of draft %s not saved", section.slug, draft.key)
        return section.form(context=context_for(draft)), wizard.Outcome.UNSAVED
    return form, wizard.outcome_of(valid)


def already_sent(key: str) -> int | None:
    """The id of the report sent with this key, if the signed-in person sent it (a second tap,
    a retry or the phone's queue sending again all land here)."""
    return duplicates.sent_with_key(key, current_user.id)


def to_report(report: VisitReport | int):
    """After sending: the report's page. The phone's queue asks for JSON, so the page it then
    opens still shows the "sent" message (a redirect followed in the background would not)."""
    report_id = report if isinstance(report, int) else report.id
    url = url_for(".report", report_id=report_id)
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"report": url})
    return redirect(url)


def to_confirm(report: VisitReport | None) -> VisitReport | None:
    """The report of the same visit a refused sender is offered to confirm: theirs to confirm,
    else None (the office corrects it from Reports to review)."""
    partner = report.partner_to_confirm if report is not None else None
    return report if partner is not None and partner.user_id == current_user.id else None


def sent_first(sections) -> VisitReport | None:
    """The partner's report a draft's first page was refused for (sent while this one was
    being written, or refused at sending by a phone that then shows this page): offered to
    confirm here too, not only from Your reports."""
    form = next((form for section, form, _ in sections if section.slug == "visit"), None)
    if form is None or in_language(duplicates.PARTNER_SENT) not in form.visit_date.errors:
        return None
    mine = {own_volunteer_id(current_user)} - {None}
    return to_confirm(
        duplicates.report_naming(int(form.suite_id.data), form.visit_date.data, None, mine)
    )


def send_at_once(key: str, draft: ReportDraft):
    """Send a finished draft, checked against only what it names (the phone's usual case), by
    the sections' rules: no form is built. None when there is something to show instead (a
    section with problems, or the report refused): the page is then worked out in full, with
    the sections' forms, as it always was, and says what."""
    context = context_for(draft, narrow=True, sending=True)
    values = values_to_send(draft.data, context)
    if values is None:
        return None
    try:
        report = services.submit_report(current_user, draft, values, context.choices.rota_look)
        sent = report.id  # the answer needs only this: the report is not read again
        db.session.commit()
    except (services.ReportError, IntegrityError) as error:
        db.session.rollback()
        sent_before = already_sent(key)  # sent by another request a moment ago
        if sent_before is not None:
            return to_report(sent_before)
        return draft_gone() if isinstance(error, services.DraftGone) else None
    flash(_("Your report has been sent. Thank you."), "success")
    return to_report(sent)


def draft_gone():
    """A draft deleted in another tab while it was being sent: nothing is left to show (its
    row is gone), so the answer is the reports list with why, or a 404 for the phone."""
    why = in_language(services.DRAFT_GONE)
    if request.accept_mimetypes.best == "application/json":
        return json_error(404, why)
    flash(why, "info")
    return redirect(url_for(".reports"))


@bp.route("/draft/<key>/check", methods=["GET", "POST"])
@roles_required(*FILERS)
def check(key: str):
    # A draft is deleted in the transaction that stores its report, so a draft found means
    # not sent yet; a key already sent leads to its report (own_draft). A second tap that read
    # the draft a moment before the first tap's report was stored is answered below.
    draft = own_draft(key)
    if request.method == "POST" and (sent := send_at_once(key, draft)) is not None:
        return sent
    sections = wizard.checked_sections(REPORT, draft.data, context=context_for(draft))
    complete = wizard.ready(sections)
    values = (
        values_from({s.slug: form for s, form, state in sections if state == "done"})
        if complete
        else None
    )
    if request.method == "POST" and not complete and (sent_before := already_sent(key)):
        # A second tap that read the draft just before the first tap's report was stored:
        # its checks now find that report, but the answer is the report, not "not finished".
        return to_report(sent_before)
    problem, first = None, None if complete else sent_first(sections)
    if request.method == "POST" and values is not None:
        try:
            report = services.submit_report(current_user, draft, values)
            sent = report.id  # the answer needs only this: the report is not read again
            db.session.commit()
        except (services.ReportError, IntegrityError) as error:
            db.session.rollback()
            if sent_before := already_sent(key):  # sent by another request a moment ago
                return to_report(sent_before)
            if isinstance(error, services.DraftGone):
                return draft_gone()
            refused = isinstance(error, services.ReportError)  # why, as a Problem (services.py)
            problem = in_language(error.args[0]) if refused else None
            problem = problem or _("This report could not be sent. Try again.")
            first = to_confirm(getattr(error, "report", None))
        else:
            flash(_("Your report has been sent. Thank you."), "success")
            return to_report(sent)
    return render_template(
        "visits/check.html",
        draft=draft,
        sections=sections,
        states=STATE_LABELS,
        complete=complete,
        summary=report_sections(values, names_for(values, current_user.has_role(*OFFICE)))
        if values
        else None,
        partner=partner_to_ask(current_user, draft.on_behalf, values) if values else None,
        problem=problem,
        first=first,
    ), 400 if request.method == "POST" else 200


@bp.route("/draft/<key>/delete", methods=["GET", "POST"])
@roles_required(*FILERS)
def discard(key: str):
    """Asks first: a draft deleted by a slip of the thumb could not be got back."""
    draft = own_draft(key)
    if request.method == "GET":
        return render_template("visits/discard.html", draft=draft)
    db.session.delete(draft)
    db.session.commit()
    flash(_("The draft report has been deleted."), "success")
    # The reports page tells the phone to forget its copy too.
    return redirect(url_for(".reports", deleted=key))


def json_error(status: int, message: str, **extra):
    return jsonify({"error": message, **extra}), status


@bp.route("/draft/<key>/data", methods=["GET", "POST"])
@answers_json
def draft_data(key: str):
    """The phone's background copy of a draft. Answers 401 (not a sign-in page) when the
    session has ended, so the phone keeps the words and asks the person to sign in again."""
    if not current_user.is_authenticated:
        return json_error(401, "Sign in again to save your report")
    if second_factor_pending():
        return json_error(401, "Enter the code from your authenticator app to save your report")
    if not current_user.has_role(*FILERS):
        return json_error(403, "You cannot write reports")
    draft = drafts.draft_for(current_user, key)
    if draft is None:
        if (sent := duplicates.sent_with_key(key, current_user.id)) is not None:
            url = url_for(".report", report_id=sent)
            return json_error(409, "This report has been sent", report=url)
        return json_error(404, "There is no such draft")
    if request.method == "POST":
        payload = request.get_json(silent=True)
        # Any JSON may arrive (a list, a number): only an object can hold the sections.
        sections = (
            REPORT.answers_from_phone(payload.get("sections"))
            if isinstance(payload, dict)
            else None
        )
        if sections is None:
            return json_error(400, "The draft could not be read")
        wizard.save_sections(draft, sections)
        db.session.commit()
    return jsonify(
        {
            "sections": draft.data,
            "updated_at": draft.updated_at.isoformat(),
            "csrf_token": generate_csrf(),
        }
    )


# The report page and the coordinator's pages live beside these, on the same blueprint.
