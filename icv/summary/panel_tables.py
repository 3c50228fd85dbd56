"""The Panel's tables of the summary: shares, suites, "you said, we did", coverage,
recruitment, vetting and throughput (``icv.summary.panel`` works the figures out). A year
signed off before they existed has none of them."""

from __future__ import annotations

from datetime import date
from typing import Any

from icv.summary.table_rows import Row, Table

PANEL = "For the Panel"
SHARES = {
    "visits": ("of visits attempted", {"completed": "Completed", "no_access": "No access",
                                       "abandoned": "Abandoned"}),
    "detainees": ("of people in custody", {"offered": "Offered a visit (spoken with or declined)",
                                           "spoken": "Spoken with", "declined": "Declined",
                                           "observed": "Observed only",
                                           "not_offered": "Not offered"}),
    "issues": ("of issues raised", {"serious": "Serious", "resolved": "Resolved",
                                    "open": "Open"}),
}  # fmt: skip


def share_rows(shares: dict[str, dict[str, Any]]) -> list[Row]:
    rows = []
    for part, (whole, labels) in SHARES.items():
        for name, label in labels.items():
            value = shares.get(part, {}).get(name)
            rows.append(Row(f"{label} ({whole}), %", f"panel.percentages.{part}.{name}", value))
    return rows


def keyed_rows(key: str, items: dict[str, dict[str, Any]], columns: dict[str, str]) -> list[Row]:
    """A row per item and figure: "Rugby: visits completed"."""
    return [
        Row(f"{item}: {label}", f"{key}.{item}.{name}", figures.get(name))
        for item, figures in items.items()
        for name, label in columns.items()
    ]


def day_words(iso: str) -> str:
    """``2025-12-31`` as "31 December 2025"."""
    return f"{date.fromisoformat(iso):%-d %B %Y}"


def panel_tables(f: dict) -> list[Table]:
    panel = f.get("panel")
    if panel is None:
        return []
    throughput, vetting = panel["throughput"], panel["vetting"]
    said = [
        Row(f"{item['suite']}, {item['raised_on']}: {item['you_said']}",
            f"panel.you_said_we_did.{n}", item["we_did"])
        for n, item in enumerate(panel["you_said_we_did"])
    ]  # fmt: skip
    return [
        Table("panel_percentages", "Percentages", PANEL, "%", share_rows(panel["percentages"])),
        Table("panel_by_suite", "Each suite", PANEL, "Count", keyed_rows(
            "panel.by_suite", panel["by_suite"],
            {"visits": "visits completed", "detainees": "people in custody",
             "issues": "issues raised"},
        )),
        Table("panel_you_said_we_did", "You said, we did", PANEL, "What the force did", said),
        Table("panel_coverage", "Coverage of the rota's targets", PANEL, "Visits", keyed_rows(
            "panel.coverage", panel["coverage"],
            {"required": "visits required", "completed": "completed", "percent": "% completed"},
        )),
        Table("panel_recruitment", "Recruitment", PANEL, "Count", [
            Row("Applications received", "panel.recruitment.applications_received",
                panel["recruitment"]["applications_received"]),
            Row("Volunteers appointed", "panel.recruitment.appointed",
                panel["recruitment"]["appointed"]),
            Row("Median days from application to appointment",
                "panel.recruitment.median_days_to_appoint",
                panel["recruitment"]["median_days_to_appoint"]),
        ]),
        Table("panel_vetting", f"Vetting in date on {day_words(vetting['as_at'])}", PANEL,
              "Volunteers", [
            Row("Active volunteers", "panel.vetting.active", vetting["active"]),
            Row("With vetting in date", "panel.vetting.in_date", vetting["in_date"]),
            Row("Vetting compliance, %", "panel.vetting.percent", vetting["percent"]),
        ]),
        Table("panel_throughput", "Custody throughput", PANEL, "Count", [
            Row("People booked into custody (quarters entered)", "panel.throughput.booked_in",
                throughput["booked_in"]),
            Row("Visits per 1,000 detained", "panel.throughput.visits_per_1000",
                throughput["visits_per_1000"]),
            *keyed_rows("panel.throughput.by_suite", throughput["by_suite"],
                        {"booked_in": "booked in", "visits_per_1000": "visits per 1,000"}),
        ]),
    ]  # fmt: skip
