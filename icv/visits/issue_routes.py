"""The issue loop's pages: open issues by suite and category, and each issue's case.

The coordinator triages, sends, escalates and closes; the custody liaison sees only issues sent
from their own suites and records the force's response; the commissioner reads. No page here
names a visitor.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import defaultload, selectinload

from icv.accounts.access import roles_required
from icv.accounts.models import User
from icv.accounts.roles import Role
from icv.clock import today_local
from icv.extensions import db
from icv.pagination import paginated
from icv.suites.queries import suite_alone, suite_names
from icv.text import is_whole_number
from icv.visits import issue_services, ladder
from icv.visits import issues_bp as bp
from icv.visits.issue_rules import (
    OPEN_STATUSES,
    IssueStatus,
    Route,
    days_open,
    issue_action_problem,
    overdue_since,
    reference,
)
from icv.visits.models import IssueEvent, VisitIssue, VisitReport
from icv.visits.queries import categories
from icv.visits.review_forms import CloseForm, EscalateForm, PanelForm, RespondForm, SendForm

READERS = (Role.COORDINATOR, Role.ADMIN, Role.COMMISSIONER, Role.LIAISON)
OFFICE = issue_services.OFFICE
SHOW = {"open": "Open", **{s.value: s.label for s in IssueStatus}, "all": "All"}
#: Every list of issues is shown a page at a time (none is cut short).
PAGE_SIZE = 25
CLOSED_PAGE_SIZE = PAGE_SIZE


def filtered(show: str, suite: str | None, category: str | None, serious: bool):
    query = issue_services.visible_issues(current_user)
    if show == "open":
        query = query.where(VisitIssue.status.in_(sorted(OPEN_STATUSES)))
    elif show in {s.value for s in IssueStatus}:
        query = query.where(VisitIssue.status == show)
    elif show != "all":
        abort(404)
    if suite and is_whole_number(suite) and len(suite) < 10:
        query = query.where(VisitIssue.report.has(VisitReport.suite_id == int(suite)))
    if category:
        query = query.where(VisitIssue.category == category)
    if serious:
        query = query.where(VisitIssue.is_serious)
    return query


def listed(query, show: str) -> Pagination:
    """The page of issues to show: serious first, then newest first; closed issues most
    recently closed first (one closed with no date recorded last)."""
    if show != IssueStatus.CLOSED:
        newest = query.order_by(
            VisitIssue.is_serious.desc(), VisitIssue.raised_on.desc(), VisitIssue.id.desc()
        )
    else:
        # Read backwards along ix_visit_issues_closed_newest.
        newest = query.order_by(
            VisitIssue.resolved_on.desc().nulls_last(),
            VisitIssue.raised_on.desc(),
            VisitIssue.id.desc(),
        )
    # A row names its suite: the suite's closures and liaisons (with their roles) are not read.
    suite = defaultload(VisitIssue.report).defaultload(VisitReport.suite)
    named = newest.options(suite.options(*suite_alone()))
    return paginated(named, PAGE_SIZE)


@bp.get("")
@roles_required(*READERS)
def issues_list():
    show = request.args.get("status", "open")
    suite, category = request.args.get("suite"), request.args.get("category")
    serious = request.args.get("serious") == "y"
    page = listed(filtered(show, suite, category, serious), show)
    counts = issue_services.open_counts(issue_services.visible_issues(current_user))
    suites = sorted({name for name, _ in counts})
    filters = {"suite": suite or "", "category": category or "", "serious": "y" if serious else ""}
    return render_template(
        "issues/list.html",
        issues=page.items,
        page=page,
        show=show,
        tabs=SHOW,
        counts=counts,
        count_suites=suites,
        count_categories=sorted({c for _, c in counts}),
        suite_choices=suite_names()
        if current_user.has_role(Role.COORDINATOR, Role.ADMIN, Role.COMMISSIONER)
        else [(s.id, s.name) for s in issue_services.suites_of(current_user)],
        filters=filters,
        # What the tabs and page links keep of the filters (nothing for a filter not set).
        filter_args={name: value for name, value in filters.items() if value},
        today=today_local(),
        days_open=days_open,
    )


def visible_issue(issue_id: int) -> VisitIssue:
    # The timeline names who took each step: its events and their actors are read in one
    # statement after the issue (each event read its actor, and the actor their roles).
    query = (
        issue_services.visible_issues(current_user)
        .where(VisitIssue.id == issue_id)
        .options(
            selectinload(VisitIssue.events).joinedload(IssueEvent.actor).lazyload(User.role_rows)
        )
    )
    return db.session.scalars(query).first() or abort(404)


def action_forms(issue: VisitIssue) -> dict:
    """The steps this person can take on this issue now, each with its (empty) form."""
    office = current_user.has_role(*OFFICE)
    today = today_local()
    # Each form's fields are prefixed with its action, so every id on the page is unique.
    possible = {
        "send": office and send_form(issue, formdata=None),
        "respond": issue_services.can_respond(current_user, issue)
        and RespondForm(formdata=None, prefix="respond"),
        "escalate": office and EscalateForm(formdata=None, prefix="escalate"),
        "close": office
        and CloseForm(formdata=None, prefix="close", today=today, data={"resolved_on": today}),
    }
    return {
        action: form
        for action, form in possible.items()
        if form and issue_action_problem(issue.status, action) is None
    }


def send_form(issue: VisitIssue, sending: bool = True, **kwargs) -> SendForm:
    """The triage and sending form, offering the ways this issue's suite can be reached (by
    email first, chosen to start with)."""
    routes = issue_services.force_routes(issue.report.suite)
    if kwargs.get("formdata", True) is None:
        kwargs["data"] = {
            "category": issue.category,
            "is_serious": issue.is_serious,
            "route": next(iter(routes)).value,
        }
    return SendForm(
        prefix="send",
        categories=categories(),
        current=issue.category,
        routes={route.value: label for route, label in routes.items()},
        raised_on=issue.raised_on,
        today=today_local(),
        sending=sending,
        **kwargs,
    )


def panel_form(issue: VisitIssue, **kwargs) -> PanelForm:
    if kwargs.get("formdata", True) is None:
        kwargs["data"] = {
            "is_serious": issue.is_serious,
            "for_panel": issue.for_panel,
            "panel_text": issue.panel_text,
        }
    return PanelForm(prefix="panel", **kwargs)


def ladder_state(issue: VisitIssue) -> dict:
    """Whether the issue is overdue at its step of the escalation ladder, and when its answer
    is due."""
    if not issue.step_started_on:
        return {"overdue": False, "due_on": None}
    due_on = overdue_since(issue.step_started_on, ladder.step_target(issue))
    return {"overdue": today_local() >= due_on, "due_on": due_on}


def render_issue(issue: VisitIssue, status: int = 200, posted: str | None = None, form=None):
    forms = action_forms(issue)
    if posted and posted != "panel":
        forms[posted] = form
    suite = issue.report.suite
    return render_template(
        "issues/detail.html",
        issue=issue,
        forms=forms,
        office=current_user.has_role(*OFFICE),
        age=days_open(issue.raised_on, issue.resolved_on, today_local()),
        form=form,
        **ladder_state(issue),
        panel=(form if posted == "panel" else panel_form(issue, formdata=None))
        if current_user.has_role(*OFFICE)
        else None,
        reference=reference(issue.id),
        # Mail to a liaison who has not accepted their invitation reaches an account they
        # cannot open yet: the page says so before sending.
        not_joined=issue_services.not_yet_joined(suite) if "send" in forms else [],
        by_email=set(issue_services.force_routes(suite)) - {Route.OUTSIDE},
        Route=Route,
    ), status


@bp.get("/<int:issue_id>")
@roles_required(*READERS)
def issue_detail(issue_id: int):
    return render_issue(visible_issue(issue_id))


def posted_form(action: str, issue: VisitIssue):
    if action in ("send", "triage"):
        return send_form(issue, sending=action == "send")
    if action == "panel":
        return panel_form(issue)
    if action == "close":
        return CloseForm(prefix=action, today=today_local())
    return {"respond": RespondForm, "escalate": EscalateForm}[action](prefix=action)


@bp.post("/<int:issue_id>/<action>")
@roles_required(*READERS)
def act(issue_id: int, action: str):
    issue = visible_issue(issue_id)
    if action not in ("triage", "send", "respond", "escalate", "close", "panel"):
        abort(404)
    allowed = (
        issue_services.can_respond(current_user, issue)
        if action == "respond"
        else current_user.has_role(*OFFICE)
    )
    if not allowed:
        abort(403)
    form = posted_form(action, issue)
    if form.validate_on_submit():
        try:
            message = take(action, issue, form)
        except issue_services.IssueError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for(".issue_detail", issue_id=issue_id))
        db.session.commit()
        flash(message, "success")
        return redirect(url_for(".issue_detail", issue_id=issue.id))
    return render_issue(issue, 400, "send" if action == "triage" else action, form)


SENT = {
    Route.LIAISON: "Sent by email to the force's custody liaison.",
    Route.SUITE: "Sent by email to the suite's address.",
    Route.OUTSIDE: "Recorded as sent to the force outside icv.",
}


def take(action: str, issue: VisitIssue, form) -> str:
    if action == "triage":
        changed = issue_services.triage(
            current_user, issue, form.category.data, form.is_serious.data
        )
        return "Category and seriousness saved." if changed else "Nothing changed."
    if action == "panel":
        changed = issue_services.for_the_panel(
            current_user,
            issue,
            form.is_serious.data,
            form.for_panel.data,
            (form.panel_text.data or "").strip() or None,
        )
        return "Findings for the Panel saved." if changed else "Nothing changed."
    if action == "send":
        sending = issue_services.Sending(
            Route(form.route.data), form.sent_on.data, form.sent_how.data or None
        )
        issue_services.send_to_force(
            current_user,
            issue,
            form.category.data,
            form.is_serious.data,
            form.note.data or None,
            sending,
        )
        return SENT[sending.route]
    if action == "respond":
        issue_services.record_response(current_user, issue, form.response.data)
        return "The force's response is recorded. The scheme office has been told."
    if action == "escalate":
        issue_services.escalate(current_user, issue, form.note.data)
        return "Issue escalated."
    issue_services.close(current_user, issue, form.note.data, form.resolved_on.data)
    return "Issue closed."
