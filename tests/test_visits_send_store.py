"""A send stores its rows in few inserts of plain rows, and they are, column by column, the
rows the unit of work (and the full check) stored."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import json
from datetime import date, time

import pytest
from sqlalchemy import delete, event, null, select, text
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session

from icv.accounts.models import User
from icv.audit.models import AuditEvent
from icv.audit.services import record
from icv.extensions import db
from icv.visits import routes, services
from icv.visits.check_services import ensure_check_set
from icv.visits.models import CheckAnswer, ReportDraft, ReportVersion, VisitReport
from icv.visits.services import describe, store_report
from icv.visits.values import IssueValues, values_of
from icv.volunteers.models import Volunteer
from tests.mail import queue_report_mails
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    count,
    frozen,
    ids,
    sent_report,
)
from tests.statements import statements
from tests.test_visits_race import drafted

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


def sent_at_once(ids: dict, key: str, raised_with: str = "Custody sergeant") -> VisitReport:
    """``submit_report`` of a draft of Val's, with an issue raised with ``raised_with``."""
    user_id, values = drafted("val@example.org", key, ids, time(23, 30))
    values.issues = [IssueValues("supplies", "No blankets", raised_with=raised_with)]
    db.session.commit()
    user = db.session.get(User, user_id)
    draft = db.session.scalars(select(ReportDraft).where(ReportDraft.key == key)).one()
    return services.submit_report(user, draft, values)


def test_a_send_rolled_back_leaves_no_report_in_the_session(app, ids):
    """Its row went with the rollback, so its object goes too, as the unit of work's own
    inserts do: the same session can send the draft again (on SQLite, under the same id)."""
    with app.app_context():
        ensure_check_set(None)
        report = sent_at_once(ids, "k1")
        db.session.rollback()
        assert report not in db.session
        again = sent_at_once(ids, "k2")
        db.session.commit()
        assert db.session.scalars(select(VisitReport.id)).all() == [again.id]


def test_a_send_rolled_back_to_a_savepoint_forgets_only_what_it_sent(app, ids):
    """A savepoint rolled back takes the report sent inside it out of the session, and
    leaves the one sent before it."""
    with app.app_context():
        ensure_check_set(None)
        first = sent_at_once(ids, "k1")
        user_id, values = drafted("val@example.org", "k2", ids, time(20, 30))
        values.visit_date = date(2026, 11, 17)  # another visit
        user = db.session.get(User, user_id)
        draft = db.session.scalars(select(ReportDraft).where(ReportDraft.key == "k2")).one()
        savepoint = db.session.begin_nested()
        second = services.submit_report(user, draft, values)
        savepoint.rollback()
        assert second not in db.session
        assert first in db.session
        db.session.commit()
        assert db.session.scalars(select(VisitReport.id)).all() == [first.id]
        assert db.session.scalars(select(ReportDraft.key)).all() == ["k2"]


def test_a_value_too_long_for_its_column_is_refused_not_cut_short(app, ids):
    """The rows below the report go in from arrays: a string array cast to the column's
    length would cut a longer value short without a word (PostgreSQL; SQLite keeps any
    length)."""
    with app.app_context():
        ensure_check_set(None)
        if db.engine.dialect.name != "postgresql":
            report = sent_at_once(ids, "k1", raised_with="x" * 130)
            db.session.commit()
            assert report.issues[0].raised_with == "x" * 130
            return
        with pytest.raises(DataError, match="too long"):
            sent_at_once(ids, "k1", raised_with="x" * 130)
        db.session.rollback()
        assert count(VisitReport) == 0
