"""The issue loop's rules (pure: no Flask, no database): the steps an issue may take from
each status, its age, and its category.

New -> sent to the force -> the force responds -> closed, or escalated and round again. The
coordinator may close an issue at any stage (for example, resolved on the spot).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum

DEFAULT_ISSUE_CATEGORIES = {
    "welfare_medical": "Welfare and medical care",
    "treatment": "Treatment and allegations",
    "rights": "Rights and entitlements",
    "food_drink": "Food and drink",
    "cells_facilities": "Cells and facilities",
    "safety": "Safety hazards",
    "supplies": "Supplies: bedding, clothing and hygiene items",
    "staffing": "Staffing",
    "other": "Other",
}


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
