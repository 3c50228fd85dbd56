"""The summary as CSV and as a spreadsheet, and the quarterly return.

Both summary files hold the tables of ``tables.py``: for a signed-off year, the figures as
published, with a column for any figure corrected since. The quarterly return is worked out
afresh for each quarter of the year (a return is not signed off).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import TYPE_CHECKING, Any

from icv.summary.figures import summary_figures
from icv.summary.rules import Period, Records
from icv.summary.services import Summary
from icv.summary.tables import Table, printed_tables
from icv.text import safe

if TYPE_CHECKING:
    from openpyxl.styles import Font

CSV_COLUMNS = ["table", "figure", "value", "previous_period", "corrected_since_sign_off"]
#: What each column of the quarterly return holds: (column, dotted key in the figures).
RETURN_COLUMNS = [
    ("quarter", "period.label"),
    ("start", "period.start"),
    ("end", "period.end"),
    ("visits_attempted", "visits.attempted"),
    ("visits_completed", "visits.completed"),
    ("visits_no_access", "visits.no_access"),
    ("visits_abandoned", "visits.abandoned"),
    ("visits_planned", "visits.planned"),
    ("visits_missed", "visits.missed"),
    ("visits_in_person", "visits.by_mode.in_person"),
    ("visits_virtual", "visits.by_mode.virtual"),
    ("visits_telephone", "visits.by_mode.telephone"),
    ("visits_tact", "visits.tact"),
    ("visits_delayed", "access.visits_delayed"),
    ("median_delay_minutes", "access.median_delay_minutes"),
    ("longest_delay_minutes", "access.longest_delay_minutes"),
    ("detainees_in_custody", "detainees.in_custody"),
    ("detainees_offered", "detainees.offered"),
    ("detainees_spoken", "detainees.spoken"),
    ("detainees_observed", "detainees.observed"),
    ("detainees_declined", "detainees.declined"),
    ("detainees_not_offered", "detainees.not_offered"),
    ("detainees_unaccounted", "detainees.unaccounted"),
    ("detainees_juveniles", "detainees.juveniles"),
    ("detainees_vulnerable_adults", "detainees.vulnerable_adults"),
    ("issues_raised", "issues.raised"),
    ("issues_serious", "issues.serious"),
    ("issues_resolved", "issues.resolved"),
    ("issues_open", "issues.open"),
    ("visit_hours", "time.visit_hours"),
    ("visitor_hours", "time.visitor_hours"),
]


def about_rows(summary: Summary) -> list[tuple[str, Any]]:
    """The period, its status and the narrative, at the top of each file."""
    f = summary.figures
    status = "Not signed off"
    if summary.is_signed_off:
        status = f"Signed off on {summary.record.signed_off_at:%Y-%m-%d}: figures as published"
    return [
        ("Period", f["period"]["label"]),
        ("Months", f["period"]["months"]),
        # "2026 so far, to 4 December", "2024 (records from November)", or the label.
        ("Figures of", f["period"].get("title", f["period"]["label"])),
        ("Basis", f["period"]["basis"]),
        ("Start", f["period"]["start"]),
        ("End", f["period"]["end"]),
        ("Status", status),
        ("Headline", f["headline"]),
        ("Narrative", summary.narrative or ""),
        ("Corrections since sign-off", len(summary.corrections)),
    ]


def correction_rows(summary: Summary) -> list[tuple[str, Any, Any]]:
    return [(d.key, d.published, d.current) for d in summary.corrections]


def summary_csv(summary: Summary) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item, value in about_rows(summary):
        writer.writerow(["About", item, safe(value), "", ""])
    for table in printed_tables(summary):
        for row in table.rows:
            corrected = row.corrected if row.is_corrected else ""
            writer.writerow(
                [table.title, safe(row.label), row.value, none_as_blank(row.previous), corrected]
            )
    for key, published, current in correction_rows(summary):
        writer.writerow(["Corrections since sign-off", key, published, "", current])
    return out.getvalue()


def none_as_blank(value: Any) -> Any:
    return "" if value is None else value


def write_table(sheet, table: Table, bold: Font) -> None:
    sheet.append([table.title])
    sheet.cell(sheet.max_row, 1).font = bold
    heading = ["", table.unit]
    if table.previous:
        heading.append(table.previous)
    if any(row.is_corrected for row in table.rows):
        heading.append("Corrected since sign-off")
    sheet.append(heading)
    for row in table.rows:
        cells = [safe(row.label), row.value]
        if table.previous:
            cells.append(row.previous)
        if row.is_corrected:
            cells.append(row.corrected)
        sheet.append(cells)
    sheet.append([])


def summary_xlsx(summary: Summary) -> bytes:
    """A workbook: an "About" sheet, then one sheet per part of the summary."""
    # Imported when used, not with the app: openpyxl costs start-up time in every process
    # (bench/startup.py) and only this download needs it.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    bold = Font(bold=True)
    about = book.active
    about.title = "About"
    for item, value in about_rows(summary):
        about.append([item, safe(value)])
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 80
    if summary.corrections:
        about.append([])
        about.append(["Figure corrected since sign-off", "Published", "Now"])
        for key, published, current in correction_rows(summary):
            about.append([key, published, current])
    for table in printed_tables(summary):
        if table.sheet not in book.sheetnames:
            book.create_sheet(table.sheet).column_dimensions["A"].width = 52
        write_table(book[table.sheet], table, bold)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def dotted(figures: dict[str, Any], key: str) -> Any:
    value: Any = figures
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def quarterly_return(year: Period, today: date, records: Records) -> str:
    """One row per quarter of ``year`` that has started and has records (one that ended before
    they began has nothing to return), as ICVA's quarterly return asks: visits, access delays,
    people seen and issues (columns in RETURN_COLUMNS)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column for column, _ in RETURN_COLUMNS])
    for quarter in year.quarters():
        if not quarter.has_started(today) or records.ended_before(quarter, today):
            continue
        figures = summary_figures(quarter, today, records)
        writer.writerow([none_as_blank(dotted(figures, key)) for _, key in RETURN_COLUMNS])
    return out.getvalue()
