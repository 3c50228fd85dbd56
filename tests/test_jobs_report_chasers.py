"""Report chasers: the visitors the day after, the coordinator after 3 days, missed after 7."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.jobs.runs import run
from icv.notifications.preferences import set_reminders
from icv.rota.models import VisitStatus
from icv.rota.outcomes import mark_missed
from icv.rota.services import RotaError, set_status
from tests.mail import outbox
from tests.rota_jobs import at, make_rota, notices, sent

#: Monday 23 November 2026 is the visit; the job runs at 09:00 in London.
VISIT_DAY = date(2026, 11, 23)


def morning(days_after: int):
    return at(VISIT_DAY + timedelta(days=days_after), 9, 0)


@pytest.fixture
def clock(ctx):
    with time_machine.travel(at(VISIT_DAY, 12, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def rota(personas, clock):
    return make_rota(personas)


def test_the_visitors_are_reminded_the_day_after_once(rota, clock):
    visit = rota.visit(VISIT_DAY)
    assert run("report_chasers").summary == "nothing to do"  # the day itself
    clock.move_to(morning(1))
    first = run("report_chasers")
    assert (first.did_something, first.summary) == (True, "sent 2 report reminders")
    assert sent() == [
        ("val@example.org", "report-reminder", "Please write the report of your custody visit"),
        ("sam@example.org", "report-reminder", "Please write the report of your custody visit"),
    ]
    assert outbox()[0].body_text == (
        "Dear Val,\n\n"
        "No report has been filed yet for your visit:\n\n"
        "Monday 23 November 2026, evening (18:00 to 22:00), Leamington Spa, with Sam\n\n"
        "Please write it, or check with your partner that one of you does:\n\n"
        "http://icv.test/reports\n\n"
        "Reports are due by 30 November 2026. After that the visit counts as missed.\n\n"
        "You can choose which reminders you get by email: http://icv.test/account/reminders\n\n"
        "Office of the Police and Crime Commissioner"
    )
    assert run("report_chasers").summary == "nothing to do"
    clock.move_to(morning(2))
    assert run("report_chasers").summary == "nothing to do"
    assert notices("report_reminder") == [
        (visit.id, f"{rota.val.id}/2026-11-23", "mailed the volunteer"),
        (visit.id, f"{rota.sam.id}/2026-11-23", "mailed the volunteer"),
    ]


def test_the_coordinator_is_told_after_three_days_once(rota, clock):
    visit = rota.visit(VISIT_DAY)
    clock.move_to(morning(1))
    run("report_chasers")
    clock.move_to(morning(3))
    assert run("report_chasers").summary == "listed 1 overdue report"
    assert run("report_chasers").summary == "nothing to do"
    clock.move_to(morning(4))
    assert run("report_chasers").summary == "nothing to do"
    assert sent()[2:] == [
        ("chris@example.org", "reports-overdue-coordinator", "Reports not written: 1 visit")
    ]
    assert outbox()[2].body_text == (
        "Dear Chris,\n\n"
        "No report has been filed for these visits. Their visitors were reminded the day "
        "after; a visit with no report by the scheme's deadline (7 days after it) counts as "
        "missed.\n\n"
        "- Monday 23 November 2026, evening (18:00 to 22:00), Leamington Spa (3 days ago): "
        "Val Person and Sam Person\n"
        f"  http://icv.test/rota/visits/{visit.id}\n\n"
        "Independent Custody Visiting Scheme"
    )


def test_the_visit_is_marked_missed_when_the_deadline_has_passed_and_not_a_day_before(rota, clock):
    visit = rota.visit(VISIT_DAY)
    clock.move_to(morning(7))  # the last day of the deadline: a report may still come
    run("report_chasers")
    assert visit.status == VisitStatus.PLANNED
    clock.move_to(morning(8))
    assert run("report_chasers").summary == "marked 1 visit missed"
    db.session.refresh(visit)
    assert (visit.status, visit.status_changed_at) == (VisitStatus.MISSED, morning(8))
    audit = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "rota.visit_missed")
    ).all()
    assert [(a.actor_id, a.object_id, a.summary) for a in audit] == [
        (
            None,
            str(visit.id),
            "Leamington Spa visit on 23 Nov 2026 missed: no report by 30 Nov 2026",
        )
    ]
    assert run("report_chasers").summary == "nothing to do"
    clock.move_to(morning(9))
    assert run("report_chasers").summary == "nothing to do"
    assert len(audit) == 1
    with pytest.raises(RotaError, match="Only a planned visit"):
        mark_missed(visit, VISIT_DAY)


def test_a_scheduler_down_for_days_catches_up_within_the_deadline(rota, clock):
    rota.visit(VISIT_DAY)
    clock.move_to(morning(5))
    assert run("report_chasers").summary == "sent 2 report reminders; listed 1 overdue report"
    assert "(5 days ago)" in outbox("reports-overdue-coordinator")[0].body_text


def test_a_visit_with_its_report_filed_is_not_chased(rota, clock):
    filed = rota.visit(VISIT_DAY)
    set_status(filed, VisitStatus.COMPLETED)  # what filing its report does
    rota.visit(VISIT_DAY - timedelta(days=1), period=rota.draft)  # never published
    db.session.commit()
    for days in (1, 3, 8):
        clock.move_to(morning(days))
        assert run("report_chasers").summary == "nothing to do"
    assert outbox() == []


def test_a_report_filed_after_the_reminder_stops_the_chase(rota, clock):
    visit = rota.visit(VISIT_DAY)
    clock.move_to(morning(1))
    run("report_chasers")
    set_status(visit, VisitStatus.COMPLETED)
    db.session.commit()
    for days in (3, 8):
        clock.move_to(morning(days))
        assert run("report_chasers").summary == "nothing to do"
    assert visit.status == VisitStatus.COMPLETED


def test_a_volunteer_who_turned_report_reminders_off_gets_none_but_the_coordinator_is_told(
    rota, clock
):
    set_reminders(rota.sam.user, rota.sam.user, {"vetting", "term", "visit", "unconfirmed"})
    db.session.commit()
    rota.visit(VISIT_DAY)
    clock.move_to(morning(3))
    assert run("report_chasers").summary == "sent 1 report reminder; listed 1 overdue report"
    assert [(to, kind) for to, kind, _ in sent()] == [
        ("val@example.org", "report-reminder"),
        ("chris@example.org", "reports-overdue-coordinator"),
    ]


def test_one_mail_to_the_coordinator_lists_every_overdue_visit_oldest_first(rota, clock):
    older = rota.visit(VISIT_DAY - timedelta(days=1), [rota.val])
    newer = rota.visit(VISIT_DAY, [rota.sam], band="late")
    clock.move_to(morning(3))
    run("report_chasers")
    [alert] = outbox("reports-overdue-coordinator")
    assert alert.subject == "Reports not written: 2 visits"
    assert alert.body_text.index(f"/rota/visits/{older.id}") < alert.body_text.index(
        f"/rota/visits/{newer.id}"
    )
    assert "Leamington Spa (4 days ago): Val Person\n" in alert.body_text
    assert "late night (22:00 to 07:00), Leamington Spa (3 days ago): Sam Person\n" in (
        alert.body_text
    )
