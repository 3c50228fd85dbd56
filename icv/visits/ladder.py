"""The escalation ladder at work: issues waiting for the force past their step's response
target are overdue; each day the ``issue_ladder`` job climbs each one step (an escalation
event on its timeline, the next step's contact mailed where the office has an address).

The steps and the rule are in ``issue_rules`` (pure); the targets are the scheme setting
``escalation_target_days``. The caller commits.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from icv.extensions import db
from icv.notifications.services import queue_email
from icv.settings import get_settings
from icv.visits.issue_rules import (
    AWAITING,
    TOP,
    IssueStatus,
    is_overdue,
    reference,
    step,
    target_days,
)
from icv.visits.issue_services import add_event, liaisons_of, mail_coordinators
from icv.visits.models import VisitIssue


def overdue_issues(today: date) -> list[VisitIssue]:
    """Every issue waiting for the force past its step's target, longest waiting first."""
    targets = get_settings()["escalation_target_days"]
    waiting = db.session.scalars(
        select(VisitIssue)
        .where(VisitIssue.status.in_(sorted(AWAITING)), VisitIssue.ladder_step > 0)
        .order_by(VisitIssue.step_started_on, VisitIssue.id)
    )
    return [
        issue
        for issue in waiting
        if is_overdue(issue.status, issue.ladder_step, issue.step_started_on, targets, today)
    ]


def contacts(issue: VisitIssue, number: int) -> list[str]:
    """The addresses of the step's contact for the issue's suite, where the office has them."""
    suite = issue.report.suite
    if number == 1:
        found = [suite.email]
    elif number == 2:
        found = [suite.inspector_email] if suite.inspector_email else []
        found = found or [user.email for user in liaisons_of(suite)]
    elif number == 3:
        found = [suite.senior_email]
    else:
        found = [get_settings()["commissioner_meeting_email"]]
    return [address for address in found if address]


def claimed(issue: VisitIssue, today: date) -> bool:
    """Take the climb with a conditional UPDATE, so a second run (or scheduler) that read the
    same step climbs nothing: True if this one moved it."""
    moved = db.session.execute(
        update(VisitIssue)
        .where(
            VisitIssue.id == issue.id,
            VisitIssue.ladder_step == issue.ladder_step,
            VisitIssue.step_started_on == issue.step_started_on,
        )
        .values(ladder_step=issue.ladder_step + 1, step_started_on=today)
        .execution_options(synchronize_session=False)
    )
    return moved.rowcount == 1


def climb(issue: VisitIssue, today: date) -> bool:
    """One step up for an overdue issue below the top: recorded as an escalation event and
    mailed to the next step's contact; returns whether it climbed."""
    waited = (today - issue.step_started_on).days if issue.step_started_on else 0
    below = step(issue.ladder_step)
    if issue.ladder_step >= TOP or not claimed(issue, today):
        return False
    db.session.refresh(issue, ["ladder_step", "step_started_on"])
    above = step(issue.ladder_step)
    issue.status = IssueStatus.ESCALATED
    note = f"No response in {waited} days at: {below.label}. Now with: {above.label}."
    addresses = contacts(issue, above.number)
    add_event(issue, None, "climb", note, sent_via=", ".join(addresses)[:300] or None)
    for address in addresses:
        queue_email(
            address, "issue-climbed", issue=issue, step=above, below=below, waited=waited,
            reference=reference(issue.id),
        )  # fmt: skip
    return True


def climb_overdue(today: date) -> tuple[int, int]:
    """Climb every overdue issue below the top one step; tell the coordinators of those that
    climbed. Returns (climbed, overdue)."""
    overdue = overdue_issues(today)
    climbed = [issue for issue in overdue if climb(issue, today)]
    if climbed:
        mail_coordinators("issues-climbed", issues=climbed, today=today)
    return len(climbed), len(overdue)


def step_target(issue: VisitIssue) -> int:
    return target_days(issue.ladder_step, get_settings()["escalation_target_days"])
