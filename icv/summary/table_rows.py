"""A summary table and its rows, as the page, the CSV and the spreadsheet take them
(``icv.summary.tables`` lays them out)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from icv.summary.page_tables import figure_table

#: A row with no correction since sign-off.
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

    def govuk_params(self, hide_caption: bool = False) -> dict[str, Any]:
        """What the page gives ``govukTableHtml`` to draw it (``page_tables.figure_table``)."""
        return figure_table(self, hide_caption)
