"""A rota allocated by week, as the scheme runs it: the setting, a report on any day of the
week completing the visit, My visits, the calendar feed and the missed deadline."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import time_machine
from icalendar import Calendar
from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.rota import problem_from_db, services
from icv.rota.engine.problem import WEEK_BAND
from icv.rota.feed import visit_event
from icv.rota.models import PlannedVisit, RotaPeriod, VisitStatus
from icv.rota.queries import awaiting_report, visit_of_report
from icv.settings.models import SchemeSetting
from icv.settings.services import get_settings
from tests.factories import (
    make_period,
    make_planned_visit,
    make_suite,
    make_visitor,
    make_volunteer,
)

#: Monday 4 January 2027: the week of the visit; Sunday 10 January its last day.
MONDAY = date(2027, 1, 4)


@pytest.fixture
def week_visit(app, personas):
    """Val (the volunteer persona) and Sam on a visit to Leamington Spa in the week of
    4 January 2027, in a published rota allocated by week."""
    with time_machine.travel(date(2026, 12, 30), tick=False), app.app_context():
        suite = make_suite("Leamington Spa")
        val = make_volunteer(db.session.get(User, personas["volunteer"]), suites=[suite])
        sam = make_visitor("sam.s@example.org", [suite], name="Sam Second")
        period = make_period(MONDAY, weeks=2)
        period.allocation = "week"
        visit = make_planned_visit(period, suite, MONDAY, [val, sam], band=WEEK_BAND)
        db.session.commit()
        return {"visit": visit.id, "suite": suite.id, "val": val.id, "sam": sam.id}


@pytest.mark.parametrize(
    ("day", "arrived", "linked"),
    [
        (MONDAY, time(10, 0), True),
        (MONDAY + timedelta(days=3), time(19, 30), True),
        (MONDAY + timedelta(days=6), time(23, 0), True),  # Sunday late
        (MONDAY + timedelta(days=7), time(1, 0), True),  # Sunday's late night, after midnight
        (MONDAY + timedelta(days=7), time(10, 0), False),  # Monday of the next week
        (MONDAY - timedelta(days=1), time(10, 0), False),  # the Sunday before
    ],
)
def test_a_report_on_any_day_of_the_week_is_of_the_week_visit(
    app, week_visit, day, arrived, linked
):
    with app.app_context():
        found = visit_of_report(week_visit["suite"], day, arrived, {week_visit["sam"]}, None)
        assert (found.id if found else None) == (week_visit["visit"] if linked else None)


def test_a_report_two_days_after_the_monday_completes_the_visit(app, week_visit):
    from icv.visits.rota_link import link_report, say_filed
    from tests.reporting import make_report

    with app.app_context():
        suite = db.session.get(PlannedVisit, week_visit["visit"]).suite
        report = make_report(
            suite,
            visit_date=MONDAY + timedelta(days=2),
            arrived_at=time(19, 0),
            visitor_1_id=week_visit["val"],
            visitor_2_id=week_visit["sam"],
        )
        db.session.flush()
        values = _values_of(report)
        link_report(report, values)
        db.session.flush()
        say_filed(None, report)  # as a send does: the rota completes the visit
        db.session.commit()
        visit = db.session.get(PlannedVisit, week_visit["visit"])
        assert report.planned_visit_id == visit.id
        assert visit.status == VisitStatus.COMPLETED


def _values_of(report):
    from icv.visits.values import ReportValues

    return ReportValues(
        suite_id=report.suite_id,
        visit_date=report.visit_date,
        arrived_at=report.arrived_at,
        left_at=report.left_at,
        visitor_1_id=report.visitor_1_id,
        visitor_2_id=report.visitor_2_id,
    )


def test_a_week_visit_waits_for_its_report_until_its_week_is_over(app, week_visit):
    with app.app_context():
        sunday = MONDAY + timedelta(days=6)
        assert awaiting_report(sunday) == []  # the pair may still go on Sunday
        waiting = awaiting_report(sunday + timedelta(days=1))  # the week is over on Monday
        assert [v.id for v in waiting] == [week_visit["visit"]]
        assert db.session.get(PlannedVisit, week_visit["visit"]).last_day == sunday


def test_my_visits_says_the_week_and_leaves_the_time_to_the_pair(login, week_visit):
    with time_machine.travel(date(2027, 1, 6), tick=False):  # Wednesday of that week
        page = login("volunteer").get("/my-visits").text
    assert "Week of 4 January: visit Leamington Spa at a time you choose" in page
    assert "Any day from Monday 4 January to Sunday 10 January" in page
    assert "Write report" in page  # the week has begun: they may have been already


def test_the_calendar_has_an_all_day_event_lasting_the_week(app, week_visit):
    with app.app_context():
        visit = db.session.get(PlannedVisit, week_visit["visit"])
        event = visit_event(visit, visit.visitors[0].volunteer, "icv.example.org")
        parsed = Calendar.from_ical(event.to_ical())
        assert parsed.decoded("dtstart") == MONDAY
        assert parsed.decoded("dtend") == date(2027, 1, 11)
        assert "Choose the day and time in this week" in str(parsed["description"])


def test_the_rota_settings_choose_week_allocation_for_the_next_draft(app, login):
    client = login("coordinator")
    assert "By day: each visit" in client.get("/rota/settings").text
    response = client.post(
        "/rota/settings",
        data={"allocation": "week", "minimum_visits_per_month": "1", "pair_share_percent": "50"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/rota/settings"
    with app.app_context():
        assert db.session.get(SchemeSetting, "allocation").value == "week"
        period = make_period(date(2027, 1, 4), status="draft")
        services.draw_seed(period)
        assert period.allocation == "week"
        assert problem_from_db.build_for(period, date(2027, 1, 1)).problem.allocation == "week"


def test_the_rota_settings_refuse_an_unknown_allocation_next_to_the_field(login):
    response = login("coordinator").post(
        "/rota/settings",
        data={
            "allocation": "fortnight",
            "minimum_visits_per_month": "1",
            "pair_share_percent": "5",
        },
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "Not a valid choice" in response.text
    assert "must be from 10 to 100" in response.text


def test_a_volunteer_cannot_change_the_rota_settings(login):
    assert login("volunteer").get("/rota/settings").status_code == 403


def test_a_new_period_is_allocated_by_day_unless_the_scheme_says_week(app):
    with app.app_context():
        assert get_settings()["allocation"] == "day"
        period = make_period(date(2027, 1, 4), status="draft")
        services.draw_seed(period)
        assert period.allocation == "day"
        assert db.session.scalar(select(RotaPeriod.allocation)) == "day"


def test_the_quality_view_shows_the_days_and_times_the_pairs_chose(app, login, week_visit):
    with app.app_context():
        visit = db.session.get(PlannedVisit, week_visit["visit"])
        visit.status, visit.done_on, visit.done_band = "completed", date(2027, 1, 7), "evening"
        period_id = visit.period_id
        db.session.commit()
    with time_machine.travel(date(2027, 1, 8), tick=False):
        page = login("coordinator").get(f"/rota/{period_id}?view=quality").text
    assert "Days and times the pairs chose" in page
    assert "Same time as the week before" not in page
    assert "Leamington Spa: visits by weekday and time of day" in page


def test_the_reminder_of_a_week_visit_comes_before_its_monday(ctx, personas):
    from icv.jobs.runs import run
    from tests.mail import outbox as mails
    from tests.rota_jobs import at, make_rota

    with time_machine.travel(at(date(2026, 11, 24), 7, 10), tick=False) as clock:
        rota = make_rota(personas)
        rota.visit(date(2026, 11, 30), band=WEEK_BAND)  # the week from Monday 30 November
        assert run("visit_reminders").summary == "nothing to do"  # six days before
        clock.shift(timedelta(days=3))  # Friday 27th: three days before the Monday
        assert run("visit_reminders").summary == "sent 2 visit reminders"
    to_val = mails("visit-reminder")[0]
    assert to_val.subject == "Reminder: your week to make a custody visit starts in 3 days"
    assert "week of 30 November 2026 (any day and time you choose), Leamington Spa" in (
        to_val.body_text
    )
    assert "Agree the day and time with your partner" in to_val.body_text


def test_the_reminder_of_a_week_visit_to_a_welsh_volunteer_is_in_welsh(ctx, personas):
    from icv.jobs.runs import run
    from icv.settings import update_settings
    from tests.mail import outbox as mails
    from tests.rota_jobs import at, make_rota

    update_settings(None, {"welsh_offered": True})
    db.session.scalars(User.by_email("val@example.org")).one().language = "cy"
    with time_machine.travel(at(date(2026, 11, 27), 7, 10), tick=False):
        rota = make_rota(personas)
        rota.visit(date(2026, 11, 30), band=WEEK_BAND)
        assert run("visit_reminders").summary == "sent 2 visit reminders"
    to_val = next(m for m in mails("visit-reminder") if m.to_address == "val@example.org")
    assert to_val.subject == (
        "Nodyn atgoffa: mae eich wythnos i wneud ymweliad â’r ddalfa yn dechrau ymhen 3 diwrnod"
    )
    assert (
        "yr wythnos sy’n dechrau 30 Tachwedd 2026 (unrhyw ddiwrnod ac amser a ddewiswch), "
        "Leamington Spa"
    ) in to_val.body_text
    assert "Cytunwch ar y diwrnod a’r amser gyda’ch partner" in to_val.body_text
