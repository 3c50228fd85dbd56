"""Rota drafts in the background: the page queues the period, the scheduler's job solves it
and keeps its quality figures, and the rota's page reads them back without the checker."""

from __future__ import annotations

from datetime import UTC, date, datetime
from unittest import mock

import pytest
import time_machine
from sqlalchemy import select

from icv.extensions import db
from icv.jobs import runs
from icv.jobs.claims import settle
from icv.jobs.models import ScheduledNotice
from icv.jobs.rota_drafts import SOLVER_BROKE
from icv.rota.models import PlannedVisit, RotaPeriod
from icv.rota.services import solve_key
from tests import rota_planning
from tests.rota_planning import MONDAY, ask_for_draft, plan

#: The planning tests' scheme: two suites, a visit a week each, six volunteers.
scheme = rota_planning.scheme

#: 14:02 in London (GMT in December): what the planning page says it started at.
ASKED = datetime(2026, 12, 1, 14, 2, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(ASKED, tick=False) as traveller:
        yield traveller


def the_period() -> RotaPeriod:
    return db.session.scalars(select(RotaPeriod)).one()


def test_planning_a_period_queues_it_and_solves_nothing_in_the_request(app, login, scheme):
    coordinator = login("coordinator")
    with mock.patch("icv.rota.services.solve", side_effect=AssertionError("solved")) as solve:
        response = ask_for_draft(coordinator)
    assert solve.call_count == 0
    with app.app_context():
        period = the_period()
        assert response.status_code == 302
        assert response.headers["Location"] == f"/rota/{period.id}"
        assert (period.planning, period.queued_at, period.visits) == ("queued", ASKED, [])
        assert (period.starts_on, period.ends_on) == (MONDAY, date(2027, 2, 28))
    page = coordinator.get(response.headers["Location"]).text
    assert "Planning…" in page
    assert "Started at 14:02." in page
    assert "data-icv-planning" in page  # js/rota-planning.js shows the draft when it is ready
    assert "/static/js/rota-planning.js" in page
    assert (
        '<strong class="govuk-tag govuk-tag--blue">\n  Planning\n</strong>'
        in coordinator.get("/rota").text
    )
    # another period may not overlap the one being planned
    overlapping = ask_for_draft(coordinator, starts="22 2 2027", ends="14 3 2027")
    assert overlapping.status_code == 400
    assert "The period overlaps the rota for 4 Jan 2027 to 28 Feb 2027" in overlapping.text


def test_a_draft_still_waiting_after_ten_minutes_says_the_scheduler_may_be_down(
    app, login, scheme, frozen
):
    coordinator = login("coordinator")
    asked = ask_for_draft(coordinator).headers["Location"]
    late = "the scheduler that makes drafts may not be running"
    frozen.shift(600)  # exactly ten minutes: not late yet
    assert late not in coordinator.get(asked).text
    frozen.shift(1)
    assert late in coordinator.get(asked).text


def test_the_job_stores_the_draft_with_its_quality_once(app, login, scheme, frozen):
    coordinator = login("coordinator")
    ask_for_draft(coordinator)
    with app.app_context():
        assert runs.run("rota_drafts").summary == "made 1 rota draft"
        period = the_period()
        assert (period.planning, period.planning_error, len(period.visits)) == (None, None, 16)
        figures = period.quality["figures"]
        assert (figures["filled"], figures["required"], figures["visits"]) == (16, 16, 16)
        assert period.quality["gaps"] == []
        assert (period.quality_at, period.generated_at) == (ASKED, ASKED)
        notice = db.session.scalars(select(ScheduledNotice)).one()
        assert (notice.kind, notice.subject_id, notice.key) == (
            "rota_draft",
            period.id,
            f"{ASKED.isoformat()}/{period.seed}",
        )
        assert (notice.status, notice.outcome) == ("taken", "made the draft")
        assert runs.run("rota_drafts").summary == "nothing to do"
        assert len(the_period().visits) == 16
    page = coordinator.get(f"/rota/{period.id}").text
    assert "16 of 16 required visits planned." in page
    assert "rota-planning.js" not in page


def test_viewing_a_rota_reads_its_kept_figures_without_the_checker(app, login, scheme):
    coordinator = login("coordinator")
    plan(coordinator)
    with app.app_context():
        period_id = the_period().id
    broken = AssertionError("the checker ran on a view")
    with (
        mock.patch("icv.rota.queries.quality", side_effect=broken) as quality,
        mock.patch("icv.rota.queries.diagnose", side_effect=broken) as diagnose,
    ):
        for view in ("suite", "volunteer", "quality"):
            page = coordinator.get(f"/rota/{period_id}?view={view}")
            assert page.status_code == 200
            assert "16 of 16 required visits planned." in page.text
    assert (quality.call_count, diagnose.call_count) == (0, 0)
    assert "Ann" in page.text  # names come back from their keys


def test_a_change_to_the_visits_forgets_the_figures_and_the_next_view_works_them_out(
    app, login, scheme
):
    coordinator = login("coordinator")
    plan(coordinator)
    with app.app_context():
        period = the_period()
        db.session.delete(period.visits[0])
        db.session.commit()
        assert the_period().quality is None
    page = coordinator.get(f"/rota/{period.id}").text
    assert "15 of 16 required visits planned; 1 could not be filled" in page
    with app.app_context():
        assert the_period().quality["figures"]["filled"] == 15


def test_what_the_figures_do_not_read_keeps_them_and_a_cancellation_forgets_them(
    app, login, scheme
):
    """The figures read each visit's suite, day, band and visitors, cancelled ones left out:
    a place confirmed, a visit completed or missed keeps them; a visit cancelled, or
    brought back, forgets them."""
    plan(login("coordinator"))
    with app.app_context():
        kept = the_period().quality
        visit = the_period().visits[0]
        visit.visitors[0].confirmed_at = datetime(2026, 11, 24, 12, tzinfo=UTC)
        visit.status, visit.done_on, visit.done_band = "completed", visit.visit_on, visit.band
        db.session.commit()
        assert the_period().quality == kept
        the_period().visits[1].status = "missed"
        db.session.commit()
        assert the_period().quality == kept
        the_period().visits[1].status = "cancelled"
        db.session.commit()
        assert the_period().quality is None
        period = the_period()
        period.quality = kept
        db.session.commit()
        the_period().visits[1].status = "planned"
        db.session.commit()
        assert the_period().quality is None


def test_a_failed_solve_is_shown_with_the_dates_to_plan_again(app, login, scheme, frozen):
    """Asked for again at the same (frozen) moment: the new seed makes it a new claim."""
    coordinator = login("coordinator")
    ask_for_draft(coordinator)
    with app.app_context():
        with mock.patch("icv.rota.services.solve", side_effect=ValueError("no way")):
            assert runs.run("rota_drafts").summary == "failed 1 rota draft"
        period = the_period()
        assert (period.planning, period.planning_error, period.visits) == (
            "failed",
            SOLVER_BROKE,
            [],
        )
    page = coordinator.get(f"/rota/{period.id}").text
    assert "The draft rota could not be made" in page
    assert 'class="govuk-error-summary"' in page
    assert f'<a href="#starts_on">{SOLVER_BROKE}</a>' in page
    assert 'id="starts_on-day" name="starts_on" type="text" value="04"' in page
    assert 'id="ends_on-month" name="ends_on" type="text" value="02"' in page
    assert "rota-planning.js" not in page
    # wrong dates are refused next to the field, the period kept as it was
    wrong = coordinator.post(
        f"/rota/{period.id}/plan-again",
        data={"starts_on": ["5", "1", "2027"], "ends_on": ["31", "1", "2027"]},
    )
    assert wrong.status_code == 400
    assert "The period must start on a Monday; 5 January 2027 is a Tuesday" in wrong.text
    assert 'id="starts_on-day" name="starts_on" type="text" value="5"' in wrong.text
    again = coordinator.post(
        f"/rota/{period.id}/plan-again",
        data={"starts_on": ["4", "1", "2027"], "ends_on": ["31", "1", "2027"]},
    )
    assert again.headers["Location"] == f"/rota/{period.id}"
    with app.app_context():
        period = the_period()
        assert (period.planning, period.planning_error, period.ends_on) == (
            "queued",
            None,
            date(2027, 1, 31),
        )
        assert runs.run("rota_drafts").summary == "made 1 rota draft"
        assert len(the_period().visits) == 8


def test_a_draft_another_run_claimed_or_deleted_is_left_alone(app, login, scheme):
    coordinator = login("coordinator")
    ask_for_draft(coordinator)
    with app.app_context():
        period = the_period()
        key = solve_key(period)
        settle("rota_draft", ("rota_periods", period.id), key, period.queued_at, "made the draft")
        db.session.commit()
        assert runs.run("rota_drafts").summary == "nothing to do"
        assert (the_period().planning, the_period().visits) == ("queued", [])
        db.session.delete(the_period())
        db.session.commit()
        assert runs.run("rota_drafts").summary == "nothing to do"
        assert db.session.scalar(select(PlannedVisit.id)) is None


def test_the_command_line_makes_a_draft_at_once(app, scheme):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["rota", "plan", "2027-01-04", "2027-02-28"])
    assert made.exit_code == 0, made.output
    with app.app_context():
        period = the_period()
        assert made.output == f"Draft rota {period.id} for 4 Jan 2027 to 28 Feb 2027: 16 visits\n"
        assert (period.planning, period.quality["figures"]["filled"]) == (None, 16)
    refused = runner.invoke(args=["rota", "plan", "2027-02-22", "2027-03-14"])
    assert refused.exit_code == 1
    assert "The period overlaps the rota for 4 Jan 2027 to 28 Feb 2027" in refused.output
