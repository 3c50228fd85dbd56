"""A report read back in plain words, section by section, for "check your answers", the report
page and its printed copy. Works from ``ReportValues``, so a draft and a stored report read alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from icv.visits.check_rules import THEMES, YES_NO_ANSWERS, CheckDef, Rating, by_theme
from icv.visits.rules import (
    AUTHORISING_RANKS,
    CHECK_AREAS,
    CONSENT,
    FINDINGS,
    NOT_OFFERED_REASONS,
    Mode,
    Outcome,
    access_delay,
)
from icv.visits.values import REASON_COLUMNS, ReportValues

Row = tuple[str, str]


@dataclass(frozen=True)
class Names:
    suite: str
    visitors: list[str]
    categories: Mapping[str, str]
    #: The day the visit counts on (suites.rules.day_started), when the arrival is known.
    counted_on: date | None = None
    #: The checks of the report's version (none for a report from before them).
    checks: tuple[CheckDef, ...] = ()


def first_names(names: list[str]) -> list[str]:
    """What a volunteer sees of the visitors' names: first names only (README, Roles)."""
    return [name.split()[0] if name.split() else name for name in names]


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def minutes(n: int) -> str:
    return f"{n} minute{'s' if n != 1 else ''}"


def visit_day(v: ReportValues, counted_on: date | None) -> str:
    """The visit's date; a late visit that arrived after midnight is shown on the day its night
    began, where the summary and the rota count it, with the date it arrived."""
    if counted_on is None or counted_on == v.visit_date:
        return f"{v.visit_date:%-d %B %Y}"
    return f"{counted_on:%-d %B %Y}, late night (arrived after midnight, on {v.visit_date:%-d %B})"


def visit_rows(v: ReportValues, names: Names) -> list[Row]:
    rows = [
        ("Custody suite", names.suite),
        ("Date", visit_day(v, names.counted_on)),
        ("How you visited", Mode(v.mode).label),
        ("Outcome", Outcome(v.outcome).label),
    ]
    if v.outcome_reason:
        rows.append(("Why", v.outcome_reason))
    rows.append(("Visited anyone held under the Terrorism Act", yes_no(v.tact_visited)))
    if v.staff_on_duty:
        rows.append(("Custody officer on duty", v.staff_on_duty))
    return rows


def time_rows(v: ReportValues) -> list[Row]:
    left = f"{v.left_at:%H:%M}"
    if v.left_at < v.arrived_at:
        left += " (after midnight)"
    rows = [
        ("Arrived", f"{v.arrived_at:%H:%M}"),
        ("Let in", f"{v.admitted_at:%H:%M}" if v.admitted_at else "Not let in"),
        ("Left", left),
    ]
    delay = access_delay(v.arrived_at, v.admitted_at, v.visit_date)
    if delay is not None:
        rows.append(("Wait to be let in", minutes(delay)))
    if v.delay_reason:
        rows.append(("Why you were kept waiting", v.delay_reason))
    if v.delay_authorised_by:
        rows.append(("Delay authorised by", AUTHORISING_RANKS[v.delay_authorised_by]))
    return rows


def people_rows(v: ReportValues) -> list[Row]:
    c = v.counts
    if not c or c.get("in_custody") is None:
        return [("People in custody", "Not counted")]
    reasons = [
        f"{label.lower()}: {c[REASON_COLUMNS[reason]]}"
        for reason, label in NOT_OFFERED_REASONS.items()
        if c.get(REASON_COLUMNS[reason])
    ]
    not_offered = str(c.get("not_offered") or 0) + (f" ({', '.join(reasons)})" if reasons else "")
    rows = [
        ("In custody", str(c["in_custody"])),
        ("Offered a visit", str(c.get("offered") or 0)),
        ("Spoken with", str(c.get("spoken") or 0)),
        ("Observed only", str(c.get("observed") or 0)),
        ("Declined", str(c.get("declined") or 0)),
        ("Not offered a visit", not_offered),
        ("Children", str(c.get("juveniles") or 0)),
    ]
    if c.get("vulnerable_adults") is not None:
        rows.append(("Vulnerable adults", str(c["vulnerable_adults"])))
    if c.get("mental_health_powers") is not None:
        rows.append(("Held under mental-health powers", str(c["mental_health_powers"])))
    if any(c.get(name) is not None for name in ("male", "female", "sex_not_known")):
        by_sex = (c.get("male") or 0, c.get("female") or 0, c.get("sex_not_known") or 0)
        rows.append(("By sex", "{} male, {} female, {} another sex or not known".format(*by_sex)))
    return rows


def finding_rows(v: ReportValues) -> list[Row]:
    """The three findings of a report from before the structured checks."""
    rows = []
    for area, label in CHECK_AREAS.items():
        finding = getattr(v, f"{area}_finding")
        notes = getattr(v, f"{area}_notes")
        text = FINDINGS.get(finding, "Not recorded") if finding else "Not recorded"
        rows.append((label, f"{text}. {notes}" if notes else text))
    return rows


def answered(check: CheckDef, answer: str | int | None) -> str:
    if answer is None:
        return f"{check.label}: not checked"
    return f"{check.label}: {YES_NO_ANSWERS.get(str(answer), answer)}"


def check_rows(v: ReportValues, checks: tuple[CheckDef, ...]) -> list[Row]:
    """Each theme's checks and notes, and the overall rating; a report from before the
    structured checks shows its findings, and its checks as not recorded."""
    if (
        v.check_set_id is None
        and not v.checks
        and any(getattr(v, f"{area}_finding") for area in CHECK_AREAS)
    ):
        return finding_rows(v)
    rows = []
    for theme, found in by_theme(checks).items():
        lines = [answered(check, v.checks.get(check.key)) for check in found]
        notes = getattr(v, f"{theme}_notes")
        rows.append((THEMES[theme], "\n".join([*lines, *([notes] if notes else [])])))
    rating = Rating(v.rating).label if v.rating in set(Rating) else "Not recorded"
    return [*rows, ("Overall", rating)]


def note_rows(v: ReportValues) -> list[Row]:
    rows = []
    for n, note in enumerate(v.notes, 1):
        who = f"Custody number {note.custody_number}" if note.custody_number else f"Person {n}"
        consent = CONSENT.get(note.record_consent or "", "")
        detail = f"{note.note}\nAgreed to their custody record being read: {consent}"
        rows.append((who, detail if consent else note.note))
    return rows or [("Notes", "None")]


def issue_rows(v: ReportValues, categories: Mapping[str, str]) -> list[Row]:
    rows = []
    for issue in v.issues:
        label = categories.get(issue.category, issue.category)
        lines = [issue.description]
        if issue.raised_with:
            lines.append(f"Raised with: {issue.raised_with}")
        if issue.immediate_response:
            lines.append(f"Their response: {issue.immediate_response}")
        rows.append((label + (" (urgent)" if issue.is_urgent else ""), "\n".join(lines)))
    return rows or [("Issues raised", "None")]


def good_practice(v: ReportValues) -> str:
    if v.good_practice_seen is None and not v.good_practice:
        return "Not recorded"
    if not v.good_practice_seen:
        return "No"
    return f"Yes. {v.good_practice}" if v.good_practice else "Yes"


def comment_rows(v: ReportValues) -> list[Row]:
    return [
        ("Good practice seen", good_practice(v)),
        ("Comments", v.comments or "None"),
    ]


def report_sections(v: ReportValues, names: Names, visitors: bool = True):
    """(section slug, title, rows) for every section of the report."""
    sections = [
        ("visit", "The visit", visit_rows(v, names)),
        ("times", "Times", time_rows(v)),
        ("visitors", "Visitors", [("Visitors", ", ".join(names.visitors) or "Not recorded")]),
        ("people", "People in custody", people_rows(v)),
        ("checks", "What you checked", check_rows(v, names.checks)),
        ("notes", "Notes on people you saw", note_rows(v)),
        ("issues", "Issues raised", issue_rows(v, names.categories)),
        ("comments", "Good practice and comments", comment_rows(v)),
    ]
    return [s for s in sections if visitors or s[0] != "visitors"]
