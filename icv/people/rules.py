"""Pure rules of subject access and erasure: what is withheld, what erasure writes in place of
personal details, and when erasure must wait. No Flask or database here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: What an erased person is called wherever a name must stand (a report's visitor, a log line).
FORMER_VISITOR = "A former visitor"
#: The same for an account that was never a volunteer's (staff, a custody liaison).
FORMER_ACCOUNT = "A former account holder"
#: Written where an erased person's name, email address or phone number appeared in free text.
ERASED = "[erased]"

#: Report fields left out of an export: they are about the people in custody, not the visitor
#: who asks. The notes of the checks' themes (rights, welfare, dignity, support, conditions),
#: and the answers to the checks (counts of the people spoken with), record what detainees
#: said or how they were treated; the detainee notes (``DetaineeNote``: custody record number,
#: consent to read it, the note) are about one detainee each; a report's versions repeat all
#: of these in their snapshots and changes. A visitor's right of access does not reach another
#: person's data (UK GDPR Art. 15(4)).
DETAINEE_REPORT_FIELDS = (
    "rights_notes",
    "welfare_notes",
    "conditions_notes",
    "dignity_notes",
    "support_notes",
)

#: Volunteer statuses that mean the person is still appointed.
SERVING = frozenset({"probation", "active", "suspended"})

#: The fewest characters a name or phone number must have to be searched for in free text: a
#: shorter one would match inside unrelated words.
SHORTEST_NEEDLE = 4


def erasure_problem(volunteer_status: str | None, planned_visits: int) -> str | None:
    """Why a person cannot be erased yet, or None. A serving volunteer with visits still planned
    would leave holes in the rota that nobody is told about: ending their appointment first
    takes them off those visits and tells their partners."""
    if volunteer_status in SERVING and planned_visits > 0:
        visits = "1 visit" if planned_visits == 1 else f"{planned_visits} visits"
        return (
            f"This person is a serving volunteer with {visits} planned. End their "
            "appointment first (on their volunteer record): that takes them off the rota."
        )
    return None


def erased_email(user_id: int) -> str:
    """A sign-in name no one can have or receive mail at (the ``.invalid`` top-level domain,
    RFC 2606), unique per account because the column is."""
    return f"erased-{user_id}@erased.invalid"


def needles(values: Iterable[str | None]) -> list[str]:
    """The personal details to search free text for: long enough to mean something, longest
    first (so a full name is replaced before a part of it), each once."""
    found = {v.strip() for v in values if v and len(v.strip()) >= SHORTEST_NEEDLE}
    return sorted(found, key=lambda v: (-len(v), v.lower()))


def full_names(names: Iterable[str | None]) -> list[str]:
    """The names worth searching free text for: two words or more. One word alone (or the
    "Deleted" a minimised application already has) is too common a word to replace
    everywhere; the records that hold it are cleared directly."""
    return [n for n in names if n and len(n.split()) >= 2]


def pattern(found: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for every detail, matching whole words only."""
    if not found:
        return None
    words = "|".join(re.escape(v) for v in found)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def scrubbed(value: Any, details: re.Pattern[str]) -> Any:
    """``value`` (text, or JSON made of dicts, lists and text) with every detail replaced by
    ``ERASED``; keys of a dict are left alone (they are field names, never personal data)."""
    if isinstance(value, str):
        return details.sub(ERASED, value)
    if isinstance(value, list):
        return [scrubbed(item, details) for item in value]
    if isinstance(value, dict):
        return {key: scrubbed(item, details) for key, item in value.items()}
    return value
