"""A visit on the rota and its report: "write report" prefills it; filing it completes it."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from icv.extensions import db
from icv.rota.models import PlannedVisit, PlannedVisitor, RotaPeriod
from icv.visits.check_services import ensure_check_set
from icv.visits.models import ReportDraft, VisitReport
from icv.visits.rota_link import RotaLook
from tests.conftest import sign_in
from tests.factories import make_period, make_planned_visit, make_user, make_volunteer
from tests.reporting import (  # noqa: F401
    answers,
    fill_report,
    frozen,
    make_report,
    pair,
    start_report,
)
from tests.statements import statements

VISIT_DAY = date(2026, 11, 20)  # a Friday; the tests run on Tuesday 24 November


@pytest.fixture
def planned(app, personas):
    """Val and Sam's published visit to Leamington Spa on Friday 20 November, not reported."""
    with app.app_context():
        suite, val, sam = pair()
        period = make_period(date(2026, 11, 16), weeks=2)
        visit = make_planned_visit(period, suite, VISIT_DAY, [sam, val], band="late")
        coming = make_planned_visit(period, suite, date(2026, 11, 27), [val, sam])
        db.session.commit()
        return {
            "visit": visit.id,
            "coming": coming.id,
            "suite": suite.id,
            "val": val.id,
            "sam": sam.id,
        }


def written_from_the_rota(login, planned, sections=None):
    """Val's report started from the planned visit ("write report"), every section filled
    in (``answers`` unless ``sections``), not sent: Val's client and the draft's key."""
    volunteer = login("volunteer")
    started = volunteer.post("/reports/new", data={"planned_visit": planned["visit"]})
    key = started.headers["Location"].rsplit("/", 1)[-1]
    default = answers(planned["suite"], planned["sam"], planned["val"])
    fill_report(volunteer, key, sections or default)
    return volunteer, key


def test_write_report_starts_from_the_rota_with_suite_day_and_pair(app, login, planned):
    volunteer = login("volunteer")
    page = volunteer.get("/my-visits").text
    assert f'name="planned_visit" value="{planned["visit"]}"' in page
    assert f'name="planned_visit" value="{planned["coming"]}"' not in page  # not yet
    response = volunteer.post("/reports/new", data={"planned_visit": planned["visit"]})
    key = response.headers["Location"].rsplit("/", 1)[-1]
    visit_page = volunteer.get(f"/reports/draft/{key}/visit").text
    assert 'id="visit_date-day" name="visit_date" type="text" value="20"' in visit_page
    assert f'name="suite_id" type="radio" value="{planned["suite"]}" checked' in visit_page
    visitors = volunteer.get(f"/reports/draft/{key}/visitors").text
    first, second = re.findall(r"<select.*?</select>", visitors, re.S)
    assert f'<option value="{planned["val"]}" selected>' in first  # the filer first
    assert f'<option value="{planned["sam"]}" selected>' in second
    again = volunteer.post("/reports/new", data={"planned_visit": planned["visit"]})
    assert again.headers["Location"] == response.headers["Location"]  # the same draft
    with app.app_context():
        assert db.session.scalars(select(ReportDraft.planned_visit_id)).all() == [planned["visit"]]


def test_filing_the_report_completes_the_planned_visit(app, login, planned):
    volunteer, key = written_from_the_rota(login, planned)
    assert volunteer.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        report = db.session.scalars(select(VisitReport)).one()
        visit = db.session.get(PlannedVisit, planned["visit"])
        assert (report.planned_visit_id, visit.status) == (planned["visit"], "completed")
        report_id = report.id
    page = volunteer.get("/my-visits").text
    assert f'href="/reports/{report_id}">See the report' in page
    # A second "write report" leads to the report, not a new draft.
    response = volunteer.post("/reports/new", data={"planned_visit": planned["visit"]})
    assert response.headers["Location"] == f"/reports/{report_id}"


def test_sending_the_report_of_a_rota_visit_reads_it_once_without_its_visitors_records(
    app, login, planned
):
    """The visit it was started from is read with the others it may be of, each with its
    visitors' ids only (44 statements before issue 15's send work, 38 with it: the visit read
    by itself first, then each candidate's suite liaisons and closures, and its visitors'
    records with their panels, availability and roles). As any send (11, and 6 on
    PostgreSQL: the inserts in one statement), and 1 for the rota: the visit completed. The
    visits it may be of are read with the suite and visitors named, each with every column
    and its visitors' ids (a statement of their own, with their period, until 6 December;
    before, the visitors and the period were a statement each); its audit row is the
    after-send job's, as the report's (since 6 December). Whether another report has the
    visit is asked with the reports near it (a statement of its own until 6 December)."""
    with app.app_context():
        ensure_check_set(None)  # as the migration seeds it in every real database
        db.session.commit()
    volunteer, key = written_from_the_rota(login, planned)
    with statements(app) as send:
        assert volunteer.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        on_postgresql = db.engine.dialect.name == "postgresql"
    assert len(send) == (7 if on_postgresql else 12), "\n\n".join(send)
    assert not [s for s in send if "audit_events" in s], "\n\n".join(send)
    # the reports near it say whether one has the visit already: no statement asks alone
    assert not [s for s in send if "WHERE visit_reports.planned_visit_id =" in s]
    (near,) = [s for s in send if " AS near" in s]
    assert "OR visit_reports.planned_visit_id =" in near, near
    # the visits and their visitors read with the people named; nothing else reads a visit,
    # its visitors or a period
    (visits_read,) = [s for s in send if "FROM planned_visits JOIN rota_periods" in s]
    assert "SELECT 'person'" in visits_read, visits_read
    assert "FROM planned_visitors JOIN planned_visits" in visits_read, visits_read
    assert [s for s in send if "planned_visitors" in s or "rota_periods" in s] == [visits_read]
    (completed,) = [s for s in send if s.startswith("UPDATE planned_visits")]
    updated = re.findall(r"(\w+)=", completed.split(" WHERE ")[0])
    assert updated == ["status", "status_changed_at", "done_on", "done_band"], completed
    loaded_records = ("SELECT volunteer_suites.", "SELECT suite_liaisons.", "SELECT away_periods.")
    assert not [s for s in send if s.startswith(loaded_records)], "\n\n".join(send)
    assert len([s for s in send if "INSERT INTO visit_reports " in s]) == 1
    assert not [s for s in send if s.startswith("UPDATE visit_reports")], "\n\n".join(send)
    with app.app_context():
        report = db.session.scalars(select(VisitReport)).one()
        assert report.planned_visit_id == planned["visit"]


def test_a_report_filed_without_the_rota_still_completes_its_visit(app, login, planned):
    volunteer = login("volunteer2")  # Sam starts an ordinary report for the same suite and day
    key = start_report(volunteer)
    fill_report(volunteer, key, answers(planned["suite"], planned["val"], planned["sam"]))
    volunteer.post(f"/reports/draft/{key}/check")
    with app.app_context():
        report = db.session.scalars(select(VisitReport)).one()
        assert report.planned_visit_id == planned["visit"]
        assert db.session.get(PlannedVisit, planned["visit"]).status == "completed"


def test_a_look_made_beforehand_spares_the_send_its_own_only_for_that_report():
    """The form's choices look for the visits on the rota a report may be of; the send
    chooses among them and reads the rota no more, but only for the report they looked for
    (suite, day and the visit it was started from)."""
    look = RotaLook(suite_id=3, day=VISIT_DAY, started_from_id=None, visits=())
    report = SimpleNamespace(suite_id=3, visit_date=VISIT_DAY)
    assert look.is_for(report, None)
    next_day = SimpleNamespace(suite_id=3, visit_date=date(2026, 11, 21))
    assert not look.is_for(next_day, None)
    assert not look.is_for(SimpleNamespace(suite_id=4, visit_date=VISIT_DAY), None)
    assert not look.is_for(report, 7)
    assert replace(look, started_from_id=7).is_for(report, 7)


def after_midnight(planned, arrived: str, admitted: str, left: str) -> dict[str, dict]:
    """Sam's report of a visit on Saturday 21 November: the true date, past midnight."""
    return answers(
        planned["suite"],
        planned["val"],
        planned["sam"],
        visit={"visit_date": ["21", "11", "2026"]},
        times={"arrived_at": arrived, "admitted_at": admitted, "left_at": left}
        | {"delay_reason": "", "delay_authorised_by": ""},
    )


@pytest.mark.parametrize(
    ("times", "completed"),
    [
        (("00:30", "00:35", "01:30"), True),  # Friday's late band runs to 07:00 on Saturday
        (("07:30", "07:35", "08:30"), False),  # Saturday morning: another visit
    ],
)
def test_a_late_visit_reported_with_its_date_after_midnight_completes_it(
    app, login, planned, times, completed
):
    volunteer = login("volunteer2")
    key = start_report(volunteer)
    fill_report(volunteer, key, after_midnight(planned, *times))
    assert volunteer.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        report = db.session.scalars(select(VisitReport)).one()
        visit = db.session.get(PlannedVisit, planned["visit"])
        expected = (planned["visit"], "completed") if completed else (None, "planned")
        assert (report.planned_visit_id, visit.status) == expected
        # It counts on the day it started: Friday's late night, as the rota has it.
        day = VISIT_DAY if completed else date(2026, 11, 21)
        assert report.counted_on == day
        assert [issue.raised_on for issue in report.issues] == [day]
    shown = volunteer.get(f"/reports/{report.id}").text
    night = "20 November 2026, late night (arrived after midnight, on 21 November)"
    assert (night in shown) is completed


def test_a_visit_after_midnight_on_the_planned_day_is_the_night_before(app, login, planned):
    # 00:30 on Friday is Thursday's late night: not Friday's planned late visit.
    volunteer = login("volunteer2")
    key = start_report(volunteer)
    sections = after_midnight(planned, "00:30", "00:35", "01:30")
    sections["visit"] = {**sections["visit"], "visit_date": ["20", "11", "2026"]}
    fill_report(volunteer, key, sections)
    assert volunteer.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        report = db.session.scalars(select(VisitReport)).one()
        assert (report.planned_visit_id, report.counted_on) == (None, date(2026, 11, 19))
        assert db.session.get(PlannedVisit, planned["visit"]).status == "planned"


def test_a_report_of_another_day_leaves_the_rota_alone(app, login, planned):
    volunteer = login("volunteer")
    key = start_report(volunteer)
    sections = answers(
        planned["suite"], planned["sam"], planned["val"], visit={"visit_date": ["19", "11", "2026"]}
    )
    fill_report(volunteer, key, sections)
    volunteer.post(f"/reports/draft/{key}/check")
    with app.app_context():
        assert db.session.scalars(select(VisitReport.planned_visit_id)).one() is None
        assert db.session.get(PlannedVisit, planned["visit"]).status == "planned"


def test_only_my_own_visits_whose_day_has_come_can_be_written_up(app, login, client, planned):
    volunteer = login("volunteer")
    assert (
        volunteer.post("/reports/new", data={"planned_visit": planned["coming"]}).status_code == 404
    )
    assert volunteer.post("/reports/new", data={"planned_visit": 999}).status_code == 404
    client.post("/sign-out")
    coordinator = login("coordinator")  # not on the visit: the office files without the link
    assert (
        coordinator.post("/reports/new", data={"planned_visit": planned["visit"]}).status_code
        == 404
    )


def test_the_coordinator_sees_the_report_from_the_rota(app, login, planned):
    with app.app_context():
        from tests.reporting import make_report

        report = make_report(
            db.session.get(PlannedVisit, planned["visit"]).suite,
            visit_date=VISIT_DAY,
            planned_visit_id=planned["visit"],
        )
        db.session.get(PlannedVisit, planned["visit"]).status = "completed"
        db.session.commit()
        report_id = report.id
    page = login("coordinator").get(f"/rota/visits/{planned['visit']}").text
    assert f'href="/reports/{report_id}"' in page


def test_a_plain_report_of_a_rota_visit_is_sent_in_9_statements_on_sqlite_and_7_on_postgresql(
    app, login, planned
):
    """Without an issue or a detainee's note, a report of a rota visit inserts three rows
    (the report, its check answers, its first version): 9 statements on SQLite, whose
    inserts are one a table. On PostgreSQL every report's rows are one statement, so a
    plain report costs what the test above's does (7)."""
    with app.app_context():
        ensure_check_set(None)
        db.session.commit()
    plain = answers(planned["suite"], planned["sam"], planned["val"])
    plain["notes"] = {
        "notes-0-custody_number": "",
        "notes-0-record_consent": "",
        "notes-0-note": "",
    }
    plain["issues"] = {"raised": "no"}
    volunteer, key = written_from_the_rota(login, planned, plain)
    with statements(app) as send:
        assert volunteer.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        on_postgresql = db.engine.dialect.name == "postgresql"
        report = db.session.scalars(select(VisitReport)).one()
        assert (len(report.issues), len(report.notes)) == (0, 0)
        assert report.planned_visit_id == planned["visit"]
    inserts = sorted(s.split(" (")[0] for s in send if s.startswith("INSERT"))
    if not on_postgresql:
        assert inserts == [
            "INSERT INTO visit_check_answers",
            "INSERT INTO visit_report_versions",
            "INSERT INTO visit_reports",
        ], inserts
    assert len(send) == (7 if on_postgresql else 9), "\n\n".join(send)


def test_a_visit_another_report_has_is_not_linked_again(app, login, planned):
    """The office's report of the visit, naming no visitors and arriving earlier, is not near
    Val's (no visitor in common, another arrival), so Val's is stored; the visit stays with
    the office's report (asked with the reports near, not by a statement of its own)."""
    with app.app_context():
        suite = db.session.get(PlannedVisit, planned["visit"]).suite
        office = make_report(
            suite, visit_date=VISIT_DAY, arrived_at=time(21, 0), planned_visit_id=planned["visit"]
        )
        db.session.commit()
        office_id = office.id
    volunteer, key = written_from_the_rota(login, planned)
    assert volunteer.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        linked = db.session.execute(
            select(VisitReport.id, VisitReport.planned_visit_id).order_by(VisitReport.id)
        ).all()
        assert [visit for _, visit in linked] == [planned["visit"], None]
        assert linked[0].id == office_id
        assert db.session.get(PlannedVisit, planned["visit"]).status == "planned"


@pytest.mark.parametrize("given_away", [("val",), ("val", "sam")])
def test_a_report_started_from_a_visit_completes_it_only_with_one_of_its_pair_still_on_it(
    app, login, planned, given_away
):
    """Val starts her report from the visit, then the office gives places on it to others.
    While Sam is still on it, Val's report (naming Val and Sam) completes it; once both places
    have gone, it is the new pair's visit to report: Val's is stored, of no rota visit."""
    volunteer, key = written_from_the_rota(login, planned)
    with app.app_context():
        visit = db.session.get(PlannedVisit, planned["visit"])
        places = {place.volunteer_id: place for place in visit.visitors}
        for n, who in enumerate(given_away):
            other = make_volunteer(make_user(f"other{n}@example.org", f"Other {n}"))
            other.suites = [visit.suite]
            db.session.flush()
            places[planned[who]].volunteer_id = other.id
        db.session.commit()
    assert volunteer.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        report = db.session.scalars(select(VisitReport)).one()
        visit = db.session.get(PlannedVisit, planned["visit"])
        on_it = set(db.session.scalars(select(PlannedVisitor.volunteer_id).filter_by(visit=visit)))
        if given_away == ("val",):
            assert planned["sam"] in on_it
            assert (report.planned_visit_id, visit.status) == (planned["visit"], "completed")
        else:
            assert not on_it & {planned["val"], planned["sam"]}
            assert (report.planned_visit_id, visit.status) == (None, "planned")


def test_a_report_of_a_rota_visit_keeps_the_rotas_figures(app, login, planned):
    """Completing a visit changes nothing the rota's quality figures read: the send does not
    write the period (it did, 16 statements on SQLite and 11 on PostgreSQL, after every view
    of the rota: now 12 and 7), and the next view does not work them out again."""
    with app.app_context():
        ensure_check_set(None)  # as the migration seeds it in every real database
        db.session.commit()
        period_id = db.session.get(PlannedVisit, planned["visit"]).period_id
    coordinator = app.test_client()
    assert sign_in(coordinator, "chris@example.org").status_code == 302
    assert coordinator.get(f"/rota/{period_id}").status_code == 200
    with app.app_context():
        kept = db.session.get(RotaPeriod, period_id).quality
        assert kept is not None
    volunteer, key = written_from_the_rota(login, planned)
    with statements(app) as send:
        assert volunteer.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        on_postgresql = db.engine.dialect.name == "postgresql"
        period = db.session.get(RotaPeriod, period_id)
        assert (period.quality, period.visits[0].status) == (kept, "completed")
    assert not [s for s in send if s.startswith("UPDATE rota_periods")], "\n\n".join(send)
    assert len(send) == (7 if on_postgresql else 12), "\n\n".join(send)
