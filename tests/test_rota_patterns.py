"""Allocated by week, the pairs choose the day and time: the rota keeps what they chose (from
the reports), shows its spread, and nudges a pair whose suite was visited at the same weekday
and band three times running, once per pair and suite."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from icv.extensions import db
from icv.rota.engine.problem import WEEK_BAND
from icv.rota.models import PatternNudge
from icv.rota.patterns import done_heatmap
from icv.rota.rules import same_slot_running
from icv.signals import report_filed
from tests.factories import make_period, make_planned_visit, make_suite, make_visitor
from tests.mail import outbox

#: Monday 4 January 2027, the first of six weeks allocated by week.
MONDAY = date(2027, 1, 4)


class Report:
    """What the rota reads of a filed report (the visits area is above the rota)."""

    def __init__(self, planned_visit, counted_on: date, band: str) -> None:
        self.planned_visit, self.counted_on, self.band = planned_visit, counted_on, band
        self.visitor_1_id = self.visitor_2_id = None  # read by the visits area's receiver


@pytest.fixture
def weeks(ctx):
    """Leamington Spa visited by Ann and Bob for six weeks, then Cat and Bob."""
    suite = make_suite("Leamington Spa")
    ann, bob, cat = (
        make_visitor(f"{name}@example.org", [suite], name=name.title())
        for name in ("ann", "bob", "cat")
    )
    period = make_period(MONDAY, weeks=6)
    period.allocation = "week"
    visits = [
        make_planned_visit(
            period,
            suite,
            MONDAY + timedelta(weeks=n),
            [ann, bob] if n < 5 else [cat, bob],
            WEEK_BAND,
        )
        for n in range(6)
    ]
    db.session.commit()
    return period, visits


def made(visit, weekday: int, band: str) -> None:
    report_filed.send(
        report=Report(visit, visit.visit_on + timedelta(days=weekday), band), actor=None, now=None
    )


def test_the_third_visit_running_on_the_same_weekday_and_band_nudges_the_pair(weeks):
    _, visits = weeks
    made(visits[0], 3, "evening")  # Thursday evening
    made(visits[1], 3, "evening")
    assert outbox("rota-pattern-nudge") == []  # twice is not yet a pattern
    made(visits[2], 3, "evening")
    sent = outbox("rota-pattern-nudge")
    assert sorted(m.to_address for m in sent) == ["ann@example.org", "bob@example.org"]
    assert sent[0].subject == "Your visits to Leamington Spa have fallen into a pattern"
    assert "The last three visits to Leamington Spa were all on a Thursday" in sent[0].body_text
    assert db.session.query(PatternNudge).count() == 1


def test_the_nudge_is_in_each_volunteers_language(weeks):
    from icv.accounts.models import User
    from icv.settings import update_settings

    update_settings(None, {"welsh_offered": True})
    db.session.scalars(User.by_email("ann@example.org")).one().language = "cy"
    _, visits = weeks
    for visit in visits[:3]:
        made(visit, 3, "evening")
    mail = {m.to_address: m for m in outbox("rota-pattern-nudge")}
    assert mail["ann@example.org"].subject == "Leamington Spa: mae patrwm yn eich ymweliadau"
    assert (
        "Leamington Spa: roedd y tri ymweliad diwethaf yno i gyd ar yr un diwrnod o’r wythnos "
        "(Dydd Iau) ac ar yr un adeg o’r dydd."
    ) in mail["ann@example.org"].body_text
    assert "all on a Thursday" in mail["bob@example.org"].body_text


def test_a_pair_is_nudged_once_per_suite_and_another_pair_in_turn(weeks):
    _, visits = weeks
    for visit in visits[:5]:
        made(visit, 3, "evening")
    assert len(outbox("rota-pattern-nudge")) == 2  # Ann and Bob, once
    made(visits[5], 3, "evening")  # Cat and Bob make it six running
    assert sorted(m.to_address for m in outbox("rota-pattern-nudge")) == [
        "ann@example.org",
        "bob@example.org",
        "bob@example.org",
        "cat@example.org",
    ]


def test_another_band_or_weekday_breaks_the_run(weeks):
    _, visits = weeks
    made(visits[0], 3, "evening")
    made(visits[1], 3, "afternoon")
    made(visits[2], 3, "evening")
    made(visits[3], 4, "evening")
    assert outbox("rota-pattern-nudge") == []


def test_the_spread_shows_what_the_pairs_chose(weeks):
    period, visits = weeks
    made(visits[0], 3, "evening")
    made(visits[1], 5, "early")
    made(visits[2], 3, "evening")
    heat = done_heatmap(period, ["early", "evening"])
    assert heat == {visits[0].suite_id: [[0, 0], [0, 0], [0, 0], [0, 2], [0, 0], [1, 0], [0, 0]]}


@pytest.mark.parametrize(
    ("made_", "expected"),
    [
        ([(date(2027, 1, 21), "evening"), (date(2027, 1, 14), "evening")], False),
        ([(date(2027, 1, 21), "evening")] * 2 + [(date(2027, 1, 7), "evening")], True),
        ([(date(2027, 1, 21), "evening")] * 2 + [(date(2027, 1, 8), "evening")], False),
        ([(date(2027, 1, 21), None)] * 3, False),
    ],
)
def test_a_run_is_three_of_one_weekday_and_band(made_, expected):
    assert same_slot_running(made_, 3) is expected
