"""Weekly: the coordinator's digest of what needs attention, one section per area.

How to add a section: write a function ``(today: date) -> list[str | Line]`` that returns one
line per thing to list (a ``Line`` carries a link to the thing's own page; an empty list leaves
the section out), in your area or in ``icv/jobs/sections.py``, and add one ``DigestSection``
line to ``SECTIONS`` with a title and the page that shows the full list (if there is one).

The digest goes out once per ISO week (the notice key is the week), and only when at least
one section has something in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from icv.clock import now_utc, today_local
from icv.jobs import emails
from icv.jobs.claims import SCHEME, plan, take_and_act
from icv.jobs.models import ScheduledNotice
from icv.jobs.rules import Line, Outcome, did, plural, week_key
from icv.jobs.sections import (
    UNFILLED_WEEKS,
    open_serious_issues,
    overdue_applications,
    overdue_issues,
    overdue_reports,
    pending_requests,
    unfilled_visits,
    volunteers_needing_attention,
)
from icv.notifications.services import external_url


@dataclass(frozen=True)
class DigestSection:
    title: str
    lines: Callable[[date], list[str | Line]]
    #: The page with the full list, linked under the section (None: each line has its link).
    endpoint: str | None
    #: Query values for that page, e.g. only serious issues.
    values: tuple[tuple[str, str], ...] = ()

    def link(self) -> str | None:
        return external_url(self.endpoint, **dict(self.values)) if self.endpoint else None


@dataclass(frozen=True)
class DigestPart:
    """A section as it appears in one digest."""

    title: str
    lines: list[Line]
    link: str | None


SECTIONS: tuple[DigestSection, ...] = (
    DigestSection(
        "Applications past their stage's target time", overdue_applications, "applications.board"
    ),
    DigestSection(
        "Volunteers needing attention", volunteers_needing_attention, "volunteers.volunteers_list"
    ),
    DigestSection(
        f"Unfilled visits in the next {UNFILLED_WEEKS} weeks", unfilled_visits, "rota.periods"
    ),
    DigestSection("Requests to swap or drop a visit", pending_requests, "rota.requests_list"),
    DigestSection("Visits with no report yet", overdue_reports, None),
    DigestSection(
        "Open serious issues", open_serious_issues, "issues.issues_list", (("serious", "y"),)
    ),
    # Every overdue issue, serious or not: each line links to its issue.
    DigestSection("Issues overdue for the force's response", overdue_issues, None),
)


def digest_parts(today: date) -> list[DigestPart]:
    """The sections with something in them this week, in order."""
    parts = []
    for section in SECTIONS:
        lines = [line if isinstance(line, Line) else Line(line) for line in section.lines(today)]
        if lines:
            parts.append(DigestPart(section.title, lines, section.link()))
    return parts


def send_weekly_digest() -> Outcome:
    """The job: this week's digest to every coordinator, once, if there is anything in it."""
    today, now = today_local(), now_utc()
    parts = digest_parts(today)
    if parts:
        plan("weekly_digest", SCHEME, week_key(today), now)

    def act(_notice: ScheduledNotice) -> str | None:
        if not parts:
            return None
        return f"mailed {plural(emails.weekly_digest(parts, today), 'coordinator')}"

    return did(take_and_act("weekly_digest", now, act), "sent", "weekly digest")
