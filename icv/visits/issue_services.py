"""The issue loop: each issue raised at a visit is a case the coordinator follows until it is
closed. New -> sent to the suite's custody liaison(s) -> the liaison records the force's
response -> the coordinator closes it, or escalates it (with a note) and it goes round again.

Every step is an event on the issue's timeline and an audit row; mail goes through the outbox
in the same transaction. The caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import lazyload

from icv.accounts.models import User, UserRole
from icv.accounts.roles import Role
from icv.audit.services import changes, jsonable, record
from icv.clock import now_utc, today_local
from icv.extensions import db
from icv.notifications.services import external_url, queue_email
from icv.suites.models import Suite, suite_liaisons
from icv.visits.issue_rules import (
    ISSUE_ACTIONS,
    OPEN_STATUSES,
    TOP,
    IssueStatus,
    Route,
    first_step,
    issue_action_problem,
    reference,
    routes,
    triage_problem,
)
from icv.visits.models import IssueEvent, VisitIssue, VisitReport
from icv.visits.queries import categories

#: Roles that see every issue (the commissioner reads them; only the office acts on them).
ALL_ISSUES = (Role.COORDINATOR, Role.ADMIN, Role.COMMISSIONER)
OFFICE = (Role.COORDINATOR, Role.ADMIN)


class IssueError(Exception):
    """A step on an issue was refused; the message says why."""


def coordinators() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.COORDINATOR, User.is_active.is_(True))
            .order_by(User.id)
            .options(lazyload(User.role_rows))  # mailed, not asked what else they are
        )
    )


def liaisons_of(suite: Suite) -> list[User]:
    return [user for user in suite.liaisons if user.is_active and user.has_role(Role.LIAISON)]


def add_event(
    issue: VisitIssue, actor: User | None, action: str, note: str | None = None, **sending
) -> None:
    """A step on the issue's timeline; ``sending`` says how a send reached the force (route,
    sent_on, sent_via)."""
    issue.events.append(
        IssueEvent(actor=actor, action=action, status=issue.status, note=note, **sending)
    )


def opened(issue: VisitIssue, actor: User | None, source: str) -> None:
    """An issue arrives with its report (or from a file of historical records)."""
    add_event(issue, actor, opening_action(source))


def opening_action(source: str) -> str:
    return "imported" if source == "import" else "raised"


def alert_urgent(report: VisitReport, told: list[User]) -> None:
    """Tell the coordinators (``told``: every active one, read once by the scheduler's run
    that queues the report's mails: ``icv.visits.sent_mail``) at once about the issues the
    visitors marked urgent in a report just sent (whether one is serious is the
    coordinator's finding, at triage)."""
    urgent = [issue for issue in report.issues if issue.is_urgent]
    if not urgent:
        return
    links = [external_url("issues.issue_detail", issue_id=issue.id) for issue in urgent]
    issues = list(zip(urgent, links, strict=True))
    mail_coordinators("issue-urgent", told, report=report, issues=issues)


def mail_coordinators(template: str, told: list[User] | None = None, **context) -> None:
    for coordinator in coordinators() if told is None else told:
        queue_email(coordinator.email, template, name=coordinator.first_name, **context)


def move(actor: User, issue: VisitIssue, action: str, note: str | None, **sending) -> None:
    if problem := issue_action_problem(issue.status, action):
        raise IssueError(problem)
    issue.status = ISSUE_ACTIONS[action][1]
    add_event(issue, actor, action, note, **sending)
    details = {"note": note} if note else {}
    details |= {k: v.isoformat() if isinstance(v, date) else v for k, v in sending.items() if v}
    record(
        actor,
        f"issue.{action}",
        issue,
        f"{IssueStatus(issue.status).label}: issue at {issue.report.suite.name}",
        details or None,
    )


def triage(actor: User, issue: VisitIssue, category: str, is_serious: bool) -> bool:
    """Save the category and seriousness without sending; returns whether they changed."""
    if problem := triage_problem(issue.status):
        raise IssueError(problem)
    changed = settle(actor, issue, category, is_serious)
    if changed:
        label = categories().get(category, category)
        add_event(issue, actor, "triage", f"{label}, {'serious' if is_serious else 'not serious'}")
        record(
            actor,
            "issue.triage",
            issue,
            f"Category and seriousness of an issue at {issue.report.suite.name} saved",
            jsonable(changed),
        )
    return bool(changed)


def settle(actor: User, issue: VisitIssue, category: str, is_serious: bool) -> dict:
    """Set the category and whether the issue is serious (the coordinator's finding, kept
    with who and when it was set or cleared); returns what changed, as field -> [old, new]."""
    changed = changes(issue, {"category": category, "is_serious": is_serious})
    if "is_serious" in changed:
        issue.serious_set_by, issue.serious_set_at = actor, now_utc()
    return changed


def for_the_panel(
    actor: User, issue: VisitIssue, is_serious: bool, for_panel: bool, text: str | None
) -> bool:
    """The coordinator's findings for the Panel at any stage (also once closed): serious or
    not, and "you said, we did" with what the force did. Returns whether anything changed."""
    changed = changes(issue, {"for_panel": for_panel, "panel_text": text if for_panel else None})
    changed |= settle(actor, issue, issue.category, is_serious)
    if changed:
        words = ["serious" if is_serious else "not serious"]
        words += ["in the Panel's report"] if for_panel else []
        add_event(issue, actor, "panel", ", ".join(words).capitalize())
        record(
            actor,
            "issue.panel",
            issue,
            f"Findings for the Panel of an issue at {issue.report.suite.name} saved",
            jsonable(changed),
        )
    return bool(changed)


@dataclass(frozen=True)
class Sending:
    """How the coordinator sends an issue: a Route, and for one sent outside icv its day and
    how it went (as typed)."""

    route: Route
    sent_on: date | None = None
    how: str | None = None


def send_to_force(
    actor: User,
    issue: VisitIssue,
    category: str,
    is_serious: bool,
    note: str | None,
    sending: Sending,
) -> None:
    """Settle the category and seriousness and send the issue to the force: by email to the
    suite's liaison accounts or to its own address, or as sent outside icv (nothing mailed)."""
    suite = issue.report.suite
    if sending.route not in force_routes(suite):
        raise IssueError(unavailable(suite, sending.route))
    settle(actor, issue, category, is_serious)
    escalated = issue.status == IssueStatus.ESCALATED
    if sending.route is Route.OUTSIDE:
        details = {"sent_on": sending.sent_on, "sent_via": sending.how}
    else:
        details = {"sent_via": joined(addresses(suite, sending.route))}
    move(actor, issue, "send", note, route=sending.route.value, **details)
    issue.sent_at = now_utc()
    # Sent again after an answer, it keeps the step it had reached; the clock starts again.
    issue.ladder_step = max(issue.ladder_step, first_step(sending.route))
    issue.step_started_on = today_local()
    if sending.route is not Route.OUTSIDE:
        mail_force(issue, sending.route, note, escalated)


def force_routes(suite: Suite) -> dict[Route, str]:
    """How an issue at ``suite`` can go to the force now (issue_rules.routes), labelled."""
    return routes([user.name for user in liaisons_of(suite)], suite.email)


def unavailable(suite: Suite, route: Route) -> str:
    if route is Route.LIAISON:
        return (
            f"{suite.name} has no custody liaison account: send it to the suite's email "
            "address, or record how it was sent outside icv"
        )
    return f"{suite.name} has no email address: add it under Custody suites, or choose another way"


def joined(emails: list[str]) -> str:
    """Addresses as the timeline keeps them (within its 300 characters)."""
    return ", ".join(emails)[:300]


def addresses(suite: Suite, route: Route) -> list[str]:
    if route is Route.LIAISON:
        return [user.email for user in liaisons_of(suite)]
    return [suite.email] if route is Route.SUITE and suite.email else []


def mail_force(issue: VisitIssue, route: Route, note: str | None, escalated: bool) -> None:
    """Mail the issue to the liaison accounts (with a link to record the response), or to the
    suite's own address (everything in the mail itself: no link needs an account)."""
    suite = issue.report.suite
    if route is Route.SUITE:
        queue_email(
            suite.email, "issue-to-suite", issue=issue, note=note, escalated=escalated,
            reference=reference(issue.id),
        )  # fmt: skip
        return
    link = external_url("issues.issue_detail", issue_id=issue.id)
    for liaison in liaisons_of(suite):
        queue_email(
            liaison.email,
            "issue-to-force",
            name=liaison.first_name,
            issue=issue,
            note=note,
            escalated=escalated,
            link=link,
        )


def not_yet_joined(suite: Suite) -> list[User]:
    """The suite's liaisons who have not accepted their invitation: mail sent to them leads to
    an account they cannot open yet."""
    return [user for user in liaisons_of(suite) if not user.has_password]


def record_response(actor: User, issue: VisitIssue, response: str) -> None:
    """The force's response, recorded by its custody liaison (or by the office for them)."""
    move(actor, issue, "respond", response)
    issue.response = response
    issue.responded_at = now_utc()
    link = external_url("issues.issue_detail", issue_id=issue.id)
    mail_coordinators("issue-response", issue=issue, link=link)


def escalate(actor: User, issue: VisitIssue, note: str) -> None:
    """Not resolved: the coordinator escalates with a note (to whom, and what is asked), mailed
    to the liaison accounts, or else to the suite's address; with neither, nothing is mailed
    (the issue is sent again, outside icv if need be)."""
    routes_now = force_routes(issue.report.suite)
    route = next((r for r in (Route.LIAISON, Route.SUITE) if r in routes_now), None)
    sent_via = joined(addresses(issue.report.suite, route)) if route else None
    move(actor, issue, "escalate", note, route=route.value if route else None, sent_via=sent_via)
    issue.ladder_step = min(max(issue.ladder_step, 1) + 1, TOP)  # one step up the ladder
    issue.step_started_on = today_local()
    if route is not None:
        mail_force(issue, route, note, escalated=True)


def close(actor: User, issue: VisitIssue, note: str, resolved_on: date) -> None:
    move(actor, issue, "close", note)
    issue.resolved_on = resolved_on


def liaison_suite_ids(user: User) -> Select:
    return select(suite_liaisons.c.suite_id).where(suite_liaisons.c.user_id == user.id)


def visible_issues(user: User) -> Select[tuple[VisitIssue]]:
    """Issues this person may see: all for the office and the commissioner; for a custody
    liaison, those sent to the force from their own suites; none for anyone else.
    Joined to the reports only for a liaison: every issue has its report, and a join for
    nothing kept PostgreSQL from counting and ordering the issues by their own indexes."""
    query = select(VisitIssue)
    if user.has_role(*ALL_ISSUES):
        return query
    if user.has_role(Role.LIAISON):
        return query.join(VisitIssue.report).where(
            VisitReport.suite_id.in_(liaison_suite_ids(user)), VisitIssue.sent_at.is_not(None)
        )
    return query.where(false())


def can_respond(user: User, issue: VisitIssue) -> bool:
    if user.has_role(*OFFICE):
        return True
    return user.has_role(Role.LIAISON) and issue.report.suite in suites_of(user)


def suites_of(user: User) -> list[Suite]:
    return list(db.session.scalars(select(Suite).where(Suite.id.in_(liaison_suite_ids(user)))))


def open_counts(query: Select[tuple[VisitIssue]]) -> dict[tuple[str, str], int]:
    """(suite name, category) -> open issues, within what ``query`` lets the person see."""
    visible = query.where(VisitIssue.status.in_(sorted(OPEN_STATUSES))).subquery()
    rows = db.session.execute(
        select(Suite.name, visible.c.category, func.count())
        .select_from(visible)
        .join(VisitReport, VisitReport.id == visible.c.report_id)
        .join(Suite, Suite.id == VisitReport.suite_id)
        .group_by(Suite.name, visible.c.category)
    ).all()
    return {(suite, category): n for suite, category, n in rows}
