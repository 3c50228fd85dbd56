"""ICVA's quarterly return, in its shape: a row per quarter (and the year's total), as CSV or as
a spreadsheet, from the summary page, the API and ``icv summary --format icva``.

Columns (``COLUMNS``): visits, visits without access, people in custody, offered a visit
(spoken with + declined: ICVA's definition, ``panel_rules.icva_offered``), accepted (spoken with),
declined, observed only, not offered with each reason, children, vulnerable adults, issues by
ICVA theme (each issue category's theme is the setting ``icva_theme_of_category``), the people
in custody by sex and under mental-health powers, the visits rated satisfactory, with concerns
or unsatisfactory, and the visits where good practice was seen (from the structured checks: a
report filed before them counts as not recorded). Figures are worked out afresh (a return is
not signed off) from ``summary_figures``, so they agree with the summary.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from icv.settings import get_settings
from icv.settings.defaults import ICVA_THEMES
from icv.summary.figures import summary_figures
from icv.summary.panel_rules import icva_offered, icva_theme
from icv.summary.rules import Period, Records
from icv.visits.rules import NOT_OFFERED_REASONS

#: The overall ratings of a visit, as ICVA counts them.
RATINGS = ("satisfactory", "concerns", "unsatisfactory")
#: The people in custody by sex, as the report's people section counts them.
SEXES = ("male", "female", "sex_not_known")


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
        *(f"detainees_{sex}" for sex in SEXES),
        "mental_health_powers",
        "issues_raised",
        *(f"issues_{theme}" for theme in ICVA_THEMES),
        *(f"rated_{rating}" for rating in RATINGS),
        "rating_not_recorded",
        "good_practice",
        "good_practice_not_recorded",
    ]


@dataclass(frozen=True)
class Row:
    """One period of the return: its values by column."""

    values: dict[str, Any]

    def cells(self) -> list[Any]:
        return [self.values.get(column, "") for column in columns()]


def issues_by_theme(by_category: dict[str, int]) -> dict[str, int]:
    themes = get_settings()["icva_theme_of_category"]
    counted = dict.fromkeys(ICVA_THEMES, 0)
    for category, count in by_category.items():
        counted[icva_theme(category, themes, ICVA_THEMES)] += count
    return counted


def period_row(period: Period, today: date, records: Records) -> Row:
    f = summary_figures(period, today, records)
    visits, people, checks = f["visits"], f["detainees"], f["checks"]
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
        # Counted from the structured checks (summary/checks.py): reports filed before them
        # are "not recorded", never counted as none.
        **{f"detainees_{sex}": checks["detainees"][sex] for sex in SEXES},
        "mental_health_powers": checks["detainees"]["mental_health_powers"],
        "issues_raised": f["issues"]["raised"],
        **{f"issues_{k}": n for k, n in issues_by_theme(f["issues"]["by_category"]).items()},
        **{f"rated_{rating}": checks["ratings"][rating] for rating in RATINGS},
        "rating_not_recorded": checks["ratings"]["not_recorded"],
        "good_practice": checks["good_practice"]["yes"],
        "good_practice_not_recorded": checks["good_practice"]["not_recorded"],
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
