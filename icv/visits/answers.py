"""Typed answers to the report's values and back.

``values_from`` reads checked section forms into a ``ReportValues``; ``answers_from`` turns a
stored report's values back into answers as the forms post them, so a correction starts from
what was sent. The two are inverses: answers_from(values_from(forms)) refills the same forms.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from flask_wtf import FlaskForm

from icv.visits.check_rules import THEMES, field_name
from icv.visits.finding_forms import used
from icv.visits.values import REASON_COLUMNS, IssueValues, NoteValues, ReportValues, count_columns

Answers = dict[str, dict[str, list[str]]]
CHECK_FIELDS = tuple(f"{theme}_notes" for theme in THEMES)
NOTE_FIELDS = ("custody_number", "record_consent", "note")
ISSUE_FIELDS = ("category", "is_urgent", "description", "raised_with", "immediate_response")


def text_or_none(value: str | None) -> str | None:
    return value or None


def values_from(forms: dict[str, FlaskForm]) -> ReportValues:
    """The report's values from its checked sections (an optional one may be missing; a
    correction leaves out the issues, and the visitors of an imported record)."""
    visit, times, visitors = forms["visit"], forms["times"], forms.get("visitors")
    comments, checks = forms.get("comments"), forms["checks"]
    return ReportValues(
        suite_id=int(visit.suite_id.data),
        visit_date=visit.visit_date.data,
        mode=visit.mode.data,
        outcome=visit.outcome.data,
        outcome_reason=text_or_none(visit.outcome_reason.data),
        tact_visited=visit.tact_visited.data == "yes",
        staff_on_duty=text_or_none(visit.staff_on_duty.data),
        arrived_at=times.arrived_at.data,
        admitted_at=times.admitted_at.data,
        left_at=times.left_at.data,
        delay_reason=text_or_none(times.delay_reason.data),
        delay_authorised_by=text_or_none(times.delay_authorised_by.data),
        visitor_1_id=int(visitors.visitor_1.data) if visitors else None,
        visitor_2_id=int(visitors.visitor_2.data) if visitors and visitors.visitor_2.data else None,
        counts=count_columns(forms["people"].counts()),
        **{name: text_or_none(checks[name].data) for name in CHECK_FIELDS},
        rating=text_or_none(checks.rating.data),
        check_set_id=checks.context.check_set_id,
        checks=checks.answers(),
        good_practice=text_or_none(comments.good_practice.data) if comments else None,
        good_practice_seen=comments.seen() if comments else None,
        comments=text_or_none(comments.comments.data) if comments else None,
        notes=notes_from(forms.get("notes")),
        issues=issues_from(forms.get("issues")),
    )


def notes_from(form: FlaskForm | None) -> list[NoteValues]:
    if form is None:
        return []
    return [
        NoteValues(
            note=entry.form.note.data,
            custody_number=text_or_none(entry.form.custody_number.data),
            record_consent=text_or_none(entry.form.record_consent.data),
        )
        for entry in form.notes
        if used(entry)
    ]


def issues_from(form: FlaskForm | None) -> list[IssueValues]:
    if form is None or form.raised.data != "yes":
        return []
    return [
        IssueValues(
            category=entry.form.category.data,
            description=entry.form.description.data,
            is_urgent=bool(entry.form.is_urgent.data),
            raised_with=text_or_none(entry.form.raised_with.data),
            immediate_response=text_or_none(entry.form.immediate_response.data),
        )
        for entry in form.issues
        if used(entry)
    ]


def typed(value: Any) -> list[str]:
    """A value as the form posts it (a date as its three boxes)."""
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, date):
        return [str(value.day), str(value.month), str(value.year)]
    if isinstance(value, time):
        return [f"{value:%H:%M}"]
    return [str(value)]


def people_answers(counts: dict[str, int | None]) -> dict[str, Any]:
    names = (
        "in_custody", "spoken", "observed", "declined", "not_offered", "juveniles",
        "mental_health_powers", "male", "female", "sex_not_known",
    )  # fmt: skip
    return {
        **{name: counts.get(name) for name in names},
        **{f"reason_{reason}": counts.get(column) for reason, column in REASON_COLUMNS.items()},
        "vulnerable": counts.get("vulnerable_adults"),
    }


def answers_from(v: ReportValues) -> Answers:
    """A stored report's values as typed answers, so a correction starts from them."""
    sections: dict[str, dict[str, Any]] = {
        "visit": {
            "suite_id": v.suite_id,
            "visit_date": v.visit_date,
            "mode": v.mode,
            "outcome": v.outcome,
            "outcome_reason": v.outcome_reason,
            "tact_visited": v.tact_visited,
            "staff_on_duty": v.staff_on_duty,
        },
        "times": {
            name: getattr(v, name)
            for name in ("arrived_at", "admitted_at", "left_at", "delay_reason")
        }
        | {"delay_authorised_by": v.delay_authorised_by},
        "visitors": {"visitor_1": v.visitor_1_id, "visitor_2": v.visitor_2_id},
        "people": people_answers(v.counts),
        "checks": {name: getattr(v, name) for name in CHECK_FIELDS}
        | {"rating": v.rating}
        | {field_name(key): answer for key, answer in v.checks.items()},
        "notes": {
            f"notes-{i}-{name}": getattr(note, name)
            for i, note in enumerate(v.notes)
            for name in NOTE_FIELDS
        },
        "issues": {"raised": bool(v.issues)}
        | {
            f"issues-{i}-{name}": getattr(issue, name) or None
            for i, issue in enumerate(v.issues)
            for name in ISSUE_FIELDS
        },
        "comments": {
            "good_practice_seen": v.good_practice_seen,
            "good_practice": v.good_practice,
            "comments": v.comments,
        },
    }
    return {
        slug: {name: typed(value) for name, value in fields.items() if value is not None}
        for slug, fields in sections.items()
    }
