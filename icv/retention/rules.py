"""How long each kind of data is kept and when a period ends (pure rules: no Flask, no database).

A record exactly as old as its period is kept; one a moment older is past it. Periods in months
or years are calendar months and years (a day missing from a shorter month is its last day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from icv.clock import months_before

Unit = Literal["days", "months", "years"]


@dataclass(frozen=True)
class Kind:
    """One kind of data with its own period, set on the retention settings page."""

    #: The setting (in ``icv.settings.defaults.DEFAULTS``) that holds the period.
    setting: str
    unit: Unit
    #: The fewest and most units the administrator may set.
    low: int
    high: int
    #: What is removed or anonymised, for the counts ("mail bodies 3").
    removed: str
    #: The label of the field on the settings page, and its hint (what removing means).
    label: str
    hint: str


MAIL_BODIES = Kind(
    "mail_body_days",
    "days",
    1,
    365,
    "mail bodies",
    "Days to keep the text of mail sent or failed",
    "Then its recipient, subject and text go; the kind of mail, its dates, status, "
    "Message-ID and the mail server's answer stay.",
)
AUDIT_DETAIL = Kind(
    "audit_detail_months",
    "months",
    1,
    120,
    "audit details",
    "Months to keep the detail of audit log entries",
    "Then the entry's description and data go; who did what, when, to which record, stays.",
)
APPLICATION_DRAFTS = Kind(
    "application_draft_days",
    "days",
    1,
    90,
    "application drafts",
    "Days to keep a public application form nobody sent",
    "Counted from the last change to the form.",
)
REPORT_DRAFTS = Kind(
    "report_draft_days",
    "days",
    7,
    730,
    "report drafts",
    "Days to keep a visit report draft nobody sent",
    "Counted from the last change to the draft.",
)
SESSIONS = Kind("", "days", 0, 0, "ended sessions", "", "")
API_TOKENS = Kind(
    "api_token_days",
    "days",
    1,
    3650,
    "old API tokens",
    "Days to keep an expired or revoked API token",
    "Counted from the day it expired or was revoked.",
)
FORMER_VOLUNTEERS = Kind(
    "former_volunteer_years",
    "years",
    1,
    25,
    "former volunteers",
    "Years to keep the personal data of a volunteer who has left",
    "Counted from the day they left; then they are anonymised as on an erasure request. "
    "Their visits and reports stay, naming no one.",
)
APPLICATIONS = Kind(
    "retention_months",
    "months",
    1,
    84,
    "closed applications",
    "Months to keep applications that did not lead to appointment",
    "Counted from the day the application closed; then only its stage and dates are "
    "kept, for the totals.",
)

#: Every kind, in the order the job applies them and the page shows them. Ended sessions have
#: no period of their own: a session's end is its period, so they go the night after.
KINDS: tuple[Kind, ...] = (
    MAIL_BODIES,
    AUDIT_DETAIL,
    APPLICATION_DRAFTS,
    REPORT_DRAFTS,
    SESSIONS,
    API_TOKENS,
    FORMER_VOLUNTEERS,
    APPLICATIONS,
)
#: The kinds whose period the administrator sets.
SETTABLE: tuple[Kind, ...] = tuple(kind for kind in KINDS if kind.setting)

#: What an audit entry says once its detail is removed (its action, who, when and what it was
#: about stay).
DETAIL_REMOVED = "Detail removed at the end of the retention period"


def period_start(moment: datetime, amount: int, unit: Unit) -> datetime:
    """The oldest moment still inside a period of ``amount`` ``unit`` ending at ``moment``:
    anything older is past it."""
    if unit == "days":
        return moment - timedelta(days=amount)
    months = amount if unit == "months" else amount * 12
    return datetime.combine(months_before(moment.date(), months), moment.timetz())


def date_past(day: date, today: date, amount: int, unit: Unit) -> bool:
    """True when a period of ``amount`` ``unit`` from ``day`` has ended by ``today`` (the day
    itself is still inside it)."""
    start = period_start(datetime.combine(today, datetime.min.time()), amount, unit)
    return day < start.date()


def summary(counts: dict[str, int]) -> str:
    """One line for the job's run: each kind that removed something, with its count."""
    done = [f"{removed} {count}" for removed, count in counts.items() if count]
    return "removed or anonymised: " + ", ".join(done) if done else "nothing to do"
