"""A draft checked from its answers as typed, section by section, by the sections' rules
(pure: no Flask, no database), and the report's values read from them: what sending a draft
needs, without building the sections' forms (``answers.values_from`` reads the same values
from checked forms).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from icv.visits.check_rules import THEMES
from icv.visits.finding_rules import (
    check_comments,
    check_issues,
    check_notes,
    good_practice_seen,
    used,
)
from icv.visits.section_rules import (
    Checked,
    Context,
    check_checks,
    check_people,
    check_times,
    check_visit,
    check_visitors,
    counts_from,
)
from icv.visits.values import IssueValues, NoteValues, ReportValues, count_columns

#: Each section's rules, by slug.
SECTION_RULES: dict[str, Callable[[dict, Context], Checked]] = {
    "visit": check_visit,
    "times": check_times,
    "visitors": check_visitors,
    "people": check_people,
    "checks": check_checks,
    "notes": check_notes,
    "issues": check_issues,
    "comments": check_comments,
}


def checked_answers(
    answers: Mapping[str, dict], context: Context, slugs: Collection[str], optional: Collection[str]
) -> dict[str, Checked] | None:
    """Each answered section of ``slugs`` checked; None when one that is not ``optional`` is
    not answered yet."""
    checked = {}
    for slug in slugs:
        typed = answers.get(slug)
        if typed is None:
            if slug in optional:
                continue
            return None
        checked[slug] = SECTION_RULES[slug](typed, context)
    return checked


def report_values(
    answers: Mapping[str, dict], context: Context, slugs: Collection[str], optional: Collection[str]
) -> ReportValues | None:
    """The report's values when every section is answered well (an ``optional`` one may be
    left out); None when one is not answered or has a problem: its form then says which."""
    checked = checked_answers(answers, context, slugs, optional)
    if checked is None or any(found.problems for found in checked.values()):
        return None
    return values_of({slug: found.values for slug, found in checked.items()}, context)


def text_or_none(value: str | None) -> str | None:
    return value or None


def values_of(sections: Mapping[str, dict[str, Any]], context: Context) -> ReportValues:
    """The report's values from its sections' values, checked (optional ones may be missing)."""
    visit, times, visitors = sections["visit"], sections["times"], sections["visitors"]
    checks, comments = sections["checks"], sections.get("comments")
    return ReportValues(
        suite_id=int(visit["suite_id"]),
        visit_date=visit["visit_date"],
        mode=visit["mode"],
        outcome=visit["outcome"],
        outcome_reason=text_or_none(visit["outcome_reason"]),
        tact_visited=visit["tact_visited"] == "yes",
        staff_on_duty=text_or_none(visit["staff_on_duty"]),
        arrived_at=times["arrived_at"],
        admitted_at=times["admitted_at"],
        left_at=times["left_at"],
        delay_reason=text_or_none(times["delay_reason"]),
        delay_authorised_by=text_or_none(times["delay_authorised_by"]),
        visitor_1_id=int(visitors["visitor_1"]),
        visitor_2_id=int(visitors["visitor_2"]) if visitors["visitor_2"] else None,
        counts=count_columns(counts_from(sections["people"])),
        **{f"{theme}_notes": text_or_none(checks[f"{theme}_notes"]) for theme in THEMES},
        rating=text_or_none(checks["rating"]),
        check_set_id=context.check_set_id,
        checks=checks["answers"],
        good_practice=text_or_none(comments["good_practice"]) if comments else None,
        good_practice_seen=good_practice_seen(
            comments["good_practice_seen"], comments["good_practice"]
        )
        if comments
        else None,
        comments=text_or_none(comments["comments"]) if comments else None,
        notes=notes_of(sections.get("notes")),
        issues=issues_of(sections["issues"]),
    )


def notes_of(section: dict[str, Any] | None) -> list[NoteValues]:
    if section is None:
        return []
    return [
        NoteValues(
            note=entry["note"],
            custody_number=text_or_none(entry["custody_number"]),
            record_consent=text_or_none(entry["record_consent"]),
        )
        for entry in section["notes"]
        if used(entry)
    ]


def issues_of(section: dict[str, Any]) -> list[IssueValues]:
    if section["raised"] != "yes":
        return []
    return [
        IssueValues(
            category=entry["category"],
            description=entry["description"],
            is_urgent=entry["is_urgent"],
            raised_with=text_or_none(entry["raised_with"]),
            immediate_response=text_or_none(entry["immediate_response"]),
        )
        for entry in section["issues"]
        if used(entry)
    ]
