"""``icv import visits`` and ``icv import issues``: every bad line listed, and nothing stored."""

# ruff: noqa: F811 (the ``files`` fixture imported from tests/visit_imports.py is the tests' argument)

from __future__ import annotations

from sqlalchemy import func, select

from icv.extensions import db
from icv.suites.models import Suite
from icv.visits.models import VisitIssue, VisitReport
from tests.factories import make_suite
from tests.visit_imports import (
    CHECKED,
    HEADER,
    ISSUES,
    VISITS,
    count,
    files,  # noqa: F401 (fixture)
    frozen,  # noqa: F401 (fixture)
    run,
    visit_line,
)


def test_every_bad_line_is_listed_and_nothing_is_stored(app, ctx, files):
    bad = VISITS + (
        "Leamington Spa,2016-13-01,19:30,,21:00,,,,,1,1,1,0,0,0,0,\n"
        "Leamington Spa,2016-03-01,14:00,14:05,13:00,,,,,1,1,1,0,0,0,0,\n"
        "Leamington Spa,2016-03-02,14:00,14:05,15:00,,,,,5,4,3,0,2,0,0,\n"
        "Leamington Spa,2016-03-03,14:00,14:05,15:00,,,,,,,,,,,,\n"
        "Nuneaton,2027-01-01,25:00,,15:00,by_post,,,,2,1,1,0,0,1,3,\n"
    )
    result = run(app, "visits", files("bad.csv", bad))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "icv import visits: bad.csv was not imported (8 problems); nothing was stored:",
        "  line 6: date '2016-13-01' is not a date like 2026-11-20",
        "  line 7: Times out of order: arriving at 14:00 and leaving at 13:00 would be a visit "
        "of over 8 hours. Check both times",
        "  line 8: spoken (3) + declined (2) is more than offered (4)",
        "  line 9: in_custody, offered, spoken, observed, declined, not_offered, juveniles "
        "empty: a completed visit needs every count",
        "  line 10: date 2027-01-01 is in the future",
        "  line 10: arrived '25:00' is not a time like 14:30",
        "  line 10: mode 'by_post' is not one of in_person, telephone, virtual",
        "  line 10: juveniles (3) is more than in_custody (2)",
    ]
    assert count(VisitReport) == 0
    assert count(Suite) == 0  # not even the suites the good lines named


def test_an_issue_for_a_visit_not_imported_is_refused(app, ctx, files):
    result = run(app, "issues", files("issues.csv", ISSUES))
    assert result.exit_code == 1
    assert "  line 2: no visit to Leamington Spa on 2016-01-05 arriving at 19:30: import the " in (
        result.stderr
    )
    assert count(VisitIssue) == 0


def test_a_file_without_the_columns_is_refused_in_one_line(app, ctx, files):
    result = run(app, "visits", files("wrong.csv", "when,where\n2016-01-01,Rugby\n"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1] == (
        "  line 1: the header has no column date, suite, arrived, left"
    )


def test_counts_past_999_are_bad_lines_not_a_crash(app, ctx, files):
    lines = [
        HEADER,
        visit_line("01", "1000,3,2,0,1,0,1"),
        visit_line("02", "99999999999999999999,3,2,0,1,0,1"),
        visit_line("03", "4," + "9" * 5000 + ",2,0,1,0,1"),
        visit_line("04", "4,x,2,0,1,0,1"),
    ]
    result = run(app, "visits", files("big.csv", "\n".join(lines) + "\n"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "icv import visits: big.csv was not imported (4 problems); nothing was stored:",
        "  line 2: in_custody '1000' is more than 999",
        "  line 3: in_custody '99999999999999999999' is more than 999",
        "  line 4: offered '9999999999999999999999999999999999999999...' is more than 999",
        "  line 5: offered 'x' is not a whole number of 0 or more",
    ]
    assert count(VisitReport) == 0


def test_a_field_past_the_csv_limit_refuses_the_file_in_one_line(app, ctx, files):
    lines = [
        HEADER,
        visit_line("01", "2,3,2,0,1,0,1"),  # a bad line before it is listed too
        visit_line("02", notes="x" * 131_073),
        visit_line("03"),
    ]
    result = run(app, "visits", files("long.csv", "\n".join(lines) + "\n"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "icv import visits: long.csv was not imported (2 problems); nothing was stored:",
        "  line 2: offered (3) + not_offered (0) is more than in_custody (2)",
        "  line 3: a field is longer than 131,072 characters (or a closing quotation mark is "
        "missing); nothing after it was read",
    ]
    assert "Traceback" not in result.output
    assert count(VisitReport) == 0


def test_a_nul_character_is_a_bad_line(app, ctx, files):
    make_suite("Leamington Spa")
    db.session.commit()
    visits = "\n".join([HEADER, visit_line("01", notes="Busy\x00night"), visit_line("02")])
    result = run(app, "visits", files("nul.csv", visits + "\n"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        "  line 2: notes contains a NUL character (\\x00): the file may be damaged"
    ]
    assert count(VisitReport) == 0
    assert run(app, "visits", files("good.csv", f"{HEADER}\n{visit_line('02')}\n")).exit_code == 0
    issues = (
        "date,suite,arrived,category,description\n"
        "2016-03-02,Leamington Spa,14:00,x,A\x00B\n"
        "2016-03-02,Leamington\x00Spa,14:00,x,C\n"  # PostgreSQL would refuse it in a query
    )
    refused = run(app, "issues", files("issues.csv", issues))
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[1:] == [
        "  line 2: description contains a NUL character (\\x00): the file may be damaged",
        "  line 3: suite contains a NUL character (\\x00): the file may be damaged",
    ]
    assert count(VisitIssue) == 0


def test_a_misspelt_column_refuses_the_file_saying_which(app, ctx, files):
    header = HEADER.replace(",mode,", ",mdoe,").replace(",notes", ",notes,")  # a trailing comma
    result = run(app, "visits", files("typo.csv", f"{header}\n{visit_line('01')},\n"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "icv import visits: typo.csv was not imported (1 problem); nothing was stored:",
        "  line 1: the header has a column icv does not know: mdoe (did you mean mode?)",
    ]
    twice = run(app, "visits", files("twice.csv", f"{HEADER},date\n{visit_line('01')},\n"))
    assert twice.stderr.splitlines()[1:] == [
        "  line 1: the header has the column date more than once"
    ]
    assert count(VisitReport) == 0


def test_lines_giving_one_visit_twice_must_agree(app, ctx, files):
    lines = [
        HEADER,
        visit_line("01"),
        visit_line("01"),  # the same line again: one visit
        visit_line("02"),
        visit_line("02", counts="5,3,2,0,1,0,1"),  # the same visit with other counts
        visit_line("03"),
    ]
    refused = run(app, "visits", files("twice.csv", "\n".join(lines) + "\n"))
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[1:] == [
        "  line 5: the same visit as line 4 (the same suite, date and arrival) with other "
        "details: give each visit once"
    ]
    assert count(VisitReport) == 0
    result = run(app, "visits", files("once.csv", "\n".join(lines[:4] + lines[5:]) + "\n"))
    assert result.stdout.splitlines()[-1] == "Imported 3 visits (1 already there)."
    # A stored visit given again with other details is refused too, not counted as there.
    again = run(app, "visits", files("again.csv", "\n".join([HEADER, lines[4]]) + "\n"))
    assert again.exit_code == 1
    assert again.stderr.splitlines()[1:] == [
        "  line 2: a report of this visit (the same suite, date and arrival) is already stored, "
        "with other details: correct that report in icv, or give the same details here"
    ]
    assert count(VisitReport) == 3


def test_conflicting_issue_lines_are_refused(app, ctx, files):
    run(app, "visits", files("visits.csv", VISITS))
    issues = ISSUES + "2016-01-05,Leamington Spa,19:30,safety,no,Ligature point in cell 3,no,\n"
    refused = run(app, "issues", files("issues.csv", issues))
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[1:] == [
        "  line 5: the same issue as line 3 with other details: give each issue once"
    ]
    assert count(VisitIssue) == 0


def test_a_time_the_clocks_skipped_is_a_bad_line(app, ctx, files):
    # The clocks went forward at 01:00 on Sunday 27 March 2016.
    line = "Rugby,2016-03-27,01:30,,02:30,,no_access,,,,,,,,,,"
    result = run(app, "visits", files("spring.csv", f"{HEADER}\n{line}\n"))
    assert result.stderr.splitlines()[1:] == [
        "  line 2: There was no 01:30 on 27 March 2016: the clocks went forward an hour at "
        "01:00. Enter the time the clocks showed, such as 02:30"
    ]


def test_a_bad_check_column_is_a_bad_line(app, files):
    bad = CHECKED.replace(",2,no,not_checked", ",3,maybe,not_checked").replace(
        ",concerns,", ",fine,"
    )
    result = run(app, "visits", files("bad.csv", bad))
    assert result.exit_code != 0
    assert "line 2: rating 'fine' is not one of concerns, satisfactory, unsatisfactory" in (
        result.output
    )
    assert "line 2: check_told_rights (3) is more than spoken (2)" in result.output
    assert "line 2: check_cctv_working 'maybe' is not one of no, not_checked, yes" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(VisitReport)) == 0
