"""The issue loop's rules (pure: no Flask, no database): the steps an issue may take from
each status, its age, and its category.

New -> sent to the force -> the force responds -> closed, or escalated and round again. The
coordinator may close an issue at any stage (for example, resolved on the spot).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from icv.settings.defaults import DEFAULT_ISSUE_CATEGORIES

__all__ = ["DEFAULT_ISSUE_CATEGORIES"]


class IssueStatus(StrEnum):
    NEW = "new"
    WITH_FORCE = "with_force"
    RESPONDED = "responded"
    ESCALATED = "escalated"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            "new": "New",
            "with_force": "Waiting for the force",
            "responded": "Force responded",
            "escalated": "Escalated",
            "closed": "Closed",
        }[self.value]


OPEN_STATUSES = frozenset(s.value for s in IssueStatus) - {IssueStatus.CLOSED.value}

#: action -> (statuses it can start from, status it leads to)
ISSUE_ACTIONS: dict[str, tuple[frozenset[str], IssueStatus]] = {
    "send": (
        frozenset({"new", "responded", "escalated"}),
        IssueStatus.WITH_FORCE,
    ),
    "respond": (frozenset({"with_force", "escalated"}), IssueStatus.RESPONDED),
    "escalate": (frozenset({"with_force", "responded"}), IssueStatus.ESCALATED),
    "close": (OPEN_STATUSES, IssueStatus.CLOSED),
}


def issue_action_problem(status: str, action: str) -> str | None:
    """Why ``action`` cannot be taken on an issue in ``status``, or None if it can."""
    allowed, _ = ISSUE_ACTIONS[action]
    if status in allowed:
        return None
    if status == IssueStatus.CLOSED:
        return "This issue is closed"
    return {
        "send": "This issue is already with the force",
        "respond": "This issue has not been sent to the force",
        "escalate": "Send the issue to the force before escalating it",
    }.get(action, "That cannot be done now")


class Route(StrEnum):
    """How an issue reaches the force."""

    #: By email to the suite's custody liaison accounts (with a link to record the response).
    LIAISON = "liaison"
    #: By email to the suite's own address, for a force with no liaison account (no link).
    SUITE = "suite"
    #: Sent outside icv (by phone, letter or another email): recorded with its date and how.
    OUTSIDE = "outside"


def routes(liaisons: Iterable[str], suite_email: str | None) -> dict[Route, str]:
    """The ways an issue can go to the force from a suite, labelled, by email first: to its
    liaison accounts (named), to its own address, and always outside icv."""
    found: dict[Route, str] = {}
    names = list(liaisons)
    if names:
        found[Route.LIAISON] = f"By email to the custody liaison: {' and '.join(names)}"
    if suite_email:
        found[Route.SUITE] = f"By email to the suite's address: {suite_email}"
    found[Route.OUTSIDE] = "It was sent outside icv: by phone, letter or another email"
    return found


def sent_on_problem(sent_on: date | None, raised_on: date, today: date) -> str | None:
    """Why the day an issue was sent outside icv cannot be right, or None."""
    if sent_on is None:
        return "Enter the date it was sent"
    if sent_on > today:
        return "The date it was sent must be today or in the past"
    if sent_on < raised_on:
        return f"The date it was sent must be on or after the visit ({raised_on:%-d %B %Y})"
    return None


def triage_problem(status: str) -> str | None:
    """Category and seriousness can be saved, without sending, while an issue is open."""
    return "This issue is closed" if status == IssueStatus.CLOSED else None


def reference(issue_id: int) -> str:
    """The issue's reference for the force to quote when it answers outside icv."""
    return f"ISSUE-{issue_id}"


def days_open(raised_on: date, resolved_on: date | None, today: date) -> int:
    """Days from the visit that raised an issue to its resolution (or to today if open)."""
    return ((resolved_on or today) - raised_on).days


def categories_from_setting(raw: Iterable[Mapping[str, str]]) -> dict[str, str]:
    return {item["id"]: item["label"] for item in raw}


def match_category(categories: Mapping[str, str], given: str) -> str:
    """The category id for a name given as an id or a label (any case); else the name as given."""
    wanted = " ".join(given.split()).casefold()
    for category_id, label in categories.items():
        if wanted in (category_id.casefold(), label.casefold()):
            return category_id
    return " ".join(given.split())


@dataclass(frozen=True)
class Step:
    """A step of the escalation ladder: who answers for the issue there."""

    number: int
    key: str
    label: str


#: Each suite's chain: an issue not answered within its step's target climbs one step.
LADDER = (
    Step(1, "sergeant", "Custody sergeant on the day"),
    Step(2, "inspector", "Custody inspector"),
    Step(3, "senior", "Chief inspector or superintendent"),
    Step(4, "commissioner", "The Commissioner's holding-to-account meeting"),
)
TOP = LADDER[-1].number
#: Statuses in which the issue waits for the force's answer (its step's clock runs).
AWAITING = frozenset({IssueStatus.WITH_FORCE.value, IssueStatus.ESCALATED.value})


def step(number: int) -> Step:
    return LADDER[min(max(number, 1), TOP) - 1]


def first_step(route: str) -> int:
    """The step an issue starts at when sent: the custody office's own address is the custody
    sergeant on the day; a liaison account, or a send outside icv, the custody inspector."""
    return 1 if route == Route.SUITE else 2


def target_days(number: int, targets: Mapping[str, object]) -> int:
    """The step's response target in days, from the setting (a bad value reads as 0: due)."""
    value = targets.get(step(number).key)
    return value if isinstance(value, int) and value >= 0 else 0


def overdue_since(started_on: date, days: int) -> date:
    """The day an issue at a step since ``started_on`` becomes overdue: exactly ``days``
    later, when the days allowed are up (sent on the 1st with 14 days: overdue on the 15th,
    with 2 days: on the 3rd)."""
    return started_on + timedelta(days=days)


def is_overdue(
    status: str, number: int, started_on: date | None, targets: Mapping[str, object], today: date
) -> bool:
    """Waiting for the force's answer past its step's target."""
    if status not in AWAITING or started_on is None or number < 1:
        return False
    return today >= overdue_since(started_on, target_days(number, targets))
