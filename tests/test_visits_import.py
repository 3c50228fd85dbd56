"""``icv import visits`` and ``icv import issues``: good files imported once (importing them
again adds nothing), suites matched however they are written, the optional check columns."""

# ruff: noqa: F811 (the ``files`` fixture imported from tests/visit_imports.py is the tests' argument)

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from icv.extensions import db
from icv.suites.models import Suite
from icv.visits.models import IssueEvent, VisitIssue, VisitReport
from tests.factories import make_suite, make_user, make_volunteer
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
