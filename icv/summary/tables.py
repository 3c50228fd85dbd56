"""The summary's figures as titled tables of labelled rows: what the page, the CSV and the
spreadsheet show, so all three say the same thing in the same words.

``LAYOUT`` lists the tables in order: tables of named figures (some compared with the period
before) and breakdowns (a count per suite, month, category ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from icv.applications.forms import EQUALITY_QUESTIONS
from icv.summary.panel_tables import panel_tables
from icv.summary.rules import month_label
from icv.summary.services import Summary
from icv.summary.table_rows import Row, Table
from icv.visits.check_rules import THEMES, Rating

RATING_NAMES = {r.value: r.label for r in Rating} | {"not_recorded": "Not recorded"}
CHECKED_DETAINEES = {
    "male": "Male (people)",
    "female": "Female (people)",
    "sex_not_known": "Another sex or not known (people)",
    "sex_not_recorded": "Not counted by sex (reports)",
    "mental_health_powers": "Held under mental-health powers (people)",
    "mental_health_not_recorded": "Not counted under mental-health powers (reports)",
}
#: Shown for a figure of a section the figures lack: signed off before the summary had it.
NOT_RECORDED = "not recorded"
COMPLETED = "Completed visits"
Names = Callable[[dict, dict], dict]


@dataclass(frozen=True)
class Figures:
    """Named figures of one section, in order; those named in ``compared`` also show the period
    before's value. A label may name the delay threshold as ``{threshold}``."""

    section: str
    title: str
    sheet: str
    unit: str
    figures: tuple[tuple[str, str], ...]
    compared: frozenset[str] = frozenset()

    def value(self, f: dict, name: str) -> Any:
        return f[self.section].get(name) if self.section in f else NOT_RECORDED

    def table(self, f: dict) -> Table:
        before = f.get("previous", {})
        threshold = f["access"].get("delay_threshold_minutes")
        rows = [
            Row(
                label.format(threshold=threshold),
                f"{self.section}.{name}",
                self.value(f, name),
                self.value(before, name) if name in self.compared else None,
            )
            for name, label in self.figures
        ]
        table = Table(self.section, self.title, self.sheet, self.unit, rows)
        before_period = before.get("period", {})
        if self.compared and before_period.get("has_records", True):
            # "2024", or "2024 (records from 11 November)" when they began during it.
            table.previous = before_period.get("title") or before_period.get("label")
        return table


@dataclass(frozen=True)
class Breakdown:
    """A count per item (suite, month, category ...) under ``key``; ``names`` labels the items
    from the figures' labels and the values."""

    key: str
    title: str
    sheet: str
    unit: str
    names: Names = lambda _labels, _values: {}

    def table(self, f: dict) -> Table:
        values: Any = f
        for part in self.key.split("."):
            values = values.get(part, {})
        names = self.names(f.get("labels", {}), values)
        rows = [
            Row(str(names.get(item, item)), f"{self.key}.{item}", value)
            for item, value in values.items()
        ]
        return Table(self.key.replace(".", "_"), self.title, self.sheet, self.unit, rows)


@dataclass(frozen=True)
class ThemeChecks:
    """One theme's structured checks: a count check's people and the reports that did not
    check it; a yes/no check's reports answering yes, no and not checked."""

    theme: str
    title: str
    sheet: str = "Checks"
    unit: str = "People or reports"

    def table(self, f: dict) -> Table:
        checks = f.get("checks", {}).get("themes", {}).get(self.theme, {})
        rows = []
        for key, check in checks.items():
            at = f"checks.themes.{self.theme}.{key}"
            if check["kind"] == "count":
                rows.append(Row(f"{check['label']} (people)", f"{at}.total", check["total"]))
            else:
                rows.append(Row(f"{check['label']}: yes (reports)", f"{at}.yes", check["yes"]))
                rows.append(Row(f"{check['label']}: no (reports)", f"{at}.no", check["no"]))
            rows.append(
                Row(f"{check['label']}: not checked (reports)", f"{at}.not_checked",
                    check["not_checked"])
            )  # fmt: skip
        return Table(f"checks_{self.theme}", self.title, self.sheet, self.unit, rows)


def label_set(name: str) -> Names:
    return lambda labels, _values: labels.get(name, {})


ACCESS = "Access and detainees"
LAYOUT: list[Figures | Breakdown | ThemeChecks] = [
    Figures(
        "visits", "Visits", "Visits", "Visits",
        figures=(
            ("attempted", "Visits attempted"),
            ("completed", "Visits completed"),
            ("no_access", "No access: not let in"),
            ("abandoned", "Abandoned"),
            ("planned", "Planned on a published rota"),
            ("missed", "Planned visits missed"),
            ("tact", "Visits to people held under the Terrorism Act"),
        ),
        compared=frozenset({"attempted", "completed", "no_access", "abandoned"}),
    ),
    Figures(
        "time", "Time given to visits", "Visits", "Hours",
        figures=(
            ("visit_hours", "Hours of visits (arrival to leaving)"),
            ("visitor_hours", "Visitor hours (hours of each visit times its visitors)"),
        ),
        compared=frozenset({"visit_hours", "visitor_hours"}),
    ),
    Breakdown("visits.by_mode", "Visits by how they were made", "Visits", COMPLETED,
              label_set("modes")),
    Breakdown("visits.by_month", "Visits by month", "Visits", COMPLETED,
              lambda _labels, values: {m: month_label(m) for m in values}),
    Breakdown("visits.by_quarter", "Visits by quarter", "Visits", COMPLETED,
              lambda _labels, values: {q: f"Quarter {q[1]}" for q in values}),
    Breakdown("visits.by_suite", "Visits by custody suite", "Visits", COMPLETED),
    Breakdown("visits.by_weekday", "Visits by day of the week", "Visits", COMPLETED),
    Breakdown("visits.by_band", "Visits by time of arrival", "Visits", COMPLETED,
              label_set("bands")),
    Figures(
        "access", "Access to custody", ACCESS, "Minutes or visits",
        figures=(
            ("visits_delayed", "Visits delayed more than {threshold} minutes"),
            ("median_delay_minutes", "Median delay of those visits (minutes)"),
            ("longest_delay_minutes", "Longest delay (minutes)"),
            ("median_wait_minutes", "Median wait to be let in, every visit (minutes)"),
        ),
    ),
    Figures(
        "detainees", "People in custody at completed visits", ACCESS, "People",
        figures=(
            ("in_custody", "In custody"),
            ("offered", "Offered a visit"),
            ("spoken", "Spoken with"),
            ("observed", "Observed only"),
            ("declined", "Declined a visit"),
            ("not_offered", "Not offered a visit"),
            ("unaccounted", "Not accounted for in the records"),
            ("juveniles", "Children (under 18)"),
            ("vulnerable_adults", "Vulnerable adults"),
        ),
        compared=frozenset({"in_custody", "spoken"}),
    ),
    Breakdown("detainees.not_offered_by_reason", "Why people were not offered a visit", ACCESS,
              "People", label_set("reasons")),
    Figures(
        "issues", "Issues raised at visits", "Issues", "Issues",
        figures=(
            ("raised", "Raised"),
            ("serious", "Serious"),
            ("resolved", "Resolved by the end of the period"),
            ("open", "Open at the end of the period"),
            ("serious_open", "Serious and open at the end of the period"),
            ("median_days_to_resolve", "Median days to resolve"),
            ("resolved_during_period", "Resolved during the period (raised at any time)"),
        ),
        compared=frozenset({"raised", "serious"}),
    ),
    Breakdown("issues.by_category", "Issues raised by category", "Issues", "Issues",
              label_set("categories")),
    Figures(
        "checks", "Structured checks at completed visits", "Checks", "Reports",
        figures=(
            ("reports", "Completed visits"),
            ("recorded", "With structured checks"),
            ("not_recorded", "Not recorded (filed before the checks, or imported without)"),
        ),
    ),
    Breakdown("checks.ratings", "Overall rating of the visit", "Checks", "Reports",
              lambda _labels, _values: RATING_NAMES),
    Breakdown("checks.good_practice", "Good practice seen", "Checks", "Reports",
              lambda _labels, _values: {"yes": "Yes", "no": "No", "not_recorded": "Not recorded"}),
    Breakdown("checks.detainees", "People in custody by sex and under mental-health powers",
              "Checks", "People or reports", lambda _labels, _values: CHECKED_DETAINEES),
    *(ThemeChecks(theme, title) for theme, title in THEMES.items()),
    Figures(
        "volunteers", "Volunteers", "Volunteers", "Volunteers",
        figures=(
            ("active_at_end", "Active at the end of the period"),
            ("appointed", "Appointed during the period"),
            ("left", "Left during the period"),
            ("median_visits_per_volunteer", "Median visits per volunteer"),
        ),
        compared=frozenset({"active_at_end"}),
    ),
    Breakdown("volunteers.visits_per_volunteer", "Volunteers by number of visits made",
              "Volunteers", "Volunteers",
              lambda _labels, values: {**{k: f"{k} visits" for k in values}, "none": "No visits"}),
    Figures(
        "cost", "Cost of the scheme: approved expenses", "Cost", "Pounds",
        figures=(
            ("total", "Approved expenses"),
            ("visit", "For visits"),
            ("meeting", "For meetings"),
            ("training", "For training"),
            ("per_visit", "For visits, per visit attempted"),
            ("claims", "Approved claims"),
        ),
    ),
    *(
        Breakdown(f"diversity.{group}.{name}", f"{heading}: {question.lower()}", "Equality",
                  "People")
        for group, heading in (
            ("applicants", "Applicants in the period"),
            ("volunteers", "Volunteers at the end"),
        )
        for name, (question, _) in EQUALITY_QUESTIONS.items()
    ),
]  # fmt: skip


def has_answers(counts: dict[str, Any]) -> bool:
    """Whether an equality table has anything in it: a count, or one held back as small."""
    return any(value != 0 for value in counts.values())


def answered_questions(figures: dict) -> list[str]:
    """The equality questions someone (an applicant or a volunteer) answered in the period."""
    groups = [figures["diversity"][group] for group in ("applicants", "volunteers")]
    return [name for name in EQUALITY_QUESTIONS if any(has_answers(g[name]) for g in groups)]


def printed_tables(summary: Summary) -> list[Table]:
    """The tables a download holds: every one, except an equality table with nothing in it."""
    return [
        table
        for table in summary_tables(summary)
        if not table.key.startswith("diversity")
        or has_answers({row.label: row.value for row in table.rows})
    ]


def summary_tables(summary: Summary) -> list[Table]:
    """Every table of the summary, corrections since sign-off marked on their rows."""
    tables = [part.table(summary.figures) for part in LAYOUT] + panel_tables(summary.figures)
    corrections = {d.key: d.current for d in summary.corrections}
    for table in tables:
        for row in table.rows:
            if row.key in corrections:
                row.corrected = corrections.pop(row.key)
    return tables


def figure_names(tables: list[Table]) -> dict[str, str]:
    """Dotted key -> "Table: row" for every figure in the tables (to name a correction)."""
    return {row.key: f"{table.title}: {row.label}" for table in tables for row in table.rows}
