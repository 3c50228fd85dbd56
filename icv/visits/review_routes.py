"""A sent report: read, printed, confirmed by the partner; the coordinator's queue, review,
corrections (kept as versions) and the TACT copy. On the ``visits`` blueprint."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from icv.accounts.access import roles_required
from icv.accounts.roles import Role
from icv.clock import today_local
from icv.extensions import db
from icv.i18n import in_language
from icv.pagination import paginated
from icv.settings import get_settings, update_settings
from icv.suites.queries import suite_names
from icv.visits import bp, services
from icv.visits.answers import answers_from, values_from
from icv.visits.check_services import checks_of
from icv.visits.display import Names, first_names, report_sections
from icv.visits.models import CheckSet
from icv.visits.queries import (
    FILERS,
    OFFICE,
    ReviewFilter,
    categories,
    own_volunteer_id,
    report_for,
    report_to_read,
    review_query,
    tact_copies_due,
)
from icv.visits.review_forms import (
    ConfirmForm,
    ReasonForm,
    ReviewFilterForm,
    TactCopyForm,
    VisitSettingsForm,
    categories_text,
)
from icv.visits.section_rules import NOT_IN
from icv.visits.sections import REPORT, SECTIONS, form_context
from icv.visits.values import ReportValues, values_of
from icv.wizard import filled_form

#: The review queue shows at most this many reports; narrow the dates to see others.
#: Reports shown a page at a time, newest first.
QUEUE_PAGE_SIZE = 50


def report_names(report, office: bool) -> Names:
    """The names a report is shown with: a volunteer sees the visitors' first names."""
    names = report.visitor_names()
    visitors = names if office else first_names(names)
    # A report from before the structured checks has none to show.
    checks = checks_of(report.check_set_id) if report.check_set_id else ()
    return Names(report.suite.name, visitors, categories(), report.counted_on, checks)


def render_report(report, status: int = 200, **forms):
    is_partner = (
        report.partner_to_confirm is not None
        and report.partner_to_confirm.user_id == current_user.id
    )
    office = current_user.has_role(*OFFICE)
    return render_template(
        "visits/report.html",
        report=report,
        sections=report_sections(values_of(report), report_names(report, office)),
        office=office,
        is_partner=is_partner,
        confirm_form=forms.get("confirm") or ConfirmForm(formdata=None),
        tact_form=forms.get("tact") or TactCopyForm(formdata=None, today=today_local()),
        # The error summary lists the problems of the form that was posted.
        error_form=next((form for form in forms.values() if form.errors), None),
        mine=own_volunteer_id(current_user),
    ), status


@bp.get("/<int:report_id>")
@roles_required(*FILERS)
def report(report_id: int):
    return render_report(report_to_read(current_user, report_id))


@bp.get("/<int:report_id>/print")
@roles_required(*FILERS)
def print_report(report_id: int):
    report = report_to_read(current_user, report_id)
    office = current_user.has_role(*OFFICE)
    return render_template(
        "visits/print.html",
        report=report,
        sections=report_sections(values_of(report), report_names(report, office)),
        office=office,
    )


@bp.post("/<int:report_id>/confirm")
@roles_required(*FILERS)
def confirm(report_id: int):
    report = report_for(current_user, report_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.confirm_report(current_user, report, form.comments.data)
        except services.AlreadyConfirmed as done:
            flash(in_language(done.args[0]), "info")
            return redirect(url_for(".report", report_id=report.id))
        except services.ReportError:
            abort(403)
        db.session.commit()
        flash(_("Thank you: you have confirmed the report."), "success")
        return redirect(url_for(".report", report_id=report.id))
    return render_report(report, 400, confirm=form)


@bp.get("/review")
@roles_required(*OFFICE)
def review_queue():
    # Unreviewed reports until the filter is used (a page number is no filter).
    filtered = any(name != "page" for name in request.args)
    args = request.args if filtered else MultiDict({"unreviewed": "y"})
    form = ReviewFilterForm(args)
    suites = suite_names()
    form.suite.choices = [("", "All suites"), *((str(i), name) for i, name in suites)]
    page = None
    # A filter that cannot be applied lists nothing (400), rather than "No reports match".
    valid = form.validate()
    if valid:
        query = review_query(
            ReviewFilter(
                suite_id=int(form.suite.data) if form.suite.data else None,
                start=form.start.data,
                end=form.end.data,
                has_issues=form.has_issues.data,
                serious=form.serious.data,
                unreviewed=form.unreviewed.data,
            )
        )
        page = paginated(query, QUEUE_PAGE_SIZE)
    tact_due = tact_copies_due()
    return render_template(
        "visits/review_queue.html",
        form=form,
        reports=page.items if page else [],
        page=page,
        # What the page links keep: the filter as used (the default one included).
        filter_args={name: args.getlist(name) for name in args if name != "page"},
        tact_due=tact_due,
    ), (200 if valid else 400)


@bp.post("/<int:report_id>/acknowledge")
@roles_required(*OFFICE)
def acknowledge(report_id: int):
    report = report_for(current_user, report_id)
    try:
        services.acknowledge(current_user, report)
    except services.ReportError as error:
        flash(str(error), "info")
        return redirect(url_for(".report", report_id=report.id))
    db.session.commit()
    flash("Report marked as reviewed.", "success")
    return redirect(url_for(".review_queue"))


@bp.post("/<int:report_id>/tact")
@roles_required(*OFFICE)
def tact_copy_sent(report_id: int):
    report = report_for(current_user, report_id)
    form = TactCopyForm(today=today_local())
    if not report.tact_visited:
        abort(404)
    if form.validate_on_submit():
        services.mark_tact_copy_sent(current_user, report, form.sent_on.data)
        db.session.commit()
        flash("Recorded: the copy went to the Independent Reviewer.", "success")
        return redirect(url_for(".report", report_id=report.id))
    return render_report(report, 400, tact=form)


def correctable_sections(report) -> list:
    """Every section but the issues (each is a case of its own); the visitors too unless the
    report names visitors who are not in the system (an imported record keeps its names)."""
    named = report.visitor_1_name or report.visitor_2_name
    return [s for s in SECTIONS if s.slug != "issues" and not (named and s.slug == "visitors")]


@bp.route("/<int:report_id>/correct", methods=["GET", "POST"])
@roles_required(*OFFICE)
def correct(report_id: int):
    report = report_for(current_user, report_id)
    stored = values_of(report)
    sections = correctable_sections(report)
    if request.method == "POST":
        # One page holds every section; each form reads its own fields from the post.
        answers = {s.slug: REPORT.posted(request.form) for s in sections}
    else:
        answers = answers_from(stored)
    context = form_context(
        current_user,
        True,
        answers,
        today_local(),
        keep=report.visitor_ids(),
        correcting=True,
        reason_required=report.outcome not in NOT_IN or bool(report.outcome_reason),
        check_set=db.session.get(CheckSet, report.check_set_id) if report.check_set_id else None,
    )
    forms = {s.slug: filled_form(s, answers.get(s.slug) or {}, context=context) for s in sections}
    reason = ReasonForm()
    if request.method == "POST":
        checked = [form.validate() for form in forms.values()]
        if reason.validate_on_submit() and all(checked):
            changed = services.correct_report(
                current_user, report, corrected_values(stored, forms), reason.reason.data
            )
            db.session.commit()
            flash(
                f"Report corrected. Version {report.version} is kept with your reason."
                if changed
                else "Nothing was changed.",
                "success",
            )
            return redirect(url_for(".report", report_id=report.id))
    return render_template(
        "visits/correct.html",
        report=report,
        sections=[(s, forms[s.slug]) for s in sections],
        reason_form=reason,
        form=next((f for f in [*forms.values(), reason] if f.errors), None),
    ), 400 if request.method == "POST" else 200


def corrected_values(stored: ReportValues, forms: dict) -> ReportValues:
    """The corrected report: the forms' values, with the issues (and visitors named as text
    in an imported record) kept as they were."""
    corrected = values_from(forms)
    corrected.issues = stored.issues
    # The three findings of a report from before the structured checks are no longer asked.
    for name in ("rights_finding", "welfare_finding", "conditions_finding"):
        setattr(corrected, name, getattr(stored, name))
    if "visitors" not in forms:
        for name in ("visitor_1_id", "visitor_2_id", "visitor_1_name", "visitor_2_name"):
            setattr(corrected, name, getattr(stored, name))
    return corrected


@bp.route("/settings", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def report_settings():
    current = get_settings()
    form = VisitSettingsForm(
        data=None
        if request.method == "POST"
        else {
            "delay_threshold_minutes": current["delay_threshold_minutes"],
            "issue_categories": categories_text(current["issue_categories"]),
        }
    )
    if form.validate_on_submit():
        changed = update_settings(
            current_user,
            {
                "delay_threshold_minutes": form.delay_threshold_minutes.data,
                "issue_categories": form.issue_categories.categories,
            },
        )
        db.session.commit()
        flash("Visit report settings saved." if changed else "Nothing changed.", "success")
        return redirect(url_for(".report_settings"))
    return render_template("visits/settings.html", form=form)
