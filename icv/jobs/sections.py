"""Sections of the coordinator's weekly digest: recruitment, volunteers, the rota, reports.

Each is a function of the day that returns the lines to list (an empty list leaves the section
out); a ``Line`` links to the thing's own page. Register one in ``icv.jobs.digest.SECTIONS``.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from icv.applications.models import Application
from icv.applications.pipeline import days_in_stage, is_overdue
from icv.applications.stages import PIPELINE
from icv.clock import local
from icv.extensions import db
from icv.jobs.rules import Line, days_between, plural, relative_day
from icv.notifications.services import external_url
from icv.rota.engine.problem import week_monday
from icv.rota.mail import band_words
from icv.rota.queries import awaiting_report, gaps_between
from icv.rota.requests import open_requests
from icv.rota.rules import monday_of
from icv.settings import get_settings
from icv.visits import ladder
from icv.visits.issue_rules import OPEN_STATUSES, IssueStatus, step
from icv.visits.ladder import step_target
from icv.visits.models import VisitIssue
from icv.visits.queries import categories
from icv.volunteers.services import needing_attention

#: The digest lists unfilled visits in this many weeks, this week included.
UNFILLED_WEEKS = 4


def overdue_applications(today: date) -> list[str]:
    """Open applications in a stage for longer than the scheme's target, longest first.

    This is also the "recruitment stages over their target time" list of the issue: it goes
    out in the digest rather than as a second email on the same Monday morning.
    """
    targets = get_settings()["stage_targets"]
    open_stages = [stage.value for stage in PIPELINE if not stage.is_closed]
    applications = db.session.scalars(
        select(Application)
        .where(Application.stage.in_(open_stages))
        .order_by(Application.stage_changed_at, Application.id)
    )
    lines = []
    for application in applications:
        days = days_in_stage(local(application.stage_changed_at).date(), today)
        if is_overdue(application.stage_enum, days, targets):
            lines.append(
                f"{application.name} ({application.reference}): "
                f"{application.stage_enum.label.lower()} for {days} days, "
                f"target {targets[application.stage]}"
            )
    return lines


def volunteers_needing_attention(today: date) -> list[str]:
    """Volunteers who cannot be rostered, or whose vetting or term ends within 90 days."""
    return [f"{name}: {why}" for name, why in needing_attention(today)]


def unfilled_visits(today: date) -> list[Line]:
    """Required visits not planned in the published rotas of this week and the next few."""
    starts_on = monday_of(today)
    ends_on = starts_on + timedelta(weeks=UNFILLED_WEEKS, days=-1)
    return [
        Line(
            f"{gap.suite.name}, week of {week_monday(gap.week):%-d %b %Y}: "
            f"{plural(gap.missing, 'visit')} unfilled",
            external_url("rota.period", period_id=period.id),
        )
        for period, gap in gaps_between(starts_on, ends_on)
    ]


def pending_requests(today: date) -> list[Line]:
    """Volunteers' requests to swap or drop a visit that nobody has dealt with yet."""
    return [
        Line(
            f"{request.volunteer.user.name} asks to {request.kind}: "
            f"{request.visit.suite.name}, {request.visit.visit_on:%a %-d %b %Y} "
            f"(asked {relative_day(-days_between(local(request.created_at).date(), today))})",
            external_url("rota.request_detail", request_id=request.id),
        )
        for request in open_requests()
    ]


def overdue_reports(today: date) -> list[Line]:
    """Visits of published rotas past their day with no report, not yet marked missed."""
    return [
        Line(
            f"{visit.suite.name}, {visit.visit_on:%a %-d %b %Y}, {band_words(visit.band)}: "
            + " and ".join(v.volunteer.user.name for v in visit.visitors),
            external_url("rota.visit", visit_id=visit.id),
        )
        for visit in awaiting_report(today)
    ]


def open_serious_issues(today: date) -> list[Line]:
    """Serious issues not closed, oldest first (no visitor named: issues never name one)."""
    issues = db.session.scalars(
        select(VisitIssue)
        .where(VisitIssue.is_serious.is_(True), VisitIssue.status.in_(sorted(OPEN_STATUSES)))
        .order_by(VisitIssue.raised_on, VisitIssue.id)
    )
    labels = categories()
    return [
        Line(
            f"{issue.report.suite.name}, raised {issue.raised_on:%-d %b %Y}: "
            f"{labels.get(issue.category, issue.category)}, "
            f"{IssueStatus(issue.status).label.lower()}, "
            f"open {plural(days_between(issue.raised_on, today), 'day')}",
            external_url("issues.issue_detail", issue_id=issue.id),
        )
        for issue in issues
    ]


def overdue_issues(today: date) -> list[Line]:
    """Every issue waiting for the force past its step's response target, serious or not,
    longest waiting first, with the step it waits at."""
    labels = categories()
    return [
        Line(
            f"{issue.report.suite.name}, raised {issue.raised_on:%-d %b %Y}: "
            f"{labels.get(issue.category, issue.category)}"
            f"{' (serious)' if issue.is_serious else ''}, with: {step(issue.ladder_step).label}, "
            f"waiting {plural(days_between(issue.step_started_on, today), 'day')} "
            f"(target {plural(step_target(issue), 'day')})",
            external_url("issues.issue_detail", issue_id=issue.id),
        )
        for issue in ladder.overdue_issues(today)
    ]
