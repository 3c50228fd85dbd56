"""The GOV.UK table, written in Python: the same HTML, byte for byte, as govuk-frontend-jinja's
``govukTable`` macro given the same params (``tests/test_govuk_table.py`` renders both).

Jinja pays a macro call (``govukAttributes``) and a captured block for every cell: about 35
microseconds, so 90 ms for a rota of 624 visits, more than half the 150 ms a page may take.
Here a cell costs a string join. Use it, as ``govukTableHtml``, only for tables of hundreds of
rows; everywhere else the macro is the house style. Per-cell ``attributes`` are not supported
(no big table uses them): they raise rather than vanish.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape


def content(cell: Mapping) -> str:
    """A cell's HTML, else its text escaped (``html | safe if html else text``)."""
    if cell.get("html"):
        return str(cell["html"])
    return str(escape(cell.get("text", "")))


def classes(base: str, cell: Mapping, modifier: str) -> str:
    found = base
    if cell.get("format"):
        found += f" {modifier}--{escape(cell['format'])}"
    if cell.get("classes"):
        found += f" {escape(cell['classes'])}"
    return found


def spans(cell: Mapping) -> str:
    if cell.get("attributes"):
        raise ValueError("govukTableHtml does not write attributes: use govukTable")
    found = ""
    if cell.get("colspan"):
        found += f' colspan="{escape(cell["colspan"])}"'
    if cell.get("rowspan"):
        found += f' rowspan="{escape(cell["rowspan"])}"'
    return found


def head_html(head: Sequence[Mapping]) -> list[str]:
    lines = ['  <thead class="govuk-table__head">', '    <tr class="govuk-table__row">']
    for item in head:
        kind = classes("govuk-table__header", item, "govuk-table__header")
        lines.append(f'      <th scope="col" class="{kind}"{spans(item)}>{content(item)}</th>')
    return [*lines, "    </tr>", "  </thead>"]


def row_html(row: Sequence[Mapping], first_is_header: bool) -> list[str]:
    lines = ['    <tr class="govuk-table__row">']
    for index, cell in enumerate(row):
        if index == 0 and first_is_header:
            # a row's header has no format modifier (as in the macro)
            kind = classes("govuk-table__header", {"classes": cell.get("classes")}, "")
            lines.append(f'      <th scope="row" class="{kind}"{spans(cell)}>{content(cell)}</th>')
        else:
            kind = classes("govuk-table__cell", cell, "govuk-table__cell")
            lines.append(f'      <td class="{kind}"{spans(cell)}>{content(cell)}</td>')
    lines.append("    </tr>")
    return lines


def govuk_table(params: Mapping) -> Markup:
    """What ``govukTable(params)`` writes."""
    if params.get("attributes"):
        raise ValueError("govukTableHtml does not write attributes: use govukTable")
    extra = f" {escape(params['classes'])}" if params.get("classes") else ""
    lines = [f'<table class="govuk-table{extra}">']
    if params.get("caption"):
        caption_extra = (
            f" {escape(params['captionClasses'])}" if params.get("captionClasses") else ""
        )
        lines.append(
            f'  <caption class="govuk-table__caption{caption_extra}">'
            f"{escape(params['caption'])}</caption>"
        )
    if params.get("head"):
        lines.extend(head_html(params["head"]))
    lines.append('  <tbody class="govuk-table__body">')
    first_is_header = bool(params.get("firstCellIsHeader"))
    for row in params.get("rows") or ():
        if row:
            lines.extend(row_html(row, first_is_header))
    lines.extend(["  </tbody>", "</table>", ""])
    # Cells' text is escaped above; their html is the caller's markup, as the macro's html | safe.
    return Markup("\n".join(lines))  # nosec B704
