"""Approved claims of a month for finance, as CSV and as a workbook (.xlsx): one row a claim
and a row of totals. Amounts are pounds with two decimals (a number in the workbook)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from icv.clock import local
from icv.expenses.models import ExpenseClaim
from icv.expenses.rules import KIND_LABELS, Kind, plain_pounds
from icv.text import safe

HEADINGS = (
    "Volunteer",
    "Date",
    "Kind",
    "For",
    "Miles",
    "Pence per mile",
    "Mileage",
    "Parking",
    "Fares",
    "Other",
    "Total",
    "Approved by",
    "Approved on",
)
#: The columns that hold pounds (totalled at the foot).
MONEY_COLUMNS = ("Mileage", "Parking", "Fares", "Other", "Total")


def what_for(claim: ExpenseClaim) -> str:
    if claim.kind == Kind.VISIT and claim.report is not None:
        return f"Visit to {claim.report.suite.name}"
    return " ".join(part for part in (claim.description, claim.reference) if part)


def rows(claims: Sequence[ExpenseClaim]) -> list[list[Any]]:
    """Each claim's row, amounts in pence, then a row of totals."""
    out: list[list[Any]] = []
    for claim in claims:
        amounts = claim.amounts
        decided = claim.decided_at
        out.append(
            [
                claim.volunteer.user.name,
                claim.spent_on,
                KIND_LABELS[Kind(claim.kind)],
                what_for(claim),
                claim.miles,
                claim.pence_per_mile,
                amounts.mileage,
                amounts.parking,
                amounts.transport,
                amounts.other,
                amounts.total,
                claim.decided_by.name if claim.decided_by else "",
                local(decided).date() if decided else None,
            ]
        )
    total = ["Total", None, None, f"{len(claims)} claims", sum(r[4] for r in out), None]
    total += [sum(r[i] for r in out) for i in range(6, 11)] + ["", None]
    return [*out, total]


def _text(value: Any, column: str) -> Any:
    if column in MONEY_COLUMNS:
        return plain_pounds(value)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else safe(value)


def claims_csv(claims: Sequence[ExpenseClaim]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for row in rows(claims):
        writer.writerow([_text(v, column) for v, column in zip(row, HEADINGS, strict=True)])
    return out.getvalue()


def claims_xlsx(claims: Sequence[ExpenseClaim], month: str) -> bytes:
    # Imported when used: openpyxl costs start-up time in every process (bench/startup.py).
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"Expenses {month}"
    sheet.append(list(HEADINGS))
    for row in rows(claims):
        cells = []
        for value, column in zip(row, HEADINGS, strict=True):
            cells.append(Decimal(value) / 100 if column in MONEY_COLUMNS else safe(value))
        sheet.append(cells)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in MONEY_COLUMNS:
        letter = chr(ord("A") + HEADINGS.index(column))
        for cell in sheet[letter][1:]:
            cell.number_format = "£#,##0.00"
    for letter in ("B", "M"):
        for cell in sheet[letter][1:]:
            cell.number_format = "yyyy-mm-dd"
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["D"].width = 32
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
