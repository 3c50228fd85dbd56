"""The files the tests of ``icv import visits`` and ``icv import issues`` read, the command run
as an administrator would, and its clock (24 November 2026)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import func, select

from icv.extensions import db

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)

#: Columns in an order of their own; a quoted note runs over two lines (line 3 and 4).
VISITS = "\n".join(
    [
        "suite,date,arrived,admitted,left,mode,outcome,visitor_1,visitor_2,"
        "in_custody,offered,spoken,observed,declined,not_offered,juveniles,notes",
        "Leamington Spa,2016-01-05,19:30,19:35,21:00,,,Val Person,Robin Ellis,"
        "6,4,3,1,1,1,0,Busy night",
        "Leamington Spa,2016-01-09,23:30,23:40,01:10,in_person,completed,Robin Ellis,,"
        '4,3,2,0,1,0,1,"Two lines,',
        'of notes"',
        "Rugby,2016-02-01,10:00,,10:20,,no_access,Robin Ellis,Val Person,,,,,,,,Suite closed",
        "",
    ]
)

ISSUES = """\
date,suite,arrived,category,serious,description,resolved,resolved_on
2016-01-05,Leamington Spa,19:30,Food and drink,no,No hot meals after 8pm,yes,2016-02-01
2016-01-05,Leamington Spa,19:30,safety,YES,Ligature point in cell 3,no,
2016-01-09,Leamington Spa,23:30,Drains,no,Blocked drain in the exercise yard,,
"""


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def files(tmp_path):
    def write(name: str, text: str):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def run(app, *args):
    return app.test_cli_runner().invoke(args=["import", *args])


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


HEADER = VISITS.splitlines()[0]


def visit_line(day: str, counts: str = "4,3,2,0,1,0,1", notes: str = "") -> str:
    return f"Leamington Spa,2016-03-{day},14:00,14:05,15:00,,,,,{counts},{notes}"


#: The optional columns of the structured checks (docs/import.md).
CHECKED = "\n".join(
    [
        "suite,date,arrived,left,in_custody,offered,spoken,observed,declined,not_offered,"
        "juveniles,male,female,sex_not_known,mental_health_powers,rating,good_practice_seen,"
        "good_practice,check_told_rights,check_cctv_working,check_cells_clean",
        "Rugby,2026-03-01,10:00,11:00,4,3,2,1,1,0,0,3,1,0,1,concerns,,Kind staff,2,no,not_checked",
        "Rugby,2026-03-08,10:00,11:00,2,2,2,0,0,0,0,,,,,,no,,,,",
        "",
    ]
)
