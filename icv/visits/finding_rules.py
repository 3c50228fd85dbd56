"""The sections about what the visitors found, checked from their answers as typed (pure:
no Flask, no database): notes on people seen and issues raised (lists of entries; boxes left
empty are ignored) and the comments. Their forms (``finding_forms.py``) check across fields
with the same ``*_problems`` functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from icv.text import Problem, is_whole_number
from icv.visits.rules import CONSENT
from icv.visits.section_rules import YES_NO, Checked, Context, read_text
from icv.visits.typed_fields import Reading

#: At most this many notes or issues in one report.
MAX_ENTRIES = 20
NOTE_BOXES = ("custody_number", "record_consent", "note")
ISSUE_BOXES = ("category", "is_urgent", "description", "raised_with", "immediate_response")

Entry = dict[str, Any]


def entry_indices(typed: Mapping[str, list[str]], list_name: str) -> list[int]:
    """The entries' numbers in the answers (``notes-3-note``), in order, at most
    ``MAX_ENTRIES`` (as WTForms' FieldList reads them)."""
    found = set()
    for key in typed:
        if key.startswith(list_name):
            number = key[len(list_name) + 1 :].split("-", 1)[0]
            if is_whole_number(number):  # not str.isdigit: "²" would crash int()
                found.add(int(number))
    return sorted(found)[:MAX_ENTRIES] or [None]


def used(entry: Entry) -> bool:
    """True if anything was typed or chosen in this set of boxes."""
    return any(entry.values())


def read_entries(r: Reading, list_name: str, read) -> list[Entry]:
    """Each entry's boxes read by ``read``, its problems under the entry's place in the list
    (``notes-0-note``), as the forms name them."""
    entries = []
    for place, number in enumerate(entry_indices(r.typed, list_name)):
        entry_reading = Reading(r.typed, f"{list_name}-{number}-")
        entries.append(read(entry_reading))
        for name, message in entry_reading.problems.items():
            r.problems.setdefault(f"{list_name}-{place}-{name.rsplit('-', 1)[1]}", message)
    return entries


def read_note(r: Reading) -> Entry:
    return {
        "custody_number": read_text(r, "custody_number"),
        "record_consent": r.choice("record_consent", set(CONSENT)),
        "note": read_text(r, "note"),
    }


def notes_problems(entries: Sequence[Entry]) -> dict[str, str]:
    """A note for every person whose details are given."""
    return {
        f"notes-{place}-note": Problem("Write your note, or clear this person's details")
        for place, entry in enumerate(entries)
        if used(entry) and not entry["note"]
    }


def check_notes(typed: dict, context: Context) -> Checked:  # noqa: ARG001 (as every section)
    r = Reading(typed)
    entries = read_entries(r, "notes", read_note)
    problems = r.problems | notes_problems(entries)
    return Checked({"notes": entries}, problems)


def read_issue(r: Reading) -> Entry:
    return {
        "category": r.select("category"),
        "is_urgent": r.ticked("is_urgent"),
        "description": read_text(r, "description"),
        "raised_with": read_text(r, "raised_with"),
        "immediate_response": read_text(r, "immediate_response"),
    }


def issues_problems(
    raised: str | None, entries: Sequence[Entry], categories: Mapping[str, str]
) -> dict[str, str]:
    """Yes with an issue described, no with none; each issue with its category and words.
    Each issue is judged by its own boxes whatever the answer above: all is shown at once."""
    written = [place for place, entry in enumerate(entries) if used(entry)]
    problems = {}
    if not raised:
        problems["raised"] = Problem("Select yes if you raised any issues")
    elif raised == "no" and written:
        problems["raised"] = Problem("You described an issue below: select yes")
    elif raised == "yes" and not written:
        problems["issues-0-description"] = Problem("Describe the issue you raised")
    for place in written:
        if entries[place]["category"] not in categories:
            problems[f"issues-{place}-category"] = Problem("Choose what the issue is about")
        if not entries[place]["description"]:
            problems[f"issues-{place}-description"] = Problem("Describe the issue")
    return problems


def check_issues(typed: dict, context: Context) -> Checked:
    r = Reading(typed)
    raised = r.choice("raised", YES_NO)
    entries = read_entries(r, "issues", read_issue)
    problems = issues_problems(raised, entries, context.categories)
    # A box read badly and a problem of the section on one box: the box's own is shown first.
    return Checked({"raised": raised, "issues": entries}, problems | r.problems)


def good_practice_seen(seen: str | None, written: str | None) -> bool | None:
    """Good practice seen: yes with its text; None when neither is given (not recorded)."""
    if written:
        return True
    return {"yes": True, "no": False}.get(seen or "")


def comments_problems(seen: str | None, written: str | None) -> dict[str, str]:
    """Good practice described when seen, and seen when described."""
    if seen == "yes" and not written:
        return {"good_practice": Problem("Describe the good practice you saw")}
    if seen == "no" and written:
        return {"good_practice_seen": Problem("You described good practice: select yes")}
    return {}


def check_comments(typed: dict, context: Context) -> Checked:  # noqa: ARG001 (as every section)
    r = Reading(typed)
    values = {
        "good_practice_seen": r.choice("good_practice_seen", YES_NO),
        "good_practice": read_text(r, "good_practice"),
        "comments": read_text(r, "comments"),
    }
    found = comments_problems(values["good_practice_seen"], values["good_practice"])
    return Checked(values, r.problems | found)
