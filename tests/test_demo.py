from __future__ import annotations

import datetime as dt
from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from icv.accounts.models import User
from icv.accounts.rules import independence_problem, liaison_suites_problem
from icv.audit.models import AuditEvent
from icv.clock import today_local
from icv.demo import DEMO_TOTP_SECRET
from icv.extensions import db
from icv.rota.rules import monday_of
from icv.suites.liaisons import liaison_suites
from icv.suites.models import Suite
from icv.visits.models import VisitReport
from tests.conftest import sign_in


def counts() -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (User, Suite, AuditEvent)
    )


def test_the_demo_loads_once_and_prints_the_logins(app, ctx):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0
    assert "Demo scheme loaded. Sign in at http://icv.test/sign-in with:" in first.output
    assert "coordinator@example.org   coordinator" in first.output
    assert "password for every demo account: demo-custody-visits" in first.output
    after_first = counts()
    assert after_first[:2] == (14, 2)  # a login per role, and seven more volunteers
    second = runner.invoke(args=["demo"])
    assert second.output == first.output
    assert counts() == after_first
    names = db.session.scalars(select(Suite.name).order_by(Suite.name)).all()
    assert names == ["Leamington Spa", "Nuneaton"]
    for user in db.session.scalars(select(User)):  # a custody liaison holds no other role
        assert independence_problem(user.held_roles) is None
        assert liaison_suites_problem(user.held_roles, len(liaison_suites(user))) is None


def test_the_demo_has_an_application_at_every_stage(app, ctx):
    from icv.applications.models import Application
    from icv.applications.stages import Stage
    from icv.volunteers.models import Volunteer

    app.test_cli_runner().invoke(args=["demo"])
    stages = set(db.session.scalars(select(Application.stage)))
    assert stages == {stage.value for stage in Stage}
    eligibility = dict(db.session.execute(select(Application.name, Application.eligibility)).all())
    assert eligibility["Tom Baker"] == "refer"
    assert eligibility["Jade Young"] == "fail"
    assert list(eligibility.values()).count("pass") == len(eligibility) - 2
    from icv.rota.demo import PANEL

    volunteers = {v.user.email: v.status for v in db.session.scalars(select(Volunteer))}
    assert volunteers == {
        "volunteer@example.org": "active",
        "volunteer2@example.org": "active",
        "volunteer3@example.org": "probation",
        **{email: "active" for _, email, *_ in PANEL},
    }


def test_the_demo_has_a_published_rota_a_draft_and_a_request(app, ctx):
    from icv.rota import problem_from_db
    from icv.rota.engine.checker import violations
    from icv.rota.models import RotaPeriod, SwapRequest

    app.test_cli_runner().invoke(args=["demo"])
    *history, published, draft = db.session.scalars(
        select(RotaPeriod).order_by(RotaPeriod.starts_on)
    )
    assert (published.status, draft.status) == ("published", "draft")
    assert published.starts_on == monday_of(today_local())
    # The history: every report of a published week was of a planned visit, some were missed.
    assert {p.status for p in history} == {"published"}
    assert history[0].starts_on == date(2024, 12, 30)
    assert history[-1].ends_on == published.starts_on - timedelta(days=1)
    reports = db.session.scalars(
        select(VisitReport).where(
            VisitReport.visit_date.between(date(2025, 1, 1), history[-1].ends_on)
        )
    ).all()
    assert all(r.planned_visit and r.planned_visit.status == "completed" for r in reports)
    statuses = {v.status for p in history for v in p.visits}
    assert statuses == {"completed", "missed", "cancelled"}
    assert draft.starts_on == published.ends_on + timedelta(days=1)
    assert (published.allocation, draft.allocation) == ("day", "week")
    assert {v.band for v in draft.visits} == {"week"}
    assert len(draft.visits) >= 13 * 3 - len(draft.unfilled)
    for period in (published, draft):
        built = problem_from_db.build_problem(
            period.starts_on, period.ends_on, 0, today_local(), allocation=period.allocation
        )
        assert violations(built.problem, problem_from_db.period_visits(period)) == []
    swap = db.session.scalars(select(SwapRequest)).one()
    assert (swap.volunteer.user.email, swap.status) == ("volunteer2@example.org", "open")


def test_every_demo_login_works(app):
    # Requests run outside any outer app context, so each client has its own signed-in user.
    app.test_cli_runner().invoke(args=["demo"])
    with app.app_context():
        people = db.session.execute(select(User.email, User.name)).all()
    for email, name in people:
        client = app.test_client()
        response = sign_in(client, email, "demo-custody-visits", secret=DEMO_TOTP_SECRET)
        assert (response.status_code, response.headers["Location"]) == (302, "/"), email
        home = client.get("/")
        assert home.status_code == 200, email
        assert f'<span class="icv-header__user">{name}</span>' in home.text


def test_the_demo_has_a_year_of_visit_reports_for_the_summary(app, ctx):
    import datetime as dt

    import time_machine

    from icv.visits.models import ReportDraft, VisitIssue, VisitReport

    with time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC), tick=False):
        app.test_cli_runner().invoke(args=["demo"])
        before = db.session.scalar(select(func.count()).select_from(VisitReport))
        app.test_cli_runner().invoke(args=["demo"])
    assert db.session.scalar(select(func.count()).select_from(VisitReport)) == before == 314
    in_2025 = select(Suite.name, func.count()).join(VisitReport.suite)
    in_2025 = in_2025.where(
        VisitReport.visit_date.between(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    )
    assert dict(db.session.execute(in_2025.group_by(Suite.name)).all()) == {
        "Leamington Spa": 78,
        "Nuneaton": 89,
    }
    outcomes = dict(
        db.session.execute(
            select(VisitReport.outcome, func.count()).group_by(VisitReport.outcome)
        ).all()
    )
    assert outcomes == {"completed": 303, "no_access": 8, "abandoned": 3}
    statuses = set(db.session.scalars(select(VisitIssue.status)))
    assert statuses == {"new", "with_force", "responded", "closed"}
    tact = db.session.scalars(select(VisitReport).where(VisitReport.tact_visited)).one()
    assert tact.tact_copy_sent_on is None
    unreviewed = select(func.count()).where(VisitReport.reviewed_at.is_(None))
    assert db.session.scalar(unreviewed) == 4
    assert db.session.scalar(select(func.count()).select_from(ReportDraft)) == 1


def test_the_demo_publishes_2025_once(app, ctx):
    import datetime as dt

    import time_machine

    from icv.summary.models import AnnualSummary
    from icv.summary.rules import Period
    from icv.summary.services import summary_for
    from icv.visits.models import VisitReport

    with time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC), tick=False):
        app.test_cli_runner().invoke(args=["demo"])
        first = db.session.scalars(select(AnnualSummary)).one()
        published = dict(first.published)
        app.test_cli_runner().invoke(args=["demo"])
        summary = summary_for(Period(2025), dt.date(2026, 11, 24))
    stored = db.session.scalars(select(AnnualSummary)).one()
    assert (stored.year, stored.basis, stored.published) == (2025, "calendar", published)
    assert stored.signed_off_at == dt.datetime(2026, 1, 20, 10, tzinfo=dt.UTC)
    assert stored.signed_off_by.email == "commissioner@example.org"
    assert stored.narrative.startswith("Visitors made unannounced visits to both custody suites")
    completed = select(func.count()).where(
        VisitReport.outcome == "completed",
        VisitReport.visit_date.between(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    )
    assert summary.figures["visits"]["completed"] == db.session.scalar(completed) == 163
    # Nothing has changed since it was signed off.
    assert summary.corrections == []


def test_the_demo_staff_use_the_demo_key_and_the_cli_prints_its_code(app, ctx):
    import datetime as dt

    import pyotp
    import time_machine

    from icv.accounts.models import SecondFactor

    runner = app.test_cli_runner()
    refused = runner.invoke(args=["demo", "code"])
    assert refused.exit_code == 1
    assert refused.stderr == (
        "icv: the demo key is not in use here; load the demo first with `icv demo`\n"
    )
    loaded = runner.invoke(args=["demo"])
    assert (
        "  staff accounts ask for a code: add key DEMO ONLY DEMO ONLY DEMO ONLY DEMO ONLY to an "
        "authenticator app, or run `.venv/bin/icv demo code` for the current one"
    ) in loaded.output
    keyed = db.session.execute(select(User.email).join(SecondFactor)).scalars().all()
    assert sorted(keyed) == [
        "admin@example.org",
        "commissioner@example.org",
        "coordinator@example.org",
        "liaison@example.org",
    ]
    moment = dt.datetime(2026, 11, 24, 9, 30, 10, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        printed = runner.invoke(args=["demo", "code"])
    assert printed.exit_code == 0
    assert printed.stdout == pyotp.TOTP(DEMO_TOTP_SECRET).at(moment) + "\n"


def test_the_demo_code_command_says_when_the_database_is_not_ready(app, ctx, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def no_table():
        raise OperationalError("SELECT", {}, Exception("no such table: second_factors"))

    monkeypatch.setattr("icv.demo.demo_code", no_table)
    result = app.test_cli_runner().invoke(args=["demo", "code"])
    assert result.exit_code == 1
    assert result.stderr == (
        "icv: the database is not ready; run `icv db upgrade` and `icv demo` first\n"
    )


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2028, 2, 29, 23, 30, tzinfo=dt.UTC),  # a leap day, late at night
        dt.datetime(2030, 12, 31, 12, 0, tzinfo=dt.UTC),  # the last day of a year, years ahead
    ],
)
def test_the_demo_loads_on_any_date(app, ctx, moment):
    from icv.applications.models import Application
    from icv.applications.stages import Stage
    from icv.rota import problem_from_db
    from icv.rota.engine.checker import violations
    from icv.rota.models import RotaPeriod

    with time_machine.travel(moment, tick=False):
        assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
        today = today_local()
        stages = set(db.session.scalars(select(Application.stage)))
        assert stages == {stage.value for stage in Stage}
        jade = db.session.scalars(select(Application).where(Application.name == "Jade Young"))
        jade = jade.one()
        assert jade.eligibility == "fail"
        assert [f["rule"] for f in jade.eligibility_findings if f["outcome"] == "fail"] == ["age"]
        *_, published, draft = db.session.scalars(select(RotaPeriod).order_by(RotaPeriod.starts_on))
        assert published.starts_on == monday_of(today)
        for period in (published, draft):
            built = problem_from_db.build_problem(
                period.starts_on, period.ends_on, 0, today, allocation=period.allocation
            )
            assert violations(built.problem, problem_from_db.period_visits(period)) == []
        # The history of reports runs to this week (one or two visits a week per suite).
        latest = db.session.scalar(select(func.max(VisitReport.visit_date)))
        assert today - timedelta(days=7) <= latest < today
