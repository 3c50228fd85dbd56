"""Sending a report and saving a section cost a fixed number of SQL statements, whatever the
number of suites and of volunteers on the panel, and no work done again for every send.

The double tap is in tests/test_visits_double_tap.py, the rows a send stores in
tests/test_visits_send_store.py."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date, time

from babel import support
from sqlalchemy import select

from icv.extensions import db
from icv.suites.models import Suite
from icv.visits import forms
from icv.visits.check_services import ensure_check_set
from icv.visits.forms import FormContext
from icv.visits.models import VisitReport
from icv.visits.sections import REPORT
from icv.visits.values import (
    IssueValues,
    NoteValues,
    ReportValues,
    json_ready,
    snapshot,
)
from icv.volunteers.models import Volunteer
from icv.wizard import filled_form
from tests.factories import make_suite, make_user, make_volunteer
from tests.mail import queue_report_mails
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    answers,
    count,
    frozen,
    ids,
    sent_report,
)
from tests.statements import statements


def grow(ids: dict, suites: int, volunteers: int) -> None:
    """Add suites and volunteers up to these numbers in all, every new volunteer on the panel
    of Val's suite and of every suite added now."""
    have_suites, have_volunteers = count(Suite), count(Volunteer)
    added = [make_suite(f"Suite {n:02}") for n in range(have_suites, suites)]
    panel = [db.session.get(Suite, ids["suite"]), *added]
    for n in range(have_volunteers, volunteers):
        user = make_user(email=f"panel{n}@example.org", name=f"Panel Person{n}")
        make_volunteer(user, suites=panel)
    db.session.commit()


def costs(app, login, ids, day: str) -> tuple[list[str], list[str]]:
    """The statements of saving the first section (it asks the most: the suites, the visitors
    it may name and the reports already sent) and of sending the report, of a visit on ``day``
    of November 2026. Each request reads the database afresh, as in service (no test
    session's objects carried over)."""
    visit = {"visit_date": [day, "11", "2026"]}
    client, key = sent_report(login, ids, visit=visit)
    changed = answers(ids["suite"], ids["sam"], ids["val"], visit=visit)["visit"]
    with statements(app) as save:
        response = client.post(
            f"/reports/draft/{key}/visit", data={**changed, "staff_on_duty": "Inspector"}
        )
    assert response.status_code == 302, response.text
    with statements(app) as send:
        response = client.post(f"/reports/draft/{key}/check")
    assert response.status_code == 302, response.text
    client.post("/sign-out")
    return save, send


def test_saving_and_sending_cost_the_same_whatever_the_panel_and_suites(app, login, ids):
    with app.app_context():
        ensure_check_set(None)  # as the migration seeds it in every real database
        grow(ids, suites=2, volunteers=2)
        assert (count(Suite), count(Volunteer)) == (2, 2)
    save_few, send_few = costs(app, login, ids, "12")
    with app.app_context():
        grow(ids, suites=20, volunteers=40)
        assert (count(Suite), count(Volunteer)) == (20, 40)
    save_many, send_many = costs(app, login, ids, "20")
    assert len(save_many) == len(save_few), "\n\n".join(save_many)
    assert len(send_many) == len(send_few), "\n\n".join(send_many)
    # The session with the account and its roles, the draft with the settings and the current
    # checks' version, its update, the suite chosen with the visitors named (those who may be,
    # and the filer: one statement, the whole lists are read only to show a form with
    # problems), the reports of that day.
    assert len(save_many) == 5, "\n\n".join(save_many)  # 24 when each save loaded everyone
    # Before the suite is held: the session with the account, the draft with the settings
    # and the current checks' version (the checks themselves kept by version), the suite and
    # visitors named with the ids of the rota visits it may be of (none here: the visits
    # themselves are read only when there is one). Then the suite held by the statement that
    # deletes the draft, the reports near it (the visit already reported?), and six inserts
    # (report, issue, note, check answers, the issue's event, the first version): on
    # PostgreSQL one statement, each insert a CTE of it (icv/visits/sent_rows.py). Left to
    # the scheduler's after-send job (icv/jobs/report_notices.py): the mails, the audit row,
    # the visitors' probation visits counted again, and the summary's kept figures forgotten
    # (stale meanwhile: icv/summary/stored.py). 61 before issue 15; its target 12.
    with app.app_context():
        on_postgresql = db.engine.dialect.name == "postgresql"
    assert len(send_many) == (6 if on_postgresql else 11), "\n\n".join(send_many)
    # Every read comes before the suite is held (SQLite's one write lock, from the first
    # write to the commit; a row lock on PostgreSQL) but the look for a report of the same
    # visit, which must see every report sent before.
    held = next(n for n, s in enumerate(send_many) if "DELETE FROM visit_report_drafts" in s)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            assert "FOR NO KEY UPDATE" in send_many[held], send_many[held]
    assert all(s.startswith("SELECT") for s in send_many[:held])
    reads_held = [s for s in send_many[held + 1 :] if s.startswith("SELECT")]
    assert [s.split(",")[0] for s in reads_held] == ["SELECT visit_reports.id"], reads_held


def test_a_refused_save_looks_up_the_reports_sent_and_the_training_once(app, login, ids):
    """A section refused is checked twice (against the choices its answers name, then with
    every choice to show it). The visit section's two look-ups, a report already sent and the
    visitors' TACT training, are asked once (they were asked twice, 13 statements in all)."""
    with app.app_context():
        ensure_check_set(None)
        db.session.commit()
    visit = {"visit_date": ["12", "11", "2026"]}
    client, key = sent_report(login, ids, visit=visit)
    changed = answers(ids["suite"], ids["sam"], ids["val"], visit=visit)["visit"]
    refused = {**changed, "mode": "", "tact_visited": "yes"}
    with statements(app) as save:
        response = client.post(f"/reports/draft/{key}/visit", data=refused)
    assert response.status_code == 200
    assert "Select how you visited" in response.text
    assert sum("FROM visit_reports" in s for s in save) == 1, "\n\n".join(save)
    assert sum("FROM training_records" in s for s in save) == 1, "\n\n".join(save)
    assert len(save) == 11, "\n\n".join(save)


def test_a_send_costs_the_same_with_reports_of_the_days_around_it(app, login, ids):
    """The look for a report of the same visit finds the reports of the day before and after
    naming one of the visitors; their suite is not read with them (its liaisons and
    closures were two statements more whenever a volunteer visited on consecutive days)."""
    with app.app_context():
        ensure_check_set(None)  # as the migration seeds it in every real database
        db.session.commit()
    _, alone = costs(app, login, ids, "12")
    _, beside = costs(app, login, ids, "13")
    with app.app_context():
        near = db.session.scalars(select(VisitReport.visit_date).order_by(VisitReport.id))
        assert [day.day for day in near] == [12, 13]
    assert len(beside) == len(alone), "\n\n".join(beside)
    assert not [s for s in beside if "suite_liaisons" in s or "suite_closures" in s]


def test_the_visitors_section_reads_only_the_visitors_names(app, login, ids):
    with app.app_context():
        grow(ids, suites=20, volunteers=40)
    client, key = sent_report(login, ids)
    with statements(app) as save:
        response = client.post(
            f"/reports/draft/{key}/visitors", data={"visitor_1": str(ids["val"]), "visitor_2": ""}
        )
    assert response.status_code == 302, response.text
    names = [s for s in save if "SELECT 'person', volunteers.id, users.name" in s]
    assert len(names) == 1, "\n\n".join(save)
    assert "SELECT suites.id, suites.name FROM suites" not in "\n".join(save)
    assert len(save) == 4, "\n\n".join(save)  # 5 when the settings were read alone


def reported_visits(ids) -> dict[str, int]:
    """Val's and Sam's probation visits counted from their reports."""
    return {
        name: db.session.get(Volunteer, ids[name]).probation_visits_reported
        for name in ("val", "sam")
    }


def test_a_sent_reports_probation_visits_are_counted_by_its_after_send_job(app, login, ids):
    """The send leaves counting its visitors' probation visits to the scheduler's after-send
    job (a statement fewer in the sender's request): within the minute, one UPDATE for a
    completed visit, none for a visit not made."""
    no_access = {
        "visit": {"outcome": "no_access", "outcome_reason": "The suite was closed"},
        "times": {"admitted_at": "", "delay_reason": "", "delay_authorised_by": ""},
    }
    sent = []
    for changes in (no_access, {"visit": {"visit_date": ["12", "11", "2026"]}}):
        client, key = sent_report(login, ids, **changes)
        with statements(app) as send:
            response = client.post(f"/reports/draft/{key}/check")
        assert response.status_code == 302, response.text
        sent += send
        client.post("/sign-out")
    assert not [s for s in sent if s.startswith("UPDATE volunteers")], "\n\n".join(sent)
    with app.app_context():
        assert reported_visits(ids) == {"val": 0, "sam": 0}
    with statements(app) as job, app.app_context():
        queue_report_mails()
    assert len([s for s in job if s.startswith("UPDATE volunteers")]) == 1, "\n\n".join(job)
    with app.app_context():
        assert reported_visits(ids) == {"val": 1, "sam": 1}


def test_wtforms_own_messages_are_read_from_disk_once_not_every_send(app, login, ids, monkeypatch):
    """flask-wtf reads and parses WTForms' message catalogue again in every request that
    builds a form; the report's sections read it once a process (and language)."""
    with app.app_context():
        ensure_check_set(None)
        db.session.commit()
    read = []
    load = support.Translations.load

    def reading(*args, **kwargs):
        read.append(kwargs.get("domain"))
        return load(*args, **kwargs)

    monkeypatch.setattr(support.Translations, "load", reading)
    forms.wtforms_messages.cache_clear()
    for day in ("12", "14"):
        client, key = sent_report(login, ids, visit={"visit_date": [day, "11", "2026"]})
        assert client.post(f"/reports/draft/{key}/check").status_code == 302
        client.post("/sign-out")
    assert read.count("wtforms") == 1


def test_forms_that_only_check_build_no_empty_boxes_for_one_more(app):
    """A send and a section saved check the notes and issues written; the empty set of
    boxes for one more is built only for a page that shows them."""
    answers = {
        "notes": {"notes-0-note": ["Seemed unwell"]},
        "issues": {"raised": ["yes"], "issues-0-category": ["supplies"]},
    }
    answers["issues"]["issues-0-description"] = ["No blankets"]
    built = {}
    with app.test_request_context():
        for checking_only in (True, False):
            context = FormContext(
                today=date(2026, 11, 24),
                choices=None,
                outcome=None,
                delay_threshold=30,
                categories={"supplies": "Supplies"},
                checking_only=checking_only,
            )
            for slug in ("notes", "issues"):
                form = filled_form(REPORT.by_slug[slug], answers[slug], context=context)
                assert form.validate(), form.errors
                built[slug, checking_only] = len(form[slug].entries)
    assert built == {
        ("notes", True): 1,
        ("issues", True): 1,
        ("notes", False): 2,
        ("issues", False): 2,
    }


def test_a_versions_snapshot_is_the_values_as_json_without_deep_copies():
    """``snapshot`` reads the values field by field: the same JSON as ``asdict`` (which
    deep-copies every value first) gave, notes, issues, counts and checks included."""
    values = ReportValues(
        suite_id=3,
        visit_date=date(2026, 11, 20),
        arrived_at=time(23, 30),
        left_at=time(0, 50),
        admitted_at=time(23, 50),
        counts={"in_custody": 5, "spoken": 3},
        checks={"told_rights": 2, "cctv_working": "yes"},
        notes=[NoteValues(note="Seemed unwell", custody_number="CV/1/26")],
        issues=[IssueValues(category="supplies", description="No blankets", is_urgent=True)],
    )
    kept = snapshot(values)
    assert kept == json_ready(asdict(values))
    assert list(kept) == [f.name for f in fields(ReportValues)]
    assert kept["arrived_at"] == "23:30"
    assert kept["notes"] == [
        {"note": "Seemed unwell", "custody_number": "CV/1/26", "record_consent": None}
    ]
    assert kept["issues"][0]["is_urgent"] is True
    assert kept["checks"] is not values.checks  # a copy: the values may change after
