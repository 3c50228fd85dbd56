"""``govukTableHtml`` writes what govuk-frontend-jinja's ``govukTable`` macro writes, byte for
byte, for every param a big table uses: if the macro changes with an upgrade, this fails."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from icv.govuk_table import govuk_table

MACRO = (
    '{% from "govuk_frontend_jinja/components/table/macro.html" import govukTable %}'
    "{{ govukTable(params) }}"
)

TABLES = {
    "bare": {"rows": [[{"text": "a"}]]},
    "no rows": {"head": [{"text": "Suite"}], "rows": []},
    "every param": {
        "caption": "Visits to <Rugby> & Co",
        "captionClasses": "govuk-table__caption--m",
        "classes": "icv-rota-table",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Suite & week"},
            {"html": Markup("<span>Required</span>"), "format": "numeric", "classes": "x"},
            {"text": "Wide", "colspan": 2, "rowspan": 1},
        ],
        "rows": [
            [
                {"text": "Nuneaton <b>", "classes": "row-head"},
                {"text": 3, "format": "numeric"},
                {"html": Markup('<a class="govuk-link" href="/v/1">Mon</a>'), "rowspan": 2},
                {"text": "", "html": ""},
            ],
            [],  # an empty row is left out
            None,
            [{"text": "92%", "format": "numeric", "colspan": 3}],
        ],
    },
    "no header cells": {
        "head": [{"text": "When"}],
        "rows": [[{"text": ""}, {"html": Markup("<strong>x</strong>\n")}]],
    },
}


@pytest.mark.parametrize("name", TABLES)
def test_the_html_is_the_macros(app, name):
    params = TABLES[name]
    with app.test_request_context():
        by_macro = app.jinja_env.from_string(MACRO).render(params=params)
        assert str(govuk_table(params)) == by_macro


@pytest.mark.parametrize(
    "params",
    [{"attributes": {"id": "t"}, "rows": []}, {"rows": [[{"text": "a", "attributes": {"x": 1}}]]}],
)
def test_attributes_are_refused_rather_than_lost(params):
    with pytest.raises(ValueError, match="use govukTable"):
        govuk_table(params)
