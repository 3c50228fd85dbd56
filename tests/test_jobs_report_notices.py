"""The mails of a sent report are queued by the scheduler (at the start of every outbox run),
once, to whom the send mailed before: the partner who did not send it, the coordinators of an
urgent issue. Reports stored any other way mail nobody."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import select

from icv.accounts.models import User
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.jobs.models import JobRun, ScheduledNotice
from icv.jobs.report_notices import queue_report_notices
from icv.jobs.runs import run
from icv.notifications.models import OutboxStatus
from icv.visits.models import VisitReport
from icv.volunteers.models import Volunteer
from tests.mail import outbox
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    NOW,
    answers,
    fill_report,
    frozen,
    ids,
    make_report,
    start_report,
)
from tests.smtp_inbox import smtp_port, smtp_server  # noqa: F401 (fixtures)

NOT_URGENT = {"issues": {"issues-0-is_urgent": ""}}


def send(login, ids, persona: str = "volunteer", **changes) -> int:
    """Val's report of the visit with Sam (an urgent issue unless ``changes`` say otherwise),
    sent by ``persona`` (the coordinator files it for the visitors); the report's id."""
    client = login(persona)
    key = start_report(client, on_behalf=persona == "coordinator")
    fill_report(client, key, answers(ids["suite"], ids["sam"], ids["val"], **changes))
    response = client.post(f"/reports/draft/{key}/check")
    assert response.status_code == 302, response.text
    client.post("/sign-out")
    return int(response.headers["Location"].rsplit("/", 1)[1])


def mailed() -> list[tuple[str, str]]:
    return [(m.kind, m.to_address) for m in outbox()]


def queue() -> str:
    """One run of the step, committed as the outbox job commits it; what it says it did."""
    outcome = queue_report_notices()
    db.session.commit()
    return outcome.summary


def notice_outcomes() -> list[str | None]:
    notices = select(ScheduledNotice).where(ScheduledNotice.kind == "report_mails")
    return [n.outcome for n in db.session.scalars(notices.order_by(ScheduledNotice.id))]


def test_a_sent_reports_mails_are_queued_once_however_often_the_step_runs(app, login, ids):
    report_id = send(login, ids)
    with app.app_context():
        report = db.session.get(VisitReport, report_id)
        assert report.notices_queued_at is None
        changed_at = report.updated_at
        assert mailed() == []  # the send queued nothing
        assert queue() == "queued the mails of 1 sent report"
        assert mailed() == [
            ("report-confirm", "sam@example.org"),
            ("issue-urgent", "chris@example.org"),
        ]
        assert notice_outcomes() == ["mailed the partner and 1 coordinator"]
        report = db.session.get(VisitReport, report_id, populate_existing=True)
        assert report.notices_queued_at == NOW
        assert report.updated_at == changed_at  # not a change to the report
        assert queue() == "nothing to do"
        assert len(mailed()) == 2


def test_two_runs_at_once_queue_the_mails_once(app, login, ids):
    """A second scheduler's run waits for the first's claim, then finds it taken."""
    send(login, ids)
    with app.app_context():
        first = queue_report_notices()  # held, not yet committed
        assert first.summary == "queued the mails of 1 sent report"
        second: list[str] = []

        def second_scheduler() -> None:
            with app.app_context():
                second.append(queue())

        other = threading.Thread(target=second_scheduler)
        other.start()
        other.join(timeout=0.5)
        assert other.is_alive()  # blocked behind the first run's claim
        db.session.commit()
        other.join(timeout=10)
        assert second == ["nothing to do"]
        assert mailed() == [
            ("report-confirm", "sam@example.org"),
            ("issue-urgent", "chris@example.org"),
        ]


def test_a_report_with_no_urgent_issue_mails_only_the_partner(app, login, ids):
    send(login, ids, **NOT_URGENT)
    with app.app_context():
        assert queue() == "queued the mails of 1 sent report"
        assert mailed() == [("report-confirm", "sam@example.org")]
        assert notice_outcomes() == ["mailed the partner"]


def test_a_report_the_office_filed_mails_no_partner(app, login, ids):
    send(login, ids, "coordinator")
    send(login, ids, "coordinator", visit={"visit_date": ["12", "11", "2026"]}, **NOT_URGENT)
    with app.app_context():
        assert queue() == "queued the mails of 2 sent reports"
        assert mailed() == [("issue-urgent", "chris@example.org")]
        assert notice_outcomes() == ["mailed 1 coordinator", "nobody to mail"]


def test_an_inactive_partner_and_coordinator_are_not_mailed(app, login, ids, personas):
    """Who is mailed is decided when the mails are queued: accounts closed since the send
    get nothing, a coordinator appointed since is told."""
    send(login, ids)
    with app.app_context():
        db.session.get(Volunteer, ids["sam"]).user.is_active = False
        db.session.get(User, personas["coordinator"]).is_active = False
        db.session.commit()
        assert queue() == "queued the mails of 1 sent report"
        assert mailed() == []
        assert notice_outcomes() == ["nobody to mail"]


def test_a_report_confirmed_before_its_mails_are_queued_asks_nobody_to_confirm(app, login, ids):
    """The partner confirmed it from the list of reports to confirm within that minute."""
    report_id = send(login, ids)
    with app.app_context():
        report = db.session.get(VisitReport, report_id)
        report.cosigned_at, report.cosigned_by_id = (
            NOW,
            db.session.get(Volunteer, ids["sam"]).user_id,
        )
        db.session.commit()
        assert queue() == "queued the mails of 1 sent report"
        assert mailed() == [("issue-urgent", "chris@example.org")]


def test_reports_stored_but_not_sent_from_the_form_mail_nobody(app, ids, tmp_path):
    """An import and the demo store reports through ``store_report``, the import's rows
    through a bulk insert: each is done as it is stored (its visitors were never asked)."""
    from icv.suites.models import Suite

    with app.app_context():
        suite = db.session.get(Suite, ids["suite"])
        val, sam = (db.session.get(Volunteer, ids[k]) for k in ("val", "sam"))
        stored = make_report(suite, visitor_1_id=val.id, visitor_2_id=sam.id)
        db.session.commit()
        assert stored.notices_queued_at == NOW
        names = (val.user.name, sam.user.name)
        result = app.test_cli_runner().invoke(args=["import", "visits", imported(tmp_path, *names)])
        assert result.exit_code == 0, result.output
        assert result.stdout == "Imported 1 visits (0 already there).\n"
        [imported_report] = db.session.scalars(
            select(VisitReport).where(VisitReport.source == "import")
        )
        assert (imported_report.visitor_1_id, imported_report.visitor_2_id) == (val.id, sam.id)
        waiting = select(VisitReport).where(VisitReport.notices_queued_at.is_(None))
        assert db.session.scalars(waiting).all() == []
        assert queue() == "nothing to do"
        assert mailed() == []


def imported(folder: Path, first: str, second: str) -> str:
    """A file of one historical visit by these two volunteers."""
    path = folder / "visits.csv"
    path.write_text(
        "suite,date,arrived,admitted,left,visitor_1,visitor_2,"
        "in_custody,offered,spoken,observed,declined,not_offered,juveniles\n"
        f"Leamington Spa,2016-01-05,19:30,19:35,21:00,{first},{second},6,4,3,1,1,1,0\n",
        encoding="utf-8",
    )
    return str(path)


def test_the_outbox_job_queues_the_mails_and_delivers_them_in_the_same_run(
    app, login, ids, smtp_server
):
    send(login, ids)
    with app.app_context():
        entry = run("deliver_outbox")
        assert entry.summary == (
            "queued the mails of 1 sent report; attempted 2 messages; 0 waiting to retry"
        )
        assert sorted(to for to, _ in smtp_server.messages) == [
            ["chris@example.org"],
            ["sam@example.org"],
        ]
        assert {m.status for m in outbox()} == {OutboxStatus.SENT}


def test_a_report_whose_mails_fail_holds_up_no_other_mail(
    app, login, ids, smtp_server, monkeypatch
):
    """The run fails with the error (the administrators' jobs page shows it), the report
    waits for the next run, and another report's mails and the outbox go all the same."""
    from icv.jobs import report_notices
    from tests.smtp_inbox import queue_invitation

    broken_id = send(login, ids)
    other_id = send(login, ids, visit={"visit_date": ["12", "11", "2026"]}, **NOT_URGENT)
    works = report_notices.queue_mails_of

    def broken_for_one(report, coordinators):
        if report.id == broken_id:
            works(report, coordinators)  # its partner's mail queued, then undone
            raise RuntimeError("template missing")
        return works(report, coordinators)

    monkeypatch.setattr(report_notices, "queue_mails_of", broken_for_one)
    with app.app_context():
        queue_invitation("new@example.org")
        entry = run("deliver_outbox")
        error = (
            "NoticesFailed, put back for the next run: "
            f"report_mails of visit_reports {broken_id}: RuntimeError: template missing"
        )
        assert (entry.status, entry.error) == ("failed", error)
        # The other report's partner, and the invitation; nothing of the broken report.
        assert sorted(to for to, _ in smtp_server.messages) == [
            ["new@example.org"],
            ["sam@example.org"],
        ]
        # Its mails wait; what the send left (audit, count, the summary's figures) is done, so
        # the summary's kept figures are read again (no report waits).
        waiting = select(VisitReport.id).where(VisitReport.notices_queued_at.is_(None))
        assert db.session.scalars(waiting).all() == []
        audited = select(AuditEvent.object_id).where(AuditEvent.action == "report.submitted")
        assert sorted(db.session.scalars(audited)) == sorted([str(broken_id), str(other_id)])
        monkeypatch.undo()
        assert run("deliver_outbox").status == "succeeded"
        assert len(smtp_server.messages) == 2 + 2  # its partner, and the urgent issue's mail
        assert len(db.session.scalars(audited).all()) == 2  # once each
        # In the order they ran: without ORDER BY, PostgreSQL returns the rows in whatever order
        # its pages hold them (the failed run's row came second in one of four stress runs).
        runs = db.session.scalars(select(JobRun).order_by(JobRun.id))
        assert [r.status for r in runs] == ["failed", "succeeded"]
    assert other_id != broken_id


def test_the_outbox_command_queues_the_others_and_says_which_wait(
    app, login, ids, smtp_server, monkeypatch
):
    from icv.jobs import report_notices

    broken_id = send(login, ids)
    send(login, ids, visit={"visit_date": ["12", "11", "2026"]}, **NOT_URGENT)
    works = report_notices.queue_mails_of

    def broken_for_one(report, coordinators):
        if report.id == broken_id:
            raise RuntimeError("template missing")
        return works(report, coordinators)

    monkeypatch.setattr(report_notices, "queue_mails_of", broken_for_one)
    result = app.test_cli_runner().invoke(args=["outbox", "deliver"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "outbox: 1 attempted, 0 waiting to retry",
        "Error: some sent reports' mails wait for the next run: "
        f"report_mails of visit_reports {broken_id}: RuntimeError: template missing",
    ]
    assert [to for to, _ in smtp_server.messages] == [["sam@example.org"]]


def test_a_report_sent_when_the_send_wrote_its_audit_row_is_not_audited_twice(app, login, ids):
    """Sent before the after-send job wrote the audit row (the send wrote it, and left the
    mails waiting): the job writes no second row."""
    from icv.audit.services import record_at_once

    report_id = send(login, ids)
    with app.app_context():
        report = db.session.get(VisitReport, report_id)
        record_at_once(report.submitted_by, "report.submitted", report, "Sent by a visitor")
        db.session.commit()
        assert queue() == "queued the mails of 1 sent report"
        audited = select(AuditEvent.summary).where(AuditEvent.action == "report.submitted")
        assert db.session.scalars(audited).all() == ["Sent by a visitor"]
