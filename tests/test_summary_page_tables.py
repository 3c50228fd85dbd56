"""The summary's tables, built in Python (``icv/summary/page_tables.py``), are what the page's
loop over rows and the GOV.UK table macro wrote before: the macro below is that loop, as it
stood in ``templates/summary/_macros.html``."""

from __future__ import annotations

import pytest

from icv.govuk_table import govuk_table
from icv.summary.page_tables import figure_table
from icv.summary.tables import Row, Table

#: ``figure_table`` of summary/_macros.html before its cells were built in Python.
MACRO = """{% from "govuk_frontend_jinja/components/table/macro.html" import govukTable %}
{% macro number(value) %}{{ '–' if value is none else value }}{% endmacro %}
{% set corrected = table.rows | selectattr('is_corrected') | list %}
{% set table_head = [{'html': '<span class="govuk-visually-hidden">Figure</span>'}, {'text': table.unit, 'format': 'numeric'}] %}
{% if table.previous %}{% set _ = table_head.append({'text': table.previous, 'format': 'numeric'}) %}{% endif %}
{% if corrected %}{% set _ = table_head.append({'text': 'Corrected since sign-off', 'format': 'numeric'}) %}{% endif %}
{% set table_rows = [] %}
{% for row in table.rows %}
  {% set cells = [{'text': row.label}, {'text': number(row.value), 'format': 'numeric'}] %}
  {% if table.previous %}{% set _ = cells.append({'text': number(row.previous), 'format': 'numeric'}) %}{% endif %}
  {% if corrected %}{% set _ = cells.append({'html': ('<strong>' | safe) ~ number(row.corrected) ~ ('</strong>' | safe) if row.is_corrected else '', 'format': 'numeric'}) %}{% endif %}
  {% set _ = table_rows.append(cells) %}
{% endfor %}
{{- govukTable({
  'caption': table.title,
  'captionClasses': 'govuk-visually-hidden' if hide_caption else 'govuk-table__caption--s',
  'firstCellIsHeader': true,
  'head': table_head,
  'rows': table_rows
}) }}"""  # noqa: E501 (the template as it was)


def rows() -> list[Row]:
    return [
        Row("Visits <completed> & more", "visits.completed", 1204, previous=1190),
        Row("Hours given", "time.visit_hours", 812.5, previous=None),
        Row("Men", "diversity.sex.male", "fewer than 5", previous=0),
        Row("Not recorded", "checks.x", None, previous="not recorded"),
    ]


TABLES = {
    "alone": Table("visits", "Visits", "Visits", "Visits", rows()),
    "compared": Table("visits", "Visits & co", "Visits", "Count", rows(), previous="2023"),
    "corrected": Table("visits", "Visits", "Visits", "Count", rows(), previous="2023"),
    "no rows": Table("panel_coverage", "Coverage", "Panel", "Visits", []),
}
TABLES["corrected"].rows[0].corrected = 1206
TABLES["corrected"].rows[3].corrected = None  # a figure that went away since sign-off


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize("hide_caption", [False, True])
def test_it_writes_what_the_macro_wrote(app, name, hide_caption):
    table = TABLES[name]
    with app.test_request_context():
        by_macro = app.jinja_env.from_string(MACRO).render(table=table, hide_caption=hide_caption)
    assert str(govuk_table(figure_table(table, hide_caption))).strip() == by_macro.strip()
    assert table.govuk_params(hide_caption) == figure_table(table, hide_caption)
