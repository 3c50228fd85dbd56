"""The summary page keeps a period's figures once worked out (issue 15: the page read one row,
not some 25 aggregate queries over every report), and works them out again at the next view
after any change to a row they count: a report filed or corrected, a bulk update, a setting.
Signing in and mail change nothing counted and keep them."""

from __future__ import annotations

import json
from datetime import date, time

import pytest
import time_machine
from sqlalchemy import func, select, update

from icv.extensions import db
from icv.summary import stored
from icv.summary.figures import summary_figures
from icv.summary.models import StoredFigures
from icv.summary.queries import records_begin
from icv.summary.rules import Basis, Period, Records
from icv.summary.stored import GENERATION, UNCOUNTED_TABLES
from icv.visits.models import VisitReport
from icv.visits.rules import Outcome
from icv.visits.sent_mail import waits_for_after_send_job
from tests.factories import make_suite
from tests.mail import queue_report_mails
from tests.reporting import frozen  # noqa: F401  (fixture: 24 November 2026)
from tests.statements import statements
from tests.summary_data import correct_later, history_fixture, visit  # noqa: F401  (fixture)
from tests.summary_kept import kept_figures

PAGE = "/summary/2025"
HEADLINE = "{} visits to custody in 2025, with {} serious issue identified"


def stored_rows() -> int:
    """The rows of figures still good: a change counted leaves them, of an older generation."""
    kept = select(func.count()).where(StoredFigures.generation == GENERATION)
    return db.session.scalar(kept)


def every_row() -> int:
    return db.session.scalar(select(func.count()).select_from(StoredFigures))


def test_the_figures_kept_are_those_worked_out(ctx, history):
    today = date(2026, 11, 24)
    for period in (Period(2025), Period(2025, Basis.FINANCIAL), Period(2026, quarter=3)):
        records = Records(records_begin())
        worked_out = json.loads(json.dumps(summary_figures(period, today, records)))
        assert kept_figures(period, today, records) == worked_out  # worked out, stored
        db.session.commit()
        assert kept_figures(period, today, records) == worked_out  # read back
    assert stored_rows() == 3


def test_a_second_view_reads_the_figures_kept(app, login, history):
    client = login("commissioner")
    first = client.get(PAGE)
    assert HEADLINE.format(5, 1) in first.text
    with statements(app) as again:
        second = client.get(PAGE)
    assert HEADLINE.format(5, 1) in second.text
    assert not [s for s in again if "sum(" in s], "\n\n".join(again)  # no figure worked out
    with app.app_context():
        assert stored_rows() == 1


def test_a_report_filed_or_corrected_shows_at_the_next_view(app, login, history):
    client = login("commissioner")
    assert HEADLINE.format(5, 1) in client.get(PAGE).text
    correct_later(app, history)  # a corrected report, and a late report of a 2025 visit
    with app.app_context():
        assert (stored_rows(), every_row()) == (0, 1)  # forgotten, not deleted: never read
    page = client.get(PAGE).text
    assert HEADLINE.format(6, 1) in page
    assert "Rugby" in page


def test_a_change_committed_while_a_view_works_the_figures_out_shows_at_the_next_view(
    app, login, history, monkeypatch
):
    """The view read the rows before the change committed and stores its figures after: they
    are stored with the generation read before them, so the next view does not read them."""
    worked_out = stored.summary_figures

    def changed_meanwhile(period, today, records):
        figures = worked_out(period, today, records)
        correct_later(app, history)  # its own session: committed before the view's
        return figures

    monkeypatch.setattr(stored, "summary_figures", changed_meanwhile)
    client = login("commissioner")
    assert HEADLINE.format(5, 1) in client.get(PAGE).text  # as the view read them
    monkeypatch.undo()
    with app.app_context():
        assert (stored_rows(), every_row()) == (0, 1)
    assert HEADLINE.format(6, 1) in client.get(PAGE).text
    with app.app_context():
        assert (stored_rows(), every_row()) == (1, 2)


def test_a_report_sent_shows_at_the_next_view_before_and_after_its_after_send_job(
    app, login, history
):
    """A send forgets no figure itself (a statement fewer, issue 15): while its report waits
    for the scheduler's after-send job no kept figure is read, and that job forgets them."""
    client = login("commissioner")
    assert HEADLINE.format(5, 1) in client.get(PAGE).text
    with app.app_context():
        rugby = make_suite("Rugby", "")
        late = visit(rugby, date(2025, 7, 1), time(9), time(9, 5), time(10), counts={})
        db.session.flush()
        waits_for_after_send_job()  # as the form sends it: its after-send job is to run
        waiting = update(VisitReport).where(VisitReport.id == late.id)
        db.session.execute(waiting.values(notices_queued_at=None))
        db.session.commit()
        assert stored_rows() == 1  # kept, not forgotten by the send
    with statements(app) as waiting:
        assert HEADLINE.format(6, 1) in client.get(PAGE).text
    assert [s for s in waiting if "sum(" in s], "\n\n".join(waiting)  # worked out, not kept
    with app.app_context():
        assert stored_rows() == 2  # the one kept before the send is still there
        queue_report_mails()  # the after-send job
        assert stored_rows() == 0
    assert HEADLINE.format(6, 1) in client.get(PAGE).text
    with statements(app) as again:
        assert HEADLINE.format(6, 1) in client.get(PAGE).text
    assert not [s for s in again if "sum(" in s], "\n\n".join(again)  # kept once more


def test_a_bulk_update_shows_at_the_next_view(app, login, history):
    client = login("commissioner")
    assert HEADLINE.format(5, 1) in client.get(PAGE).text
    with app.app_context():
        db.session.execute(
            update(VisitReport)
            .where(VisitReport.id == history["reports"]["midnight"])
            .values(outcome=Outcome.ABANDONED)
        )
        db.session.commit()
        assert stored_rows() == 0
    assert HEADLINE.format(4, 1) in client.get(PAGE).text


def test_a_change_rolled_back_keeps_the_figures(app, login, history):
    client = login("commissioner")
    client.get(PAGE)
    with app.app_context():
        db.session.get(VisitReport, history["reports"]["midnight"]).outcome = Outcome.ABANDONED
        db.session.flush()
        db.session.rollback()
        db.session.commit()
        assert stored_rows() == 1


def test_a_savepoint_rolled_back_still_lets_the_change_before_it_forget_the_figures(
    app, login, history
):
    """A job's notice that fails is undone in a savepoint (``icv.jobs.claims``): what the
    transaction wrote before it is committed, and must forget the figures."""
    client = login("commissioner")
    client.get(PAGE)
    with app.app_context():
        db.session.get(VisitReport, history["reports"]["midnight"]).outcome = Outcome.ABANDONED
        db.session.flush()
        try:
            with db.session.begin_nested():
                db.session.execute(update(VisitReport).values(in_custody=0))
                raise RuntimeError("a notice that failed")
        except RuntimeError:
            pass
        db.session.commit()
        assert stored_rows() == 0
    assert HEADLINE.format(4, 1) in client.get(PAGE).text


def test_signing_in_keeps_the_figures_and_a_new_day_works_them_out_again(app, login, history):
    client = login("commissioner")
    client.get(PAGE)
    login("coordinator")  # a sign-in writes its account and session
    with app.app_context():
        assert stored_rows() == 1
    with time_machine.travel("2026-11-25 12:00:00+00:00", tick=False):
        assert HEADLINE.format(5, 1) in client.get(PAGE).text
    with app.app_context():
        assert db.session.scalars(select(StoredFigures.as_of)).all() == [
            date(2026, 11, 24),
            date(2026, 11, 25),
        ]


def test_figures_kept_ten_minutes_are_worked_out_again(app, login, history):
    """A change the session did not see (a send racing the view, a fix made in psql) shows
    once the kept figures are ten minutes old, not the next day."""
    client = login("commissioner")
    assert HEADLINE.format(5, 1) in client.get(PAGE).text
    with app.app_context(), db.engine.begin() as connection:  # past the session's events
        connection.execute(
            update(VisitReport)
            .where(VisitReport.id == history["reports"]["midnight"])
            .values(outcome=Outcome.ABANDONED)
        )
    with time_machine.travel("2026-11-24 12:09:59+00:00", tick=False):
        assert HEADLINE.format(5, 1) in client.get(PAGE).text  # kept: 9 min 59 s old
    with time_machine.travel("2026-11-24 12:10:00+00:00", tick=False):
        assert HEADLINE.format(4, 1) in client.get(PAGE).text  # 10 minutes: worked out again
    with app.app_context():
        assert stored_rows() == 2


def test_every_table_left_uncounted_is_a_table(app):
    """A table renamed would otherwise count again, silently (which costs speed, never truth)."""
    assert UNCOUNTED_TABLES - set(db.metadata.tables) == set()


def test_a_report_whose_mails_fail_holds_up_no_kept_figure(app, login, history, monkeypatch):
    """Its after-send job records it all the same (the mails wait apart, put back every run):
    the summary's kept figures are read again, not worked out at every view."""
    from icv.jobs import report_notices
    from icv.jobs.claims import NoticesFailed

    client = login("commissioner")
    with app.app_context():
        late = visit(make_suite("Rugby", ""), date(2025, 7, 1), time(9), time(9, 5), time(10))
        db.session.flush()
        waits_for_after_send_job()  # as the form sends it: its after-send job is to run
        waiting = update(VisitReport).where(VisitReport.id == late.id)
        db.session.execute(waiting.values(notices_queued_at=None))
        db.session.commit()

    def broken(report, coordinators):
        raise RuntimeError("template missing")

    monkeypatch.setattr(report_notices, "queue_mails_of", broken)
    for _minute in range(2):
        with app.app_context():
            with pytest.raises(NoticesFailed):
                queue_report_mails()
            db.session.commit()
    assert HEADLINE.format(6, 1) in client.get(PAGE).text  # worked out once
    with statements(app) as again:
        assert HEADLINE.format(6, 1) in client.get(PAGE).text
    assert not [s for s in again if "sum(" in s], "\n\n".join(again)  # then read kept
