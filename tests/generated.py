"""Generated input (hypothesis): strategies for what a person or a program might send, the
limits every stored row must keep, and a tally of cases for ``bench/generated_input.py``.

``ICV_GENERATED_EXAMPLES`` sets the examples per target: a few in the suite (quick, and the
same every run: ``derandomize``), thousands in the bench. ``ICV_GENERATED_STATS`` names a file
that each target appends its tally to (the bench reads it).
"""

from __future__ import annotations

import json
import os
from datetime import date
from html.parser import HTMLParser

from flask import Flask
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import Integer, String, func, select

from icv.extensions import db
from icv.visits.count_rules import MAX_COUNT
from icv.visits.values import COUNT_COLUMNS, REASON_COLUMNS

EXAMPLES = int(os.environ.get("ICV_GENERATED_EXAMPLES", "2"))

#: One profile for every target: no deadline (a request may take a while on a busy machine),
#: no example database (the suite's examples are derived from the test's name alone), and the
#: tests' own fixtures (one app, one client) are shared by the examples on purpose: each
#: example is one more request to the same running scheme.
GENERATED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

#: Integer columns with the bounds their rules give: (table, column) -> (lowest, highest).
COUNTS = (*COUNT_COLUMNS, *REASON_COLUMNS.values())
BOUNDS: dict[tuple[str, str], tuple[int, int]] = {
    **{("visit_reports", name): (0, MAX_COUNT) for name in COUNTS},
    ("suites", "visits_per_week"): (0, 7),
    ("volunteers", "probation_visits_required"): (0, 99),
    ("volunteers", "max_per_month"): (1, 20),
}


# -- What people type ------------------------------------------------------------------------

#: Anything a keyboard, a paste or a script might put in a box: any characters (NUL, right to
#: left marks, emoji), very long text, numbers far out of range, dates that do not exist.
awkward_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=100, max_size=400),
    st.builds(
        lambda part, times: part * times, st.text(min_size=1, max_size=3), st.integers(1, 6000)
    ),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
    st.sampled_from(["", " ", "0", "-1", "00", "1e9", "31", "13", "29", "2", "24:00", "\x00"]),
)


def field_value(options: list[str]) -> st.SearchStrategy[str]:
    """A value for one field: one of its offered options, or anything at all."""
    if options:
        return st.one_of(st.sampled_from(options), awkward_text)
    return awkward_text


def form_data(fields: dict[str, list[str]]) -> st.SearchStrategy[dict[str, list[str]]]:
    """Each field of a form left out, given once, or given several times (a ticked box, or a
    field repeated by hand), plus now and then a field no form has."""
    names = sorted(fields)
    values = {
        name: st.lists(field_value(fields[name]), max_size=3).filter(bool) | st.just([])
        for name in names
    }
    extra = st.dictionaries(st.text(min_size=1, max_size=12), st.lists(awkward_text, max_size=2))
    return st.builds(
        lambda given, more: {**more, **{k: v for k, v in given.items() if v}},
        st.fixed_dictionaries(values),
        extra,
    )


#: JSON of any shape, for the report's background save and anything else that reads JSON.
any_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | awkward_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(awkward_text, inner, max_size=4),
    max_leaves=12,
)


# -- What must hold after every case ---------------------------------------------------------


def limit_breaches(app: Flask) -> list[str]:
    """Every stored value outside its limits: a string longer than its column's declared length
    (SQLite stores it anyway; PostgreSQL would have answered 500), or a count outside its
    rules' bounds."""
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            checks = [
                (column, column.type.length)
                for column in table.columns
                if isinstance(column.type, String) and column.type.length
            ]
            counted = [
                (column, BOUNDS[table.name, column.name])
                for column in table.columns
                if (table.name, column.name) in BOUNDS and isinstance(column.type, Integer)
            ]
            if not checks and not counted:
                continue
            # One query a table: the longest of each string, the least and most of each count.
            row = db.session.execute(
                select(
                    *(func.max(func.length(column)) for column, _ in checks),
                    *(func.min(column) for column, _ in counted),
                    *(func.max(column) for column, _ in counted),
                )
            ).one()
            longest, lows, highs = (
                row[: len(checks)],
                row[len(checks) : len(checks) + len(counted)],
                row[len(checks) + len(counted) :],
            )
            for (column, length), value in zip(checks, longest, strict=True):
                if value is not None and value > length:
                    found.append(f"{table.name}.{column.name}: {value} characters of {length}")
            for (column, (least, most)), low, high in zip(counted, lows, highs, strict=True):
                if low is not None and (low < least or high > most):
                    found.append(f"{table.name}.{column.name}: {low} to {high}")
        db.session.remove()
    return found


class Tally:
    """Cases run and server errors met by one target; written for the bench when asked."""

    def __init__(self, target: str) -> None:
        self.target, self.cases, self.errors = target, 0, set()

    def saw(self, status: int, what: str) -> None:
        self.cases += 1
        if status >= 500:
            self.errors.add(f"{status} {what}")

    def write(self) -> None:
        path = os.environ.get("ICV_GENERATED_STATS")
        if path:
            with open(path, "a", encoding="utf-8") as out:
                line = {"target": self.target, "cases": self.cases, "errors": sorted(self.errors)}
                out.write(json.dumps(line) + "\n")


# -- The forms on a page ---------------------------------------------------------------------


class Forms(HTMLParser):
    """The forms of a page that post: action -> field name -> the values offered (the options
    of a select, the values of radios and boxes; none for a box to type in)."""

    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.forms: dict[str, dict[str, list[str]]] = {}
        self.current: dict[str, list[str]] | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form":
            if found.get("method", "get").lower() == "post":
                action = found.get("action") or self.page_path
                self.current = self.forms.setdefault(action.split("#")[0], {})
            return
        if self.current is None or not found.get("name"):
            if tag == "option" and self.current is not None and self.select:
                self.current[self.select].append(found.get("value", ""))
            return
        name = found["name"]
        offered = self.current.setdefault(name, [])
        if tag == "select":
            self.select = name
        elif found.get("type") in {"radio", "checkbox", "hidden"} or tag == "button":
            offered.append(found.get("value", "on"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def forms_on(page_path: str, html: str) -> dict[str, dict[str, list[str]]]:
    parser = Forms(page_path)
    parser.feed(html)
    return parser.forms
