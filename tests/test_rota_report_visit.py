"""The visits a report may be of, as a send reads them with the people it names (``Seen``,
read by ``visits.choices``), and the one it is of put in the session without reading it
again (``attached``)."""

from __future__ import annotations

import datetime as dt
from datetime import date

from sqlalchemy import select

from icv.extensions import db
from icv.rota.engine.problem import WEEK_BAND
from icv.rota.models import PatternNudge, PlannedVisit, VisitStatus
from icv.rota.report_visit import SEEN_COLUMNS, Seen, attached
from icv.rota.services import set_status
from icv.visits.choices import Choices
from tests.factories import make_period, make_planned_visit
from tests.mail import outbox
from tests.reporting import frozen, pair  # noqa: F401  (frozen is a fixture)
from tests.statements import statements
from tests.test_visits_rota_link import written_from_the_rota

DAY = date(2026, 11, 20)  # a Friday
CHANGED = dt.datetime(2026, 11, 19, 9, 30, tzinfo=dt.UTC)


def test_a_seen_visit_has_every_column_of_a_planned_visit():
    """A column added to the table and not to ``Seen`` would be read again by the send."""
    assert set(SEEN_COLUMNS) == set(PlannedVisit.__table__.columns.keys())


def looked(app, personas) -> tuple[tuple[Seen, ...], dict]:
    """Val's and Sam's visit on the day, missed, and the other pair's visit the day before,
    read with the people Val's report names, as the send reads them."""
    with app.app_context():
        suite, val, sam = pair()
        period = make_period(date(2026, 11, 16), weeks=2)
        theirs = make_planned_visit(period, suite, DAY, [sam, val], band="late")
        theirs.status, theirs.status_changed_at = VisitStatus.MISSED, CHANGED
        other = make_planned_visit(period, suite, DAY - dt.timedelta(days=1), [])
        db.session.commit()
        ids = {"theirs": theirs.id, "other": other.id, "val": val.id, "sam": sam.id}
        choices = Choices(val.user, False, str(suite.id), named=[val.id, sam.id], visit_day=DAY)
        with statements(app) as sent:
            look = choices.rota_look
            named = choices.volunteers
        assert len(sent) == 1, sent  # the look and the people in one statement
        assert named == [(str(sam.id), "Sam P."), (str(val.id), "Val Person (you)")]
        return look.visits, ids | {"suite": suite.id, "period": period.id}


def test_the_look_reads_each_visit_whole_with_its_visitors(app, personas):
    visits, ids = looked(app, personas)
    assert visits == (
        Seen(
            ids["theirs"],
            ids["period"],
            ids["suite"],
            DAY,
            "late",
            VisitStatus.MISSED,
            CHANGED,
            None,
            None,
            None,
            frozenset({ids["val"], ids["sam"]}),
        ),
        Seen(
            ids["other"],
            ids["period"],
            ids["suite"],
            DAY - dt.timedelta(days=1),
            "evening",
            VisitStatus.PLANNED,
            None,
            None,
            None,
            None,
            frozenset(),
        ),
    )


def test_the_visit_attached_is_completed_by_one_update_and_read_no_more(app, personas):
    visits, ids = looked(app, personas)
    with app.app_context():
        with statements(app) as sent:
            visit = attached(visits[0])
            assert attached(visits[0]) is visit  # the one in the session already
            set_status(visit, VisitStatus.COMPLETED)
            visit.done_on, visit.done_band = DAY, "late"
            db.session.commit()
        # the visit updated, and nothing read (the summary's count of changes is bumped)
        assert [s.split(" SET ")[0] for s in sent] == [
            "UPDATE planned_visits",
            "UPDATE summary_changes",
        ], sent
        db.session.expire_all()
        stored = db.session.get(PlannedVisit, ids["theirs"])
        assert (stored.status, stored.done_on, stored.done_band) == ("completed", DAY, "late")
        assert stored.status_changed_at == dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
        assert sorted(stored.visitor_ids) == sorted([ids["val"], ids["sam"]])


def test_a_visit_loaded_already_is_the_one_attached(app, personas):
    visits, ids = looked(app, personas)
    with app.app_context():
        loaded = db.session.get(PlannedVisit, ids["theirs"])
        assert attached(visits[0]) is loaded


def test_a_week_visit_sent_from_the_form_nudges_its_pair_at_the_third_running(app, login):
    """Allocated by week: Val's report of the third week running visited on a Friday night
    completes the visit read with the people named (its places read only then) and tells
    the pair, as a report filed any other way does."""
    with app.app_context():
        suite, val, sam = pair()
        period = make_period(date(2026, 11, 2), weeks=3)
        period.allocation = "week"
        weeks = [
            make_planned_visit(
                period, suite, date(2026, 11, 2) + dt.timedelta(weeks=n), [val, sam], WEEK_BAND
            )
            for n in range(3)
        ]
        for made, visit in zip((date(2026, 11, 6), date(2026, 11, 13)), weeks, strict=False):
            visit.status, visit.done_on, visit.done_band = VisitStatus.COMPLETED, made, "late"
        db.session.commit()
        ids = {"suite": suite.id, "val": val.id, "sam": sam.id, "visit": weeks[2].id}
    volunteer, key = written_from_the_rota(login, ids)
    assert volunteer.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        visit = db.session.get(PlannedVisit, ids["visit"])
        assert (visit.status, visit.done_on, visit.done_band) == ("completed", DAY, "late")
        nudge = db.session.scalars(select(PatternNudge)).one()
        assert (nudge.visit_id, {nudge.first_id, nudge.second_id}) == (
            ids["visit"],
            {ids["val"], ids["sam"]},
        )
        assert sorted(m.to_address for m in outbox("rota-pattern-nudge")) == [
            "sam@example.org",
            "val@example.org",
        ]
