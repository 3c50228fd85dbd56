"""Weekly: the coordinator's digest of what needs attention, one section per area.

How to add a section (e.g. "Unfilled visits" when the rota lands): write a function
``(today: date) -> list[str]`` that returns one line per thing to list (an empty list leaves
the section out), in your area or in ``icv/jobs/sections.py``, and add one ``DigestSection``
line to ``SECTIONS`` with a title and the page that shows the full list. Planned next: unfilled
visits and pending swap requests (rota), overdue reports and open serious issues (reports).

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
from icv.jobs.rules import Outcome, did, plural, week_key
from icv.jobs.sections import overdue_applications, volunteers_needing_attention
from icv.notifications.services import external_url


@dataclass(frozen=True)
class DigestSection:
    title: str
    lines: Callable[[date], list[str]]
    #: The page with the full list, linked under the section.
    endpoint: str


@dataclass(frozen=True)
class DigestPart:
    """A section as it appears in one digest."""

    title: str
    lines: list[str]
    link: str


SECTIONS: tuple[DigestSection, ...] = (
    DigestSection(
        "Applications past their stage's target time", overdue_applications, "applications.board"
    ),
    DigestSection(
        "Volunteers needing attention", volunteers_needing_attention, "volunteers.volunteers_list"
    ),
)


def digest_parts(today: date) -> list[DigestPart]:
    """The sections with something in them this week, in order."""
    parts = []
    for section in SECTIONS:
        lines = section.lines(today)
        if lines:
            parts.append(DigestPart(section.title, lines, external_url(section.endpoint)))
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
