"""The params of ``govukTable`` for a summary table (``tables.Table``), built in Python and
drawn by ``govukTableHtml`` (``icv/govuk_table.py``): the same HTML as the template's loop
over rows and the GOV.UK table macro, at a string join a cell.

The page draws some 45 tables (about 330 rows); through the macros they cost 40 to 70 ms of
each view on the bench's history, more than the figures' SQL of a quarter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    from icv.summary.table_rows import Table

#: A figure with no value (a comparison with a period without records): an en dash.
NO_VALUE = "\u2013"
FIGURE_HEADING = Markup('<span class="govuk-visually-hidden">Figure</span>')
CORRECTED = "Corrected since sign-off"


def number(value: Any) -> str:
    """A figure as the page writes it (the ``number`` macro of ``summary/_macros.html``)."""
    return NO_VALUE if value is None else str(value)


def figure_table(table: Table, hide_caption: bool = False) -> dict[str, Any]:
    """The label, the value, the period before's value (if the table compares) and, if any
    row was corrected since sign-off, the value now."""
    corrected = any(row.is_corrected for row in table.rows)
    head: list[dict[str, Any]] = [
        {"html": FIGURE_HEADING},
        {"text": table.unit, "format": "numeric"},
    ]
    if table.previous:
        head.append({"text": table.previous, "format": "numeric"})
    if corrected:
        head.append({"text": CORRECTED, "format": "numeric"})
    rows = []
    for row in table.rows:
        cells = [{"text": row.label}, {"text": number(row.value), "format": "numeric"}]
        if table.previous:
            cells.append({"text": number(row.previous), "format": "numeric"})
        if corrected:
            now = Markup("<strong>{}</strong>").format(number(row.corrected))
            cells.append({"html": now if row.is_corrected else "", "format": "numeric"})
        rows.append(cells)
    return {
        "caption": table.title,
        "captionClasses": "govuk-visually-hidden" if hide_caption else "govuk-table__caption--s",
        "firstCellIsHeader": True,
        "head": head,
        "rows": rows,
    }
