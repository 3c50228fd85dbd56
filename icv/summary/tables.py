"""The summary's figures as titled tables of labelled rows: what the page, the CSV and the
spreadsheet show, so all three say the same thing in the same words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from icv.applications.forms import EQUALITY_QUESTIONS
from icv.summary.rules import month_label
from icv.summary.services import Summary

MISSING = object()


@dataclass
class Row:
    label: str
    #: The figure's dotted key in the summary JSON (to find a correction since sign-off).
    key: str
    value: Any
    previous: Any = None
    corrected: Any = MISSING

    @property
    def is_corrected(self) -> bool:
        return self.corrected is not MISSING


@dataclass
class Table:
    key: str
    title: str
    #: Spreadsheet tab it goes on.
    sheet: str
    #: Heading of the value column.
    unit: str
    rows: list[Row] = field(default_factory=list)
    #: Heading of the previous period's column, when the table compares.
    previous: str | None = None


def breakdown(key: str, title: str, sheet: str, unit: str, values: dict, names=None) -> Table:
    names = names or {}
    rows = [
        Row(str(names.get(item, item)), f"{key}.{item}", value) for item, value in values.items()
    ]
    return Table(key.replace(".", "_"), title, sheet, unit, rows)


def rows_from(section: str, figures: dict, labels: list[tuple[str, str]], previous=None):
    earlier = previous or {}
    return [
        Row(label, f"{section}.{name}", figures.get(name), earlier.get(name))
        for name, label in labels
    ]


def visit_tables(f: dict, names: dict) -> list[Table]:
    v, before = f["visits"], f.get("previous", {})
    headline = Table("visits", "Visits", "Visits", "Visits", previous=before["period"]["label"])
    headline.rows = rows_from(
        "visits",
        v,
        [
            ("attempted", "Visits attempted"),
            ("completed", "Visits completed"),
            ("no_access", "No access: not let in"),
            ("abandoned", "Abandoned"),
        ],
        before.get("visits"),
    ) + rows_from(
        "visits",
        v,
        [
            ("planned", "Planned on a published rota"),
            ("missed", "Planned visits missed"),
            ("tact", "Visits to people held under the Terrorism Act"),
        ],
    )
    completed = "Completed visits"
    return [
        headline,
        breakdown(
            "visits.by_mode",
            "Visits by how they were made",
            "Visits",
            completed,
            v["by_mode"],
            names["modes"],
        ),
        breakdown(
            "visits.by_month",
            "Visits by month",
            "Visits",
            completed,
            v["by_month"],
            {m: month_label(m) for m in v["by_month"]},
        ),
        breakdown(
            "visits.by_quarter",
            "Visits by quarter",
            "Visits",
            completed,
            v["by_quarter"],
            {q: f"Quarter {q[1]}" for q in v["by_quarter"]},
        ),
        breakdown("visits.by_suite", "Visits by custody suite", "Visits", completed, v["by_suite"]),
        breakdown(
            "visits.by_weekday", "Visits by day of the week", "Visits", completed, v["by_weekday"]
        ),
        breakdown(
            "visits.by_band",
            "Visits by time of arrival",
            "Visits",
            completed,
            v["by_band"],
            names["bands"],
        ),
    ]


def access_tables(f: dict, names: dict) -> list[Table]:
    a, d = f["access"], f["detainees"]
    before = f.get("previous", {})
    threshold = a.get("delay_threshold_minutes")
    access = Table("access", "Access to custody", "Access and detainees", "Minutes or visits")
    access.rows = rows_from(
        "access",
        a,
        [
            ("visits_delayed", f"Visits delayed more than {threshold} minutes"),
            ("median_delay_minutes", "Median delay of those visits (minutes)"),
            ("longest_delay_minutes", "Longest wait to be let in (minutes)"),
            ("median_wait_minutes", "Median wait to be let in, every visit (minutes)"),
        ],
    )
    people = Table(
        "detainees",
        "People in custody at completed visits",
        "Access and detainees",
        "People",
        previous=before.get("period", {}).get("label"),
    )
    people.rows = rows_from(
        "detainees",
        d,
        [
            ("in_custody", "In custody"),
            ("offered", "Offered a visit"),
            ("spoken", "Spoken with"),
            ("observed", "Observed only"),
            ("declined", "Declined a visit"),
            ("not_offered", "Not offered a visit"),
            ("unaccounted", "Not accounted for in the records"),
            ("juveniles", "Children (under 18)"),
            ("vulnerable_adults", "Vulnerable adults"),
        ],
        before.get("detainees"),
    )
    reasons = breakdown(
        "detainees.not_offered_by_reason",
        "Why people were not offered a visit",
        "Access and detainees",
        "People",
        d["not_offered_by_reason"],
        names["reasons"],
    )
    return [access, people, reasons]


def issue_tables(f: dict, names: dict) -> list[Table]:
    i = f["issues"]
    before = f.get("previous", {})
    summary = Table(
        "issues",
        "Issues raised at visits",
        "Issues",
        "Issues",
        previous=before.get("period", {}).get("label"),
    )
    summary.rows = rows_from(
        "issues",
        i,
        [("raised", "Raised"), ("serious", "Serious")],
        before.get("issues"),
    ) + rows_from(
        "issues",
        i,
        [
            ("resolved", "Resolved by the end of the period"),
            ("open", "Open at the end of the period"),
            ("serious_open", "Serious and open at the end of the period"),
            ("median_days_to_resolve", "Median days to resolve"),
            ("resolved_during_period", "Resolved during the period (raised at any time)"),
        ],
    )
    categories = breakdown(
        "issues.by_category",
        "Issues raised by category",
        "Issues",
        "Issues",
        i["by_category"],
        names["categories"],
    )
    return [summary, categories]


def volunteer_tables(f: dict) -> list[Table]:
    v = f["volunteers"]
    people = Table("volunteers", "Volunteers", "Volunteers", "Volunteers")
    people.rows = rows_from(
        "volunteers",
        v,
        [
            ("active_at_end", "Active at the end of the period"),
            ("appointed", "Appointed during the period"),
            ("left", "Left during the period"),
            ("median_visits_per_volunteer", "Median visits per volunteer"),
        ],
    )
    spread = breakdown(
        "volunteers.visits_per_volunteer",
        "Volunteers by number of visits made",
        "Volunteers",
        "Volunteers",
        v["visits_per_volunteer"],
        {**{k: f"{k} visits" for k in v["visits_per_volunteer"]}, "none": "No visits"},
    )
    return [people, spread]


def diversity_tables(f: dict) -> list[Table]:
    tables = []
    groups = {"applicants": "Applicants in the period", "volunteers": "Volunteers at the end"}
    for group, heading in groups.items():
        answers = f.get("diversity", {}).get(group, {})
        for name, (question, _) in EQUALITY_QUESTIONS.items():
            tables.append(
                breakdown(
                    f"diversity.{group}.{name}",
                    f"{heading}: {question.lower()}",
                    "Equality",
                    "People",
                    answers.get(name, {}),
                )
            )
    return tables


def summary_tables(summary: Summary) -> list[Table]:
    """Every table of the summary, corrections since sign-off marked on their rows."""
    f = summary.figures
    names = f.get("labels", {})
    tables = [
        *visit_tables(f, names),
        *access_tables(f, names),
        *issue_tables(f, names),
        *volunteer_tables(f),
        *diversity_tables(f),
    ]
    corrections = {d.key: d.current for d in summary.corrections}
    for table in tables:
        for row in table.rows:
            if row.key in corrections:
                row.corrected = corrections.pop(row.key)
    return tables


def figure_names(tables: list[Table]) -> dict[str, str]:
    """Dotted key -> "Table: row" for every figure in the tables (to name a correction)."""
    return {row.key: f"{table.title}: {row.label}" for table in tables for row in table.rows}
