"""A report read back in plain words, section by section, for "check your answers", the report
page and its printed copy. Works from ``ReportValues``, so a draft and a stored report read alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext, pgettext

from icv.i18n import current_language, format_date
from icv.visits.check_rules import THEMES, THEMES_CY, YES_NO_ANSWERS, CheckDef, Rating, by_theme
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
    return pgettext("did you", "Yes") if value else pgettext("did you", "No")


def minutes(n: int) -> str:
    return ngettext("%(num)d minute", "%(num)d minutes", n)


def visit_day(v: ReportValues, counted_on: date | None) -> str:
    """The visit's date; a late visit that arrived after midnight is shown on the day its night
    began, where the summary and the rota count it, with the date it arrived."""
    if counted_on is None or counted_on == v.visit_date:
        return format_date(v.visit_date)
    return _(
        "%(day)s, late night (arrived after midnight, on %(arrived)s)",
        day=format_date(counted_on),
        arrived=format_date(v.visit_date, "day_month"),
    )


def visit_rows(v: ReportValues, names: Names) -> list[Row]:
    rows = [
        (_("Custody suite"), names.suite),
        (_("Date"), visit_day(v, names.counted_on)),
        (_("How you visited"), _(Mode(v.mode).label)),
        (_("Outcome"), _(Outcome(v.outcome).label)),
    ]
    if v.outcome_reason:
        rows.append((_("Why"), v.outcome_reason))
    rows.append((_("Visited anyone held under the Terrorism Act"), yes_no(v.tact_visited)))
    if v.staff_on_duty:
        rows.append((_("Custody officer on duty"), v.staff_on_duty))
    return rows


def time_rows(v: ReportValues) -> list[Row]:
    left = f"{v.left_at:%H:%M}"
    if v.left_at < v.arrived_at:
        left += " " + _("(after midnight)")
    rows = [
        (_("Arrived"), f"{v.arrived_at:%H:%M}"),
        (_("Let in"), f"{v.admitted_at:%H:%M}" if v.admitted_at else _("Not let in")),
        (_("Left"), left),
    ]
    delay = access_delay(v.arrived_at, v.admitted_at, v.visit_date)
    if delay is not None:
        rows.append((_("Wait to be let in"), minutes(delay)))
    if v.delay_reason:
        rows.append((_("Why you were kept waiting"), v.delay_reason))
    if v.delay_authorised_by:
        rows.append((_("Delay authorised by"), _(AUTHORISING_RANKS[v.delay_authorised_by])))
    return rows


def people_rows(v: ReportValues) -> list[Row]:
    c = v.counts
    if not c or c.get("in_custody") is None:
        return [(_("People in custody"), _("Not counted"))]
    reasons = [
        f"{_(label).lower()}: {c[REASON_COLUMNS[reason]]}"
        for reason, label in NOT_OFFERED_REASONS.items()
        if c.get(REASON_COLUMNS[reason])
    ]
    not_offered = str(c.get("not_offered") or 0) + (f" ({', '.join(reasons)})" if reasons else "")
    rows = [
        (_("In custody"), str(c["in_custody"])),
        (_("Offered a visit"), str(c.get("offered") or 0)),
        (_("Spoken with"), str(c.get("spoken") or 0)),
        (_("Observed only"), str(c.get("observed") or 0)),
        (_("Declined"), str(c.get("declined") or 0)),
        (_("Not offered a visit"), not_offered),
        (_("Children"), str(c.get("juveniles") or 0)),
    ]
    if c.get("vulnerable_adults") is not None:
        rows.append((_("Vulnerable adults"), str(c["vulnerable_adults"])))
    if c.get("mental_health_powers") is not None:
        rows.append((_("Held under mental-health powers"), str(c["mental_health_powers"])))
    if any(c.get(name) is not None for name in ("male", "female", "sex_not_known")):
        by_sex = (c.get("male") or 0, c.get("female") or 0, c.get("sex_not_known") or 0)
        male, female, other = by_sex
        rows.append(
            (
                _("By sex"),
                _(
                    "%(male)d male, %(female)d female, %(other)d another sex or not known",
                    male=male,
                    female=female,
                    other=other,
                ),
            )
        )
    return rows


def finding_rows(v: ReportValues) -> list[Row]:
    """The three findings of a report from before the structured checks."""
    rows = []
    not_recorded = _("Not recorded")
    for area, label in CHECK_AREAS.items():
        finding = getattr(v, f"{area}_finding")
        notes = getattr(v, f"{area}_notes")
        text = _(FINDINGS[finding]) if finding in FINDINGS else not_recorded
        rows.append((_(label), f"{text}. {notes}" if notes else text))
    return rows


def answered(check: CheckDef, answer: str | int | None) -> str:
    label = check.label_in(current_language())
    if answer is None:
        return _("%(check)s: not checked", check=label)
    shown = pgettext("is it", YES_NO_ANSWERS[answer]) if answer in YES_NO_ANSWERS else answer
    return f"{label}: {shown}"


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
    themes = THEMES_CY if current_language() == "cy" else THEMES
    for theme, found in by_theme(checks).items():
        lines = [answered(check, v.checks.get(check.key)) for check in found]
        notes = getattr(v, f"{theme}_notes")
        rows.append((themes[theme], "\n".join([*lines, *([notes] if notes else [])])))
    rating = _(Rating(v.rating).label) if v.rating in set(Rating) else _("Not recorded")
    return [*rows, (_("Overall"), rating)]


def note_rows(v: ReportValues) -> list[Row]:
    rows = []
    for n, note in enumerate(v.notes, 1):
        if note.custody_number:
            who = _("Custody number %(number)s", number=note.custody_number)
        else:
            who = _("Person %(number)d", number=n)
        consent = _(CONSENT[note.record_consent]) if note.record_consent in CONSENT else ""
        agreed = _("Agreed to their custody record being read: %(answer)s", answer=consent)
        rows.append((who, f"{note.note}\n{agreed}" if consent else note.note))
    return rows or [(_("Notes"), _("None"))]


def issue_rows(v: ReportValues, categories: Mapping[str, str]) -> list[Row]:
    rows = []
    for issue in v.issues:
        label = categories.get(issue.category, issue.category)
        lines = [issue.description]
        if issue.raised_with:
            lines.append(_("Raised with: %(who)s", who=issue.raised_with))
        if issue.immediate_response:
            lines.append(_("Their response: %(response)s", response=issue.immediate_response))
        if issue.is_urgent:
            label = _("%(category)s (urgent)", category=label)
        rows.append((label, "\n".join(lines)))
    return rows or [(_("Issues raised"), _("None"))]


def good_practice(v: ReportValues) -> str:
    if v.good_practice_seen is None and not v.good_practice:
        return _("Not recorded")
    if not v.good_practice_seen:
        return pgettext("did you", "No")
    if v.good_practice:
        return _("Yes. %(what)s", what=v.good_practice)
    return pgettext("did you", "Yes")


def comment_rows(v: ReportValues) -> list[Row]:
    return [
        (_("Good practice seen"), good_practice(v)),
        (_("Comments"), v.comments or _("None")),
    ]


def report_sections(v: ReportValues, names: Names, visitors: bool = True):
    """(section slug, title, rows) for every section of the report."""
    sections = [
        ("visit", _("The visit"), visit_rows(v, names)),
        ("times", _("Times"), time_rows(v)),
        (
            "visitors",
            _("Visitors"),
            [(_("Visitors"), ", ".join(names.visitors) or _("Not recorded"))],
        ),
        ("people", _("People in custody"), people_rows(v)),
        ("checks", _("What you checked"), check_rows(v, names.checks)),
        ("notes", _("Notes on people you saw"), note_rows(v)),
        ("issues", _("Issues raised"), issue_rows(v, names.categories)),
        ("comments", _("Good practice and comments"), comment_rows(v)),
    ]
    return [s for s in sections if visitors or s[0] != "visitors"]
