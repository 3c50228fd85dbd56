"""``icv import visits`` and ``icv import issues``: good files, bad lines, all or nothing, twice."""

from __future__ import annotations

import datetime as dt
from datetime import date, time

import pytest
import time_machine
from sqlalchemy import func, select

from icv.extensions import db
from icv.suites.models import Suite
from icv.visits.models import IssueEvent, VisitIssue, VisitReport
from tests.factories import make_suite, make_user, make_volunteer

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


def test_a_good_file_is_imported_once(app, ctx, files):
    make_suite("Leamington Spa")
    make_volunteer(make_user("val@example.org", name="Val Person"))
    db.session.commit()
    path = files("visits.csv", VISITS)
    first = run(app, "visits", path)
    assert first.exit_code == 0, first.stderr
    assert (
        first.stdout == "Created the custody suite Rugby.\nImported 3 visits (0 already there).\n"
    )
    reports = db.session.scalars(select(VisitReport).order_by(VisitReport.visit_date)).all()
    busy, late, closed = reports
    assert (busy.in_custody, busy.offered, busy.spoken, busy.not_offered) == (6, 4, 3, 1)
    assert (busy.band, busy.delay_minutes, busy.mode, busy.outcome) == (
        "evening",
        5,
        "in_person",
        "completed",
    )
    assert busy.visitor_1.user.name == "Val Person"  # a volunteer in the system
    assert (busy.visitor_2_id, busy.visitor_2_name) == (None, "Robin Ellis")  # kept as text
    assert busy.comments == "Busy night"
    assert (late.left_at, late.band, late.comments) == (time(1, 10), "late", "Two lines,\nof notes")
    assert (closed.suite.name, closed.outcome, closed.in_custody, closed.admitted_at) == (
        "Rugby",
        "no_access",
        None,
        None,
    )
    assert all(r.source == "import" and r.reviewed_at is not None for r in reports)
    second = run(app, "visits", path)
    assert second.exit_code == 0
    assert second.stdout == "Imported 0 visits (3 already there).\n"
    assert count(VisitReport) == 3
    assert count(Suite) == 2


def test_issues_attach_to_their_visits_once(app, ctx, files):
    run(app, "visits", files("visits.csv", VISITS))
    path = files("issues.csv", ISSUES)
    first = run(app, "issues", path)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == "Imported 3 issues (0 already there).\n"
    issues = db.session.scalars(select(VisitIssue).order_by(VisitIssue.id)).all()
    assert [(i.category, i.is_serious, i.status, i.resolved_on) for i in issues] == [
        ("food_drink", False, "closed", date(2016, 2, 1)),
        ("safety", True, "new", None),
        ("Drains", False, "new", None),  # not a category of the scheme: kept as given
    ]
    assert [i.raised_on for i in issues] == [date(2016, 1, 5), date(2016, 1, 5), date(2016, 1, 9)]
    assert [e.action for e in db.session.scalars(select(IssueEvent))] == ["imported"] * 3
    assert run(app, "issues", path).stdout == "Imported 0 issues (3 already there).\n"
    assert count(VisitIssue) == 3


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


HEADER = VISITS.splitlines()[0]


def visit_line(day: str, counts: str = "4,3,2,0,1,0,1", notes: str = "") -> str:
    return f"Leamington Spa,2016-03-{day},14:00,14:05,15:00,,,,,{counts},{notes}"


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


def test_a_visit_refused_at_the_door_is_imported_and_counts_no_time(app, ctx, files):
    from icv.summary.rules import Period
    from icv.summary.services import summary_for

    lines = [
        HEADER,
        # Refused at the door: left the minute they arrived, two visitors named.
        "Rugby,2016-02-01,10:00,,10:00,,no_access,Robin Ellis,Sam Lee,,,,,,,,Refused entry",
        "Rugby,2016-02-08,10:00,,10:30,,no_access,Robin Ellis,,,,,,,,,Suite closed",
        # The same minute is still a mistake for a visit that got in.
        "Rugby,2016-02-15,10:00,10:00,10:00,,,Robin Ellis,,1,1,1,0,0,0,0,",
    ]
    refused = run(app, "visits", files("door.csv", "\n".join(lines) + "\n"))
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[1:] == [
        "  line 4: The time you left must be after the time you arrived"
    ]
    result = run(app, "visits", files("door.csv", "\n".join(lines[:3]) + "\n"))
    assert result.exit_code == 0, result.stderr
    door = db.session.scalars(select(VisitReport).order_by(VisitReport.visit_date)).first()
    assert (door.outcome, door.arrived_at, door.left_at) == ("no_access", time(10), time(10))
    figures = summary_for(Period(2016), date(2026, 11, 24)).figures
    assert figures["visits"]["no_access"] == 2
    # 0 minutes for the visit refused at the door (not 24 hours), 30 for the other: half an
    # hour of visits, and half an hour of visitors' time (its two visitors add nothing).
    assert figures["time"] == {"visit_hours": 0.5, "visitor_hours": 0.5}


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


@pytest.mark.parametrize(
    ("stored", "written"),
    [("Ynys Môn", "YNYS MÔN"), ("Straße", "STRASSE"), ("Łódź", "ŁÓDŹ")],
)
def test_suites_are_matched_in_any_script_and_again_adds_nothing(app, ctx, files, stored, written):
    make_suite(stored)
    db.session.commit()
    lines = [HEADER, visit_line("01").replace("Leamington Spa", written)]
    path = files("suites.csv", "\n".join(lines) + "\n")
    first = run(app, "visits", path)
    assert first.exit_code == 0, first.output
    assert first.stdout == "Imported 1 visits (0 already there).\n"  # no suite created
    assert run(app, "visits", path).stdout == "Imported 0 visits (1 already there).\n"
    issues = f"date,suite,arrived,category,description\n2016-03-01,{written},14:00,x,Cold\n"
    assert run(app, "issues", files("issues.csv", issues)).exit_code == 0
    assert db.session.scalars(select(Suite.name)).all() == [stored]
    assert count(VisitReport) == count(VisitIssue) == 1


def test_a_new_suite_written_two_ways_is_created_once(app, ctx, files):
    lines = [
        HEADER,
        visit_line("01").replace("Leamington Spa", "Straße"),
        visit_line("02").replace("Leamington Spa", "STRASSE"),
    ]
    result = run(app, "visits", files("new.csv", "\n".join(lines) + "\n"))
    assert result.stdout.splitlines() == [
        "Created the custody suite Straße.",
        "Imported 2 visits (0 already there).",
    ]
    assert db.session.scalars(select(Suite.name)).all() == ["Straße"]


def test_a_time_the_clocks_skipped_is_a_bad_line(app, ctx, files):
    # The clocks went forward at 01:00 on Sunday 27 March 2016.
    line = "Rugby,2016-03-27,01:30,,02:30,,no_access,,,,,,,,,,"
    result = run(app, "visits", files("spring.csv", f"{HEADER}\n{line}\n"))
    assert result.stderr.splitlines()[1:] == [
        "  line 2: There was no 01:30 on 27 March 2016: the clocks went forward an hour at "
        "01:00. Enter the time the clocks showed, such as 02:30"
    ]


def test_a_long_import_says_how_far_it_has_got(app, ctx, files, monkeypatch):
    from icv.visits import importing

    monkeypatch.setattr(importing, "EVERY", 2)
    monkeypatch.setattr(importing, "BATCH", 2)  # three statements for five visits
    lines = [HEADER, *(visit_line(f"{day:02}") for day in range(1, 6))]
    result = run(app, "visits", files("long.csv", "\n".join(lines) + "\n"))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "icv import visits: checked 2 lines",
        "icv import visits: checked 4 lines",
        "icv import visits: stored 2 lines",
        "icv import visits: stored 4 lines",
    ]
    assert count(VisitReport) == 5


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


def test_the_checks_are_optional_columns(app, files):
    result = run(app, "visits", files("checked.csv", CHECKED))
    assert result.exit_code == 0, result.output
    with app.app_context():
        first, second = db.session.scalars(select(VisitReport).order_by(VisitReport.visit_date))
        assert (first.male, first.female, first.sex_not_known, first.mental_health_powers) == (
            3, 1, 0, 1
        )  # fmt: skip
        assert (first.rating, first.good_practice_seen, first.good_practice) == (
            "concerns", True, "Kind staff"
        )  # fmt: skip
        assert [(a.check_key, a.answer, a.count) for a in first.check_answers] == [
            ("cctv_working", "no", None),
            ("told_rights", None, 2),
        ]
        assert first.check_set_id is not None
        # A line with no check answered and no rating is "not recorded", never a no.
        assert (second.check_set_id, second.check_answers, second.male) == (None, [], None)
        assert (second.good_practice_seen, second.rating) == (False, None)
    again = run(app, "visits", files("checked.csv", CHECKED))
    assert again.exit_code == 0, again.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(VisitReport)) == 2


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
