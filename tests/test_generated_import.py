"""Arbitrary files at ``icv import visits`` and ``icv import issues``: each is imported or
refused with its lines listed (exit 0 or 1), never a traceback, and nothing stored outside its
limits."""

from __future__ import annotations

import csv
import datetime as dt
import io
from datetime import date, time
from pathlib import Path

import pytest
import time_machine
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st

from icv.visits.importing import COUNTS
from icv.visits.rules import Mode, Outcome
from tests.generated import GENERATED, Tally, awkward_text, limit_breaches

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
SUITES = ["Leamington Spa", "Rugby", "leamington spa "]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def maybe(plausible: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Mostly what a real file holds (so lines get past the checks and are stored), now and
    then anything at all."""
    return st.one_of(plausible, plausible, plausible, awkward_text)


days = maybe(st.dates(date(2000, 1, 1), NOW.date() + dt.timedelta(days=3)).map(str))
clock = maybe(st.times().map(lambda t: t.strftime("%H:%M")) | st.just(""))
count = maybe(st.integers(0, 1200).map(str) | st.just(""))

visit_row = st.fixed_dictionaries(
    {
        "date": days,
        "suite": maybe(st.sampled_from(SUITES)),
        "arrived": clock,
        "admitted": clock,
        "left": clock,
        "mode": maybe(st.sampled_from([*Mode, ""])),
        "outcome": maybe(st.sampled_from([*Outcome, ""])),
        "visitor_1": maybe(st.sampled_from(["Val Person", "Robin Ellis", ""])),
        "visitor_2": maybe(st.just("")),
        **dict.fromkeys(COUNTS, count),
        "notes": maybe(st.just("Busy night")),
    }
)
issue_row = st.fixed_dictionaries(
    {
        "date": days,
        "suite": maybe(st.sampled_from(SUITES)),
        "arrived": clock,
        "category": maybe(st.sampled_from(["Food and drink", "safety", "Drains", ""])),
        "serious": maybe(st.sampled_from(["yes", "no", "YES", ""])),
        "description": maybe(st.just("Blocked drain")),
        "resolved": maybe(st.sampled_from(["yes", "no", ""])),
        "resolved_on": days | st.just(""),
    }
)


def as_csv(rows: list[dict[str, str]], columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def import_file(app: Flask, path: Path, kind: str, content: bytes, tally: Tally) -> None:
    path.write_bytes(content)
    result = app.test_cli_runner().invoke(args=["import", kind, str(path)])
    # Exit 0 (imported) or 1 (refused, every bad line listed); anything else is a crash.
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    tally.saw(500 if crashed else 200, f"icv import {kind}")
    assert not crashed, f"{content[:300]!r}: {result.exception!r}"
    assert result.exit_code in {0, 1}, result.output


@pytest.mark.parametrize("kind", ["visits", "issues"])
def test_any_bytes_are_imported_or_refused(app, tmp_path, kind):
    tally, path = Tally(f"import {kind}: any bytes"), tmp_path / "file.csv"

    @GENERATED
    @given(content=st.binary(max_size=2000) | awkward_text.map(str.encode))
    def case(content: bytes) -> None:
        import_file(app, path, kind, content, tally)

    try:
        case()
    finally:
        tally.write()
    assert limit_breaches(app) == []


def test_any_rows_of_visits_then_issues_are_imported_or_refused(app, tmp_path):
    """Lines with the right columns, most of them plausible: the visits stored by one case are
    there for the issues of the next, so both kinds get past the checks."""
    tally, path = Tally("import: rows"), tmp_path / "file.csv"

    @GENERATED
    @given(
        visits=st.lists(visit_row, min_size=1, max_size=6),
        issues=st.lists(issue_row, max_size=4),
    )
    def case(visits: list[dict[str, str]], issues: list[dict[str, str]]) -> None:
        import_file(app, path, "visits", as_csv(visits, list(visits[0])), tally)
        if issues:
            import_file(app, path, "issues", as_csv(issues, list(issues[0])), tally)

    try:
        case()
    finally:
        tally.write()
    assert limit_breaches(app) == []


def test_the_rows_strategy_gets_lines_stored(app, tmp_path):
    """The strategy of plausible lines is not refused every time (else the test above would
    only ever test refusals): a line of its plausible values is stored."""
    row = {
        "date": "2026-11-20",
        "suite": "Rugby",
        "arrived": time(19, 30).strftime("%H:%M"),
        "admitted": "",
        "left": "21:00",
        "mode": "",
        "outcome": "",
        "visitor_1": "Val Person",
        "visitor_2": "",
        **dict.fromkeys(COUNTS, "0"),
        "notes": "Busy night",
    }
    row["in_custody"] = "1"
    row["offered"] = row["declined"] = "1"
    path = tmp_path / "file.csv"
    path.write_bytes(as_csv([row], list(row)))
    result = app.test_cli_runner().invoke(args=["import", "visits", str(path)])
    assert result.exit_code == 0, result.output
    assert "Imported 1 visits" in result.output
