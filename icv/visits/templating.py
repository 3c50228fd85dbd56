"""Template helpers for reports and issues: labels, and the counts each home page shows."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user
from sqlalchemy import func, select

from icv.accounts.roles import Role
from icv.clock import today_local
from icv.extensions import db
from icv.settings import time_bands
from icv.visits import issue_services
from icv.visits.issue_rules import OPEN_STATUSES, IssueStatus, Step, step
from icv.visits.models import ReportDraft, VisitIssue, VisitReport
from icv.visits.queries import awaiting_confirmation_by, categories, own_volunteer_id
from icv.visits.rules import Mode, Outcome
from icv.visits.to_write import (
    drafted,
    own_drafts,
    reports_of,
    reports_to_write,
    visit_of_draft,
)


def count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def office_work() -> dict[str, int]:
    """The office's counts: one statement for the reports' and one for the issues' (each
    count on its own index)."""
    reports = db.session.execute(
        select(
            select(func.count())
            .where(VisitReport.reviewed_at.is_(None))
            .scalar_subquery()
            .label("unreviewed"),
            select(func.count())
            .where(VisitReport.tact_visited, VisitReport.tact_copy_sent_on.is_(None))
            .scalar_subquery()
            .label("tact_due"),
        )
    ).one()
    issues = db.session.execute(
        select(
            func.count().filter(VisitIssue.status == IssueStatus.NEW).label("new_issues"),
            func.count().label("open_issues"),
            func.count().filter(VisitIssue.status == IssueStatus.RESPONDED).label("responded"),
        ).where(VisitIssue.status.in_(sorted(OPEN_STATUSES)))
    ).one()
    return {**reports._asdict(), **issues._asdict()}


def visit_work() -> dict[str, int]:
    """What waits for the signed-in person, for their home page."""
    work: dict[str, int] = {}
    if current_user.has_role(Role.COORDINATOR, Role.ADMIN):
        work.update(office_work())
    if current_user.has_role(Role.LIAISON, Role.COMMISSIONER):
        visible = issue_services.visible_issues(current_user)
        work["awaiting_response"] = count(
            visible.where(VisitIssue.status.in_([IssueStatus.WITH_FORCE, IssueStatus.ESCALATED]))
        )
        work["serious_open"] = count(
            visible.where(VisitIssue.is_serious, VisitIssue.status.in_(sorted(OPEN_STATUSES)))
        )
    if current_user.has_role(Role.VOLUNTEER):
        work["drafts"] = count(
            select(ReportDraft.id).where(ReportDraft.owner_id == current_user.id)
        )
        mine = own_volunteer_id(current_user)
        if mine is None:
            return {**work, "to_confirm": 0}
        work["to_confirm"] = count(awaiting_confirmation_by(current_user, mine))
    return work


def register(bp: Blueprint) -> None:
    @bp.app_template_filter("issue_category")
    def issue_category(value: str) -> str:
        return categories().get(value, value)

    @bp.app_template_global("issue_step")
    def issue_step(number: int) -> Step:
        return step(number)

    @bp.app_template_filter("band_label")
    def band_label(value: str | None) -> str:
        labels = {band.id: band.label for band in time_bands()}
        return labels.get(value, value or "")

    @bp.app_template_filter("mode_label")
    def mode_label(value: str) -> str:
        return Mode(value).label

    @bp.app_template_filter("outcome_label")
    def outcome_label(value: str) -> str:
        return Outcome(value).label.split(":")[0]

    @bp.app_context_processor
    def helpers():
        return {
            "visit_work": visit_work,
            "IssueStatus": IssueStatus,
            "reports_to_write": lambda: reports_to_write(current_user, today_local()),
            "visit_of_draft": lambda draft: visit_of_draft(draft, today_local()),
            # For the rota's pages (rota sits below visits, so cannot ask for reports itself).
            "reports_of": reports_of,
            "drafted_visits": lambda visits: drafted(
                own_drafts(current_user), visits, today_local()
            ),
        }
