"""The coordinator's weekly digest: its sections, once a week, and only with something in it."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
import time_machine

from icv.accounts.models import User
from icv.accounts.roles import Role
from icv.extensions import db
from icv.jobs.digest import SECTIONS
from icv.jobs.models import ScheduledNotice
from icv.jobs.runs import run
from tests.factories import make_application, make_user, make_volunteer
from tests.mail import outbox

#: Monday 30 November 2026, 07:30 in London (GMT).
MONDAY = dt.datetime(2026, 11, 30, 7, 30, tzinfo=dt.UTC)


@pytest.fixture
def clock(ctx, personas):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def late_application(clock):
    late = make_application(
        name="Jo Applicant",
        reference="ICV-7K3M9Q",
        stage="interview",
        stage_changed_at=MONDAY - dt.timedelta(days=20),
    )
    make_application(email="new@example.net", stage_changed_at=MONDAY - dt.timedelta(days=3))
    db.session.commit()
    return late


@pytest.fixture
def vetting_due(personas, clock):
    make_volunteer(
        db.session.get(User, personas["volunteer"]), vetting_expires_on=date(2026, 12, 24)
    )
    db.session.commit()


def test_it_lists_each_section_with_something_in_it(late_application, vetting_due):
    first = run("weekly_digest")
    assert (first.did_something, first.summary) == (True, "sent 1 weekly digest")
    [digest] = outbox()
    assert (digest.to_address, digest.kind, digest.subject) == (
        "chris@example.org",
        "weekly-digest",
        "Weekly digest for the week of 30 November 2026",
    )
    assert digest.body_text == (
        "Dear Chris,\n\n"
        "What needs attention in the week of 30 November 2026:\n\n"
        "Applications past their stage's target time (1)\n"
        "- Jo Applicant (ICV-7K3M9Q): interview for 20 days, target 14\n"
        "See all: http://icv.test/applications\n\n"
        "Volunteers needing attention (1)\n"
        "- Val Person: vetting due 24 Dec 2026\n"
        "See all: http://icv.test/volunteers\n\n"
        "Independent Custody Visiting Scheme"
    )
    assert (
        "<li>Jo Applicant (ICV-7K3M9Q): interview for 20 days, target 14</li>" in digest.body_html
    )


def test_it_goes_out_once_a_week(late_application, clock):
    run("weekly_digest")
    assert run("weekly_digest").summary == "nothing to do"
    clock.shift(dt.timedelta(days=2))  # a run missed on Monday, caught up on Wednesday
    run("weekly_digest")
    assert len(outbox()) == 1
    clock.shift(dt.timedelta(days=5))  # the next Monday
    run("weekly_digest")
    assert [m.subject for m in outbox()] == [
        "Weekly digest for the week of 30 November 2026",
        "Weekly digest for the week of 7 December 2026",
    ]


def test_it_sends_nothing_when_nothing_needs_attention(clock):
    make_application(stage_changed_at=MONDAY - dt.timedelta(days=3))
    db.session.commit()
    assert run("weekly_digest").summary == "nothing to do"
    assert outbox() == []
    assert db.session.scalars(db.select(ScheduledNotice)).all() == []


def test_every_coordinator_gets_it_and_only_the_volunteers_section_when_that_is_all(
    vetting_due, clock
):
    make_user("kim@example.org", roles={Role.COORDINATOR, Role.ADMIN})
    make_user("gone@example.org", roles={Role.COORDINATOR}, is_active=False)
    db.session.commit()
    assert run("weekly_digest").summary == "sent 1 weekly digest"
    assert [m.to_address for m in outbox()] == ["chris@example.org", "kim@example.org"]
    assert "Applications past" not in outbox()[0].body_text
    notice = db.session.scalars(db.select(ScheduledNotice)).one()
    assert (notice.key, notice.outcome) == ("2026-W49", "mailed 2 coordinators")


def test_the_sections_are_the_ones_built_so_far():
    assert [section.title for section in SECTIONS] == [
        "Applications past their stage's target time",
        "Volunteers needing attention",
        "Unfilled visits in the next 4 weeks",
        "Requests to swap or drop a visit",
        "Visits with no report yet",
        "Open serious issues",
        "Issues overdue for the force's response",
    ]


def test_the_rota_and_report_sections_list_what_needs_doing_with_links(personas, clock):
    from datetime import time

    from icv.rota.models import RequestStatus, SwapRequest, VisitStatus
    from icv.rota.services import set_status
    from icv.visits.models import VisitIssue
    from icv.visits.values import IssueValues
    from tests.reporting import make_report
    from tests.rota_jobs import make_rota

    rota = make_rota(personas)  # Leamington Spa needs one visit a week
    overdue = rota.visit(date(2026, 11, 27))  # last Friday, no report yet
    set_status(rota.visit(date(2026, 11, 26)), VisitStatus.COMPLETED)
    set_status(rota.visit(date(2026, 11, 24)), VisitStatus.MISSED)
    this_week = rota.visit(date(2026, 12, 2))
    rota.visit(date(2026, 12, 16))  # weeks of 7 and 21 December stay unfilled
    swap = SwapRequest(
        visit=this_week,
        volunteer=rota.sam,
        kind="drop",
        reason="Away",
        created_at=MONDAY - dt.timedelta(days=3),
    )
    done = SwapRequest(visit=this_week, volunteer=rota.val, kind="swap", reason="x")
    done.status = RequestStatus.DECLINED
    db.session.add_all([swap, done])
    serious = [
        IssueValues("treatment", "A detainee was not given a blanket"),
        IssueValues("supplies", "No paper towels"),
    ]
    found = make_report(rota.suite, visit_date=date(2026, 11, 10), issues=serious)
    closed = make_report(
        rota.suite, visit_date=date(2026, 11, 12), arrived_at=time(9, 0), issues=serious[:1]
    )
    db.session.flush()
    found.issues[0].is_serious = closed.issues[0].is_serious = True
    closed.issues[0].status = "closed"
    db.session.commit()
    issue = db.session.scalars(
        db.select(VisitIssue).where(VisitIssue.is_serious, VisitIssue.status == "new")
    ).one()

    assert run("weekly_digest").summary == "sent 1 weekly digest"
    [digest] = outbox("weekly-digest")
    assert digest.body_text == (
        "Dear Chris,\n\n"
        "What needs attention in the week of 30 November 2026:\n\n"
        "Unfilled visits in the next 4 weeks (2)\n"
        "- Leamington Spa, week of 7 Dec 2026: 1 visit unfilled\n"
        f"  http://icv.test/rota/{rota.published.id}\n"
        "- Leamington Spa, week of 21 Dec 2026: 1 visit unfilled\n"
        f"  http://icv.test/rota/{rota.published.id}\n"
        "See all: http://icv.test/rota\n\n"
        "Requests to swap or drop a visit (1)\n"
        "- Sam Person asks to drop: Leamington Spa, Wed 2 Dec 2026 (asked 3 days ago)\n"
        f"  http://icv.test/rota/requests/{swap.id}\n"
        "See all: http://icv.test/rota/requests\n\n"
        "Visits with no report yet (1)\n"
        "- Leamington Spa, Fri 27 Nov 2026, evening (18:00 to 22:00): Val Person and Sam Person\n"
        f"  http://icv.test/rota/visits/{overdue.id}\n\n"
        "Open serious issues (1)\n"
        "- Leamington Spa, raised 10 Nov 2026: Treatment and allegations, new, open 20 days\n"
        f"  http://icv.test/issues/{issue.id}\n"
        "See all: http://icv.test/issues?serious=y\n\n"
        "Independent Custody Visiting Scheme"
    )
    assert (
        f'<li><a href="http://icv.test/rota/visits/{overdue.id}">Leamington Spa, Fri 27 Nov 2026'
        in digest.body_html
    )
    assert '<p><a href="http://icv.test/issues?serious=y">See all</a></p>' in digest.body_html
    assert "blanket" not in digest.body_text  # issues are listed by category, not described
