"""History stays history: a published rota keeps the weekly targets it was published with, so a
later change of target leaves its "required" visits alone (its page, coverage, the digest's
gaps); a draft follows the live target."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from icv.extensions import db
from icv.rota import queries
from icv.rota.models import RotaPeriod, RotaRequirement
from icv.suites.models import Suite
from tests.factories import make_period, make_planned_visit, make_suite, make_visitor

MONDAY = date(2027, 1, 4)  # four weeks from here are published, the four after drafted


@pytest.fixture
def frozen():
    with time_machine.travel(date(2026, 12, 1), tick=False) as traveller:
        yield traveller


@pytest.fixture
def rotas(app, frozen):
    """Leamington Spa and Nuneaton need a visit a week; Rugby is closed for good. The January
    draft has a Leamington visit each week; February's draft has none."""
    with app.app_context():
        leamington, nuneaton = make_suite("Leamington Spa"), make_suite("Nuneaton")
        rugby = make_suite("Rugby")
        rugby.is_active = False
        ann, ben = (make_visitor(f"{n}@example.org", [leamington, nuneaton]) for n in "ab")
        january = make_period(MONDAY, weeks=4, status="draft")
        for week in range(4):
            make_planned_visit(january, leamington, MONDAY + timedelta(weeks=week), [ann, ben])
        february = make_period(MONDAY + timedelta(weeks=4), weeks=4, status="draft")
        db.session.commit()
        return {
            "january": january.id,
            "february": february.id,
            "leamington": leamington.id,
            "nuneaton": nuneaton.id,
        }


def set_target(client, suite_id: int, visits: int) -> None:
    response = client.post(
        f"/suites/{suite_id}",
        data={
            "name": "Leamington Spa",
            "visits_per_week": str(visits),
            "bands": ["early", "day", "afternoon", "evening", "late"],
            "is_active": "yes",
        },
    )
    assert response.status_code == 302, response.text


def headline(client, period_id: int) -> str:
    page = client.get(f"/rota/{period_id}").text
    return re.search(r"\d+ of \d+ required visits planned[^.]*\.", page).group(0)


def coverage_required(client) -> list[tuple[str, str]]:
    """(suite, required) of every row of the coverage page, in order."""
    page = client.get("/rota/coverage").text
    return re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>',
        page,
    )


def test_publishing_keeps_each_active_suites_target(app, login, rotas):
    coordinator = login("coordinator")
    response = coordinator.post(f"/rota/{rotas['january']}/publish")
    assert response.headers["Location"] == f"/rota/{rotas['january']}"
    with app.app_context():
        kept = db.session.execute(
            select(RotaRequirement.suite_id, RotaRequirement.visits_per_week).where(
                RotaRequirement.period_id == rotas["january"]
            )
        ).all()
        assert sorted(kept) == [(rotas["leamington"], 1), (rotas["nuneaton"], 1)]
        assert (
            db.session.scalars(
                select(RotaRequirement).where(RotaRequirement.period_id == rotas["february"])
            ).all()
            == []
        )  # a draft keeps nothing


def test_a_changed_target_leaves_a_published_rota_as_it_was(app, login, rotas):
    coordinator = login("coordinator")
    coordinator.post(f"/rota/{rotas['january']}/publish")
    before = headline(coordinator, rotas["january"])
    assert before == "4 of 8 required visits planned; 4 could not be filled (see below)."
    assert coverage_required(coordinator) == [("Leamington Spa", "4"), ("Nuneaton", "4")]
    set_target(coordinator, rotas["leamington"], 3)
    assert headline(coordinator, rotas["january"]) == before
    assert coverage_required(coordinator) == [("Leamington Spa", "4"), ("Nuneaton", "4")]
    # The draft follows the live target: 3 a week at Leamington Spa and 1 at Nuneaton.
    assert headline(coordinator, rotas["february"]).startswith("0 of 16 required")
    with app.app_context():
        gaps = queries.gaps_between(MONDAY, MONDAY + timedelta(weeks=4, days=-1))
        assert sorted((gap.suite.name, gap.missing) for _, gap in gaps) == [("Nuneaton", 1)] * 4


def test_a_suite_closed_for_good_after_publishing_keeps_its_history(app, login, rotas):
    coordinator = login("coordinator")
    coordinator.post(f"/rota/{rotas['january']}/publish")
    with app.app_context():
        db.session.get(Suite, rotas["nuneaton"]).is_active = False
        db.session.commit()
    assert coverage_required(coordinator) == [("Leamington Spa", "4"), ("Nuneaton", "4")]


def test_the_migration_fills_published_rotas_from_todays_targets(ctx):
    downgrade(revision="39f464603455")
    suites, periods = Suite.__table__, RotaPeriod.__table__
    with db.engine.begin() as connection:
        connection.execute(
            suites.insert(),
            [
                {"id": 1, "name": "Leamington Spa", "visits_per_week": 2, "is_active": True},
                {"id": 2, "name": "Nuneaton", "visits_per_week": 1, "is_active": True},
                {"id": 3, "name": "Rugby", "visits_per_week": 1, "is_active": False},
            ],
        )
        connection.execute(
            periods.insert().values(unfilled=[]),
            [
                {"id": 1, "starts_on": MONDAY, "ends_on": date(2027, 1, 31), "seed": 7},
                {"id": 2, "starts_on": date(2027, 2, 1), "ends_on": date(2027, 2, 28), "seed": 7},
            ],
        )
    with db.engine.begin() as connection:
        connection.execute(periods.update().where(periods.c.id == 1).values(status="published"))
    upgrade()
    kept = db.session.execute(
        select(RotaRequirement.period_id, RotaRequirement.suite_id, RotaRequirement.visits_per_week)
    ).all()
    assert sorted(kept) == [(1, 1, 2), (1, 2, 1)]
