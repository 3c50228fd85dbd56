"""ICVA's quarterly return, in its shape: a row per quarter (and the year's total), as CSV or as
a spreadsheet, from the summary page, the API and ``icv summary --format icva``.

Columns (``COLUMNS``): visits, visits without access, people in custody, offered a visit
(spoken with + declined: ICVA's definition, ``rules.icva_offered``), accepted (spoken with),
declined, observed only, not offered with each reason, children, vulnerable adults, issues by
ICVA theme (each issue category's theme is the setting ``icva_theme_of_category``), the visits
rated satisfactory, with concerns or unsatisfactory, and the visits where good practice was
seen. Figures are worked out afresh (a return is not signed off) from ``summary_figures``, so
they agree with the summary.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from icv.extensions import db
from icv.settings import get_settings
from icv.settings.defaults import ICVA_THEMES
from icv.summary.figures import summary_figures
from icv.summary.queries import within
from icv.summary.rules import Period, Records, icva_offered, icva_theme
from icv.visits.models import VisitReport
from icv.visits.rules import NOT_OFFERED_REASONS, Outcome

#: The overall ratings of a visit, as ICVA counts them.
RATINGS = ("satisfactory", "concerns", "unsatisfactory")


def columns() -> list[str]:
    return [
        "period",
        "start",
        "end",
        "visits",
        "visits_completed",
        "visits_no_access",
        "detainees_in_custody",
        "offered",
        "accepted",
        "declined",
        "observed",
        "not_offered",
        *(f"not_offered_{reason}" for reason in dict(NOT_OFFERED_REASONS)),
        "children",
        "vulnerable_adults",
        "issues_raised",
        *(f"issues_{theme}" for theme in ICVA_THEMES),
        *(f"rated_{rating}" for rating in RATINGS),
        "good_practice",
    ]


@dataclass(frozen=True)
class Row:
    """One period of the return: its values by column."""

    values: dict[str, Any]

    def cells(self) -> list[Any]:
        return [self.values.get(column, "") for column in columns()]


def good_practice_seen(period: Period) -> int:
    """Completed visits whose report records good practice seen (its text is not empty)."""
    text = func.trim(func.coalesce(VisitReport.good_practice, ""))
    return db.session.scalar(
        select(func.count()).where(
            within(VisitReport.counted_on, period),
            VisitReport.outcome == Outcome.COMPLETED,
            text != "",
        )
    )


def issues_by_theme(by_category: dict[str, int]) -> dict[str, int]:
    themes = get_settings()["icva_theme_of_category"]
    counted = dict.fromkeys(ICVA_THEMES, 0)
    for category, count in by_category.items():
        counted[icva_theme(category, themes, ICVA_THEMES)] += count
    return counted


def period_row(period: Period, today: date, records: Records) -> Row:
    f = summary_figures(period, today, records)
    visits, people = f["visits"], f["detainees"]
    values = {
        "period": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "visits": visits["attempted"],
        "visits_completed": visits["completed"],
        "visits_no_access": visits["no_access"],
        "detainees_in_custody": people["in_custody"],
        "offered": icva_offered(people["spoken"], people["declined"]),
        "accepted": people["spoken"],
        "declined": people["declined"],
        "observed": people["observed"],
        "not_offered": people["not_offered"],
        **{f"not_offered_{k}": n for k, n in people["not_offered_by_reason"].items()},
        "children": people["juveniles"],
        "vulnerable_adults": people["vulnerable_adults"],
        "issues_raised": f["issues"]["raised"],
        **{f"issues_{k}": n for k, n in issues_by_theme(f["issues"]["by_category"]).items()},
        # Reports carry no overall rating yet: left empty rather than counted as none.
        **{f"rated_{rating}": "" for rating in RATINGS},
        "good_practice": good_practice_seen(period),
    }
    return Row(values)


def return_rows(period: Period, today: date, records: Records) -> list[Row]:
    """A quarter's row; for a year, each quarter that has started and has records (one that
    ended before records began has nothing to return), then the year's total."""
    if period.quarter is not None:
        return [period_row(period, today, records)]
    rows = [
        period_row(quarter, today, records)
        for quarter in period.quarters()
        if quarter.has_started(today) and not records.ended_before(quarter, today)
    ]
    return [*rows, period_row(period, today, records)]


def icva_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns())
    for row in rows:
        writer.writerow(row.cells())
    return out.getvalue()


def icva_xlsx(rows: list[Row]) -> bytes:
    """The same as a spreadsheet: one sheet, a row per period, the column names in bold."""
    # Imported when used (see exports.summary_xlsx): only this download needs openpyxl.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "ICVA return"
    sheet.append(columns())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row.cells())
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
