"""Sending a report and saving a section cost a fixed number of SQL statements, whatever the
number of suites and of volunteers on the panel; a double tap on "Send report" is answered
with the report both times."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import date, time

from babel import support
from sqlalchemy import delete, event, null, select, text
from sqlalchemy.orm import Session

from icv.audit.models import AuditEvent
from icv.audit.services import record
from icv.extensions import db
from icv.suites.models import Suite
from icv.visits import forms, routes
from icv.visits.check_services import ensure_check_set
from icv.visits.forms import FormContext
from icv.visits.models import CheckAnswer, ReportDraft, ReportVersion, VisitReport
from icv.visits.sections import REPORT
from icv.visits.services import describe, store_report
from icv.visits.values import (
    IssueValues,
    NoteValues,
    ReportValues,
    json_ready,
    snapshot,
    values_of,
)
from icv.volunteers.models import Volunteer
from icv.wizard import filled_form
from tests.factories import make_suite, make_user, make_volunteer
from tests.mail import queue_report_mails
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    answers,
    count,
    field_error,
    fill_report,
    frozen,
    ids,
    sent_report,
    start_report,
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
    # visitors named, the rota visit it may be of. Then the suite held by the statement that
    # deletes the draft, the reports near it (the visit already reported?), and six inserts
    # (report, issue, note, check answers, the issue's event, the first version): on
    # PostgreSQL one statement, each insert a CTE of it (icv/visits/sent_rows.py). Left to
    # the scheduler's after-send job (icv/jobs/report_notices.py): the mails, the audit row,
    # the visitors' probation visits counted again, and the summary's kept figures forgotten
    # (stale meanwhile: icv/summary/stored.py). 61 before issue 15; its target 12.
    with app.app_context():
        on_postgresql = db.engine.dialect.name == "postgresql"
    assert len(send_many) == (7 if on_postgresql else 12), "\n\n".join(send_many)
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


def a_tap_that_read_the_draft_before_the_first_was_stored(monkeypatch, draft: ReportDraft):
    """Make the next send behave as a second tap whose request read the draft (and so found
    no report yet) a moment before the first tap's report was committed."""
    stale = ReportDraft(
        key=draft.key, owner_id=draft.owner_id, on_behalf=draft.on_behalf, data=draft.data
    )
    monkeypatch.setattr(routes, "own_draft", lambda _key: stale)


def test_a_double_tap_is_answered_with_the_report_both_times(app, login, ids, monkeypatch):
    client, key = sent_report(login, ids)
    with app.app_context():
        draft = db.session.scalars(select(ReportDraft)).one()
        first = client.post(f"/reports/draft/{key}/check")
        a_tap_that_read_the_draft_before_the_first_was_stored(monkeypatch, draft)
    again = client.post(f"/reports/draft/{key}/check")
    assert first.status_code == again.status_code == 302, again.text
    assert again.headers["Location"] == first.headers["Location"]
    with app.app_context():
        report = db.session.scalars(select(VisitReport)).one()
    assert first.headers["Location"] == f"/reports/{report.id}"


def test_the_phones_double_tap_gets_the_report_as_json_both_times(app, login, ids, monkeypatch):
    client, key = sent_report(login, ids)
    as_json = {"Accept": "application/json"}
    with app.app_context():
        draft = db.session.scalars(select(ReportDraft)).one()
        first = client.post(f"/reports/draft/{key}/check", headers=as_json)
        a_tap_that_read_the_draft_before_the_first_was_stored(monkeypatch, draft)
    again = client.post(f"/reports/draft/{key}/check", headers=as_json)
    with app.app_context():
        report = db.session.scalars(select(VisitReport)).one()
    assert first.status_code == again.status_code == 200, again.text
    assert first.json == again.json == {"report": f"/reports/{report.id}"}
    # A tap after the draft is gone (the first committed before it was read) too.
    monkeypatch.undo()
    late = client.post(f"/reports/draft/{key}/check", headers=as_json)
    assert (late.status_code, late.json) == (200, {"report": f"/reports/{report.id}"})


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


#: Columns that differ between any two sends by nature: ids, keys and times.
NOT_COMPARED = {"id", "report_id", "issue_id", "object_id", "submission_key"}
NOT_COMPARED |= {"at", "created_at", "updated_at", "next_attempt_at"}


def rows_of(report_id: int) -> dict[str, list[str]]:
    """Every row a sent report stored (with its issues' events, its audit row and its mail)
    as text, in a fixed order, its day and ids written as placeholders."""
    report = db.session.get(VisitReport, report_id)
    issue_ids = [issue.id for issue in report.issues]
    days = {report.visit_date, report.counted_on}
    marks = {
        **{repr(day): "DAY" for day in days},  # as PostgreSQL's driver gives a date
        **{f"{day:%Y-%m-%d}": "DAY" for day in days},
        f"{report.visit_date.day} November 2026": "DAY",
        f"{report.visit_date.day} Nov 2026": "DAY",
        f"{report.visit_date:%A}": "WEEKDAY",
        f"/reports/{report_id}": "/reports/ID",
        **{f"/issues/{i}": "/issues/ID" for i in issue_ids},
    }
    tables = {
        "visit_reports": f"id = {report_id}",
        "visit_check_answers": f"report_id = {report_id}",
        "visit_detainee_notes": f"report_id = {report_id}",
        "visit_report_versions": f"report_id = {report_id}",
        "visit_issues": f"report_id = {report_id}",
        "visit_issue_events": f"issue_id IN ({','.join(map(str, issue_ids))})",
        "audit_events": f"object_type = 'report' AND object_id = '{report_id}'",
        "outbox": " OR ".join(
            f"body_text LIKE '%{link}%'"
            for link in [f"/reports/{report_id}", *(f"/issues/{i}" for i in issue_ids)]
        ),
    }
    found = {}
    for table, where in tables.items():
        rows = db.session.execute(text(f"SELECT * FROM {table} WHERE {where}")).mappings()
        texts = []
        for row in rows:
            shown = repr({k: v for k, v in row.items() if k not in NOT_COMPARED})
            for mark, placeholder in marks.items():
                shown = shown.replace(mark, placeholder)
            texts.append(shown)
        found[table] = sorted(texts)
    return found


def test_a_report_sent_at_once_stores_what_the_full_check_stored(app, login, ids, monkeypatch):
    """Sending checks a finished draft against only what it names; the rows stored are the
    same, column by column, as when every section was checked against the whole lists (the
    way taken before, and still when the page has something to show)."""
    with app.app_context():
        ensure_check_set(None)
    client, key = sent_report(login, ids, visit={"visit_date": ["12", "11", "2026"]})
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    client, key = sent_report(login, ids, visit={"visit_date": ["20", "11", "2026"]})
    monkeypatch.setattr(routes, "send_at_once", lambda _key, _draft: None)
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        queue_report_mails()
        at_once, in_full = db.session.scalars(select(VisitReport.id).order_by(VisitReport.id))
        assert db.session.get(VisitReport, at_once).visit_date.day == 12
        assert rows_of(at_once) == rows_of(in_full)
        assert len(rows_of(at_once)["outbox"]) == 2  # the partner's and the coordinator's


def notes_and_issues(count: int) -> dict[str, dict[str, str]]:
    """A report's notes and issues sections with ``count`` of each."""
    notes, issues = {}, {"raised": "yes"}
    for n in range(count):
        notes |= {
            f"notes-{n}-custody_number": f"CV/{n}/26",
            f"notes-{n}-record_consent": "yes",
            f"notes-{n}-note": f"Note {n}",
        }
        issues |= {
            f"issues-{n}-category": "supplies",
            f"issues-{n}-is_urgent": "y" if n == 0 else "",
            f"issues-{n}-description": f"Issue {n}",
            f"issues-{n}-raised_with": "Custody sergeant",
            f"issues-{n}-immediate_response": "",
        }
    return {"notes": notes, "issues": issues}


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


def test_the_notes_and_the_issues_first_events_go_in_one_insert_each(app, login, ids):
    """Whatever their number: the notes and the issues' events need no id back, so they are
    inserted together (the unit of work would insert them one at a time on SQLite). Each
    issue is still inserted on its own there: its events need its id."""
    with app.app_context():
        ensure_check_set(None)  # as the migration seeds it in every real database
        db.session.commit()
    sent = {}
    for many, day in ((1, "12"), (3, "14")):
        client, key = sent_report(
            login, ids, visit={"visit_date": [day, "11", "2026"]}, **notes_and_issues(many)
        )
        with statements(app) as sent[many]:
            assert client.post(f"/reports/draft/{key}/check").status_code == 302
        client.post("/sign-out")
    for table in ("visit_detainee_notes", "visit_issue_events"):
        inserts = [s for s in sent[3] if f"INSERT INTO {table} " in s]
        assert len(inserts) == 1, "\n\n".join(sent[3])
    with app.app_context():
        on_postgresql = db.engine.dialect.name == "postgresql"
        assert len(sent[3]) - len(sent[1]) == (0 if on_postgresql else 2), "\n\n".join(sent[3])
        # PostgreSQL: the report and every row below it in one statement.
        inserting = [s for s in sent[3] if "INSERT INTO" in s]
        assert len(inserting) == (1 if on_postgresql else 8), "\n\n".join(inserting)
        three = db.session.scalars(select(VisitReport).order_by(VisitReport.id.desc())).first()
        stored = [(n.position, n.custody_number, n.note) for n in three.notes]
        assert stored == [
            (1, "CV/0/26", "Note 0"),
            (2, "CV/1/26", "Note 1"),
            (3, "CV/2/26", "Note 2"),
        ]
        events = [
            (e.issue.position, e.action, e.status, e.actor_id) for e in three.issues[0].events
        ]
        val = db.session.get(Volunteer, ids["val"]).user_id
        assert events == [(1, "raised", "new", val)]
        assert [len(issue.events) for issue in three.issues] == [1, 1, 1]


def test_the_notes_and_events_inserted_at_once_are_the_rows_the_unit_of_work_stored(
    app, login, ids
):
    """A report stored the way imports and the demo do (the report, its notes, issues and
    events added to the session) has the same rows, column by column, as one sent (inserted
    as plain rows, on PostgreSQL in one statement)."""
    with app.app_context():
        ensure_check_set(None)
    client, key = sent_report(login, ids, **notes_and_issues(2))
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        sent = db.session.scalars(select(VisitReport)).one()
        actor = db.session.get(Volunteer, ids["val"]).user
        values = values_of(sent)
        values.visit_date = date(2026, 11, 2)
        # NULL, not None: the unit of work would give None the column's default
        as_sent = {"submitted_by_id": actor.id, "on_behalf": False, "notices_queued_at": null()}
        stored = store_report(values, source="form", actor=actor, **as_sent)
        db.session.commit()
        assert [n.note for n in stored.notes] == ["Note 0", "Note 1"]
        assert len(rows_of(sent.id)["visit_check_answers"]) == 3  # a count, a count, a yes
        assert len(rows_of(sent.id)["visit_issues"]) == 2
        for table in (
            "visit_reports",
            "visit_issues",
            "visit_detainee_notes",
            "visit_issue_events",
            "visit_check_answers",
        ):
            assert rows_of(sent.id)[table] == rows_of(stored.id)[table], table


def test_a_sends_check_answers_are_inserted_without_mapped_objects(app, login, ids):
    """The answers need no id back: one insert of plain rows, no object built for each in
    the flush (CPU: a phone's report answers some 25 checks)."""
    with app.app_context():
        ensure_check_set(None)
        db.session.commit()
    built = []
    listener = lambda _mapper, _connection, answer: built.append(answer.check_key)  # noqa: E731
    event.listen(CheckAnswer, "before_insert", listener)
    try:
        client, key = sent_report(login, ids)
        with statements(app) as sent:
            assert client.post(f"/reports/draft/{key}/check").status_code == 302
    finally:
        event.remove(CheckAnswer, "before_insert", listener)
    assert built == []
    inserts = [s for s in sent if "INSERT INTO visit_check_answers " in s]
    assert len(inserts) == 1, "\n\n".join(sent)
    with app.app_context():
        stored = db.session.scalars(select(CheckAnswer).order_by(CheckAnswer.check_key))
        assert [(a.check_key, a.answer, a.count) for a in stored] == [
            ("cctv_working", "yes", None),
            ("told_rights", None, 2),
            ("warm", None, 1),
        ]


def test_a_send_flushes_nothing_the_draft_deleted_by_the_hold(app, login, ids):
    """Each flush of the unit of work costs CPU whatever it writes: none. The report, its
    issues and the first version are inserted as plain rows (the report then put in the
    session as stored), and the draft is deleted by the statement that holds the suite, so
    the commit has nothing left to flush. The draft's object leaves the session: read after
    the commit, it is not found deleted (``ObjectDeletedError``)."""
    with app.app_context():
        ensure_check_set(None)
        db.session.commit()
    flushed: list[set[str]] = []

    def note(session, _context) -> None:
        objects = [*session.new, *session.dirty, *session.deleted]
        flushed.append({type(o).__name__ for o in objects})

    client, key = sent_report(login, ids)
    event.listen(Session, "after_flush", note)
    try:
        with app.app_context():  # the request's session is this one: its objects stay
            draft = db.session.scalars(select(ReportDraft)).one()
            assert client.post(f"/reports/draft/{key}/check").status_code == 302
            assert draft not in db.session
            assert (draft.key, count(ReportDraft)) == (key, 0)
    finally:
        event.remove(Session, "after_flush", note)
    assert flushed == []


def version_and_audit_rows(report_id: int) -> list[dict]:
    """A report's versions and audit rows, but their ids and times."""
    wheres = {
        "visit_report_versions": f"report_id = {report_id}",
        "audit_events": f"object_type = 'visitreport' AND object_id = '{report_id}'",
    }
    return [
        {k: v for k, v in row.items() if k not in NOT_COMPARED}
        for table, where in wheres.items()
        for row in db.session.execute(text(f"SELECT * FROM {table} WHERE {where}")).mappings()
    ]


def test_a_sends_version_and_audit_rows_are_those_the_unit_of_work_stored(app, login, ids):
    """The first version and the audit row, inserted by a statement each (the audit row by
    the after-send job, as of the send), are column by column the rows a ``ReportVersion``
    and ``record`` store through the session."""
    with app.app_context():
        ensure_check_set(None)
        db.session.commit()
    client, key = sent_report(login, ids, **notes_and_issues(2))
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        report = db.session.scalars(select(VisitReport)).one()
        assert [row.get("action") for row in version_and_audit_rows(report.id)] == [None]
        queue_report_mails()  # the after-send job writes the audit row, as of the send
        sent = version_and_audit_rows(report.id)
        sent_at = select(AuditEvent.at).where(AuditEvent.action == "report.submitted")
        assert db.session.scalars(sent_at).one() == report.submitted_at
        assert [row.get("action") for row in sent] == [None, "report.submitted"]
        db.session.execute(delete(ReportVersion))
        db.session.execute(delete(AuditEvent).where(AuditEvent.action == "report.submitted"))
        actor, why = report.submitted_by, "Sent by a visitor"
        # The snapshot's content is the values' as before (``snapshot``); the columns are
        # what an insert of plain rows might have changed.
        kept = sent[0]["snapshot"]
        kept = kept if isinstance(kept, dict) else json.loads(kept)
        version = ReportVersion(number=1, actor=actor, reason=why, snapshot=kept)
        report.versions = [version]
        record(actor, "report.submitted", report, f"{why}: {describe(report)}")
        db.session.commit()
        assert version_and_audit_rows(report.id) == sent


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


def test_a_partner_taken_off_the_panel_after_the_save_stops_the_send(app, login, ids):
    """The visitors section was checked when it was saved; Sam leaves the suite's panel
    before Val sends. The send checks the names again against those who may be named now,
    refuses on the visitors section with its message, and keeps the draft."""
    client, key = sent_report(login, ids)
    with app.app_context():
        db.session.get(Volunteer, ids["sam"]).suites = []
        db.session.commit()
    refused = client.post(f"/reports/draft/{key}/check")
    assert refused.status_code == 400, refused.text
    assert "Visitors</a>: has problems" in refused.text
    again = {"visitor_1": str(ids["val"]), "visitor_2": str(ids["sam"])}
    page = client.post(f"/reports/draft/{key}/visitors", data=again)
    assert field_error(page.text, "visitor_2") == "Choose from the visitors listed"
    with app.app_context():
        assert (count(VisitReport), count(ReportDraft)) == (0, 1)
