"""A planned visit's pages (the office's page of the visit, its question of who joins it, a
request to swap it, and the visitor's own request to change it) cost a fixed number of
statements however large the panels, the suite's closures and liaisons or the offers."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask.testing import FlaskClient

from icv.accounts.models import User
from icv.extensions import db
from icv.rota.models import PlannedVisit, PlannedVisitor, SwapRequest, VisitOffer
from icv.suites.models import SuiteClosure
from icv.volunteers.models import AwayPeriod
from tests.conftest import sign_in
from tests.factories import (
    PERSONAS,
    make_period,
    make_planned_visit,
    make_suite,
    make_user,
    make_volunteer,
)
from tests.page_cost import cost
from tests.reporting import frozen  # noqa: F401  (Tuesday 24 November 2026, noon)

#: The first rota's first Monday, a week after the frozen day.
STARTS = date(2026, 11, 30)


def far_days(n: int, first: date) -> tuple[date, date]:
    return first + timedelta(days=3 * n), first + timedelta(days=3 * n)


def away(starts_on: date, ends_on: date) -> AwayPeriod:
    return AwayPeriod(starts_on=starts_on, ends_on=ends_on)


def visit_with(count: int, personas: dict[str, int]) -> dict[str, int]:
    """A visit on a Wednesday of a published rota (the first week for 2, the next for 30) to
    a suite with ``count`` liaisons and closures (from 2027) and ``count`` more volunteers
    on its panel ("Panel {count}-00"...), by Val ("volunteer") and "Visitor {count}", both on
    the panels of ``count`` suites and away ``count`` times (from 2027); Val asks to swap it,
    and it is offered to the ``count`` others; a visit on the Friday afternoon by "Visitor
    {count}" alone, short of a visitor. The visits', the request's and Val's ids."""
    suites = [make_suite(f"Suite {count}-{n:02}") for n in range(count)]
    for n in range(count):
        suites[0].liaisons.append(make_user(f"liaison{count}-{n}@example.org"))
        starts, ends = far_days(n, date(2027, 1, 1))
        suites[0].closures.append(SuiteClosure(starts_on=starts, ends_on=ends))
    val_user = db.session.get(User, personas["volunteer"])
    val = val_user.volunteer or make_volunteer(val_user)
    other = make_volunteer(make_user(f"visitor{count}@example.org", f"Visitor {count}"))
    for visitor in (val, other):
        visitor.suites = [*visitor.suites, *suites]
        visitor.away_periods = [
            *visitor.away_periods,
            *(away(*far_days(n, date(2027 + count, 2, 1))) for n in range(count)),
        ]
    panel = [
        make_volunteer(make_user(f"panel{count}-{n}@example.org", f"Panel {count}-{n:02}"))
        for n in range(count)
    ]
    for member in panel:
        member.suites = [suites[0]]
    starts_on = STARTS if count == 2 else STARTS + timedelta(weeks=1)
    visit = make_planned_visit(
        make_period(starts_on, weeks=1), suites[0], starts_on + timedelta(days=2), [val, other]
    )
    short = make_planned_visit(
        visit.period, suites[0], starts_on + timedelta(days=4), [other], band="afternoon"
    )
    swap = SwapRequest(visit=visit, volunteer=val, kind="swap", reason="Away")
    swap.offers = [VisitOffer(volunteer=member) for member in panel]
    db.session.add(swap)
    db.session.commit()
    return {"visit": visit.id, "short": short.id, "swap": swap.id, "val": val.id}


#: page -> (persona, statements with 2 of everything and with 30, before 6 December 2026
#: with 2 and with 30). The pages that work out who could go were 31, 31, 27 and 35 at
#: 70fd8a2 (the same morning).
PAGES = {
    "/rota/visits/{visit}": ("coordinator", 6, (17, 17)),
    "/rota/visits/{short}/fill": ("coordinator", 12, (66, 206)),
    "/rota/visits/{visit}/replace?leaving={val}": ("coordinator", 12, (66, 206)),
    "/rota/requests/{swap}": ("coordinator", 13, (59, 59)),
    "/my-visits/{visit}/change": ("volunteer", 13, (46, 46)),
}
#: More than SQLAlchemy's selectin loaders read in one statement (they split by 500 ids).
MANY = 501


def signed_in(app, persona: str) -> FlaskClient:
    """A client of its own for ``persona`` (the ``login`` fixture signs one client in)."""
    client = app.test_client()
    assert sign_in(client, PERSONAS[persona][0]).status_code == 302
    return client


def test_a_visits_pages_cost_the_same_with_2_of_everything_as_with_30(app, personas):
    """The page of the visit: the session, the visit with its suite, its visitors with their
    accounts, the settings, the rota and whether a report names the visit. Each visitor read
    whole (their panels, suites out of reach or avoided, dates away and roles, and those
    suites' closures and liaisons) and the suite's closures and liaisons cost eleven more
    before 6 December 2026. The others work out who could go or when: they read the visit
    (and the request, its offers and who asked; the volunteer's record alone) with its rota
    and the rota's visits, each with its visitors by name (two statements), the settings,
    the visits nearby, the rota's requirements, its suites and their closures, the suite's
    panel with the people on the rota's visits and their dates away (one statement), their
    lists of suites (one), the pairs kept apart and the training. Before, the rota's
    visitors and the panel were read whole one after the other (fourteen statements where
    these are two), and the question of who joins a visit read the visit twice more after a
    rollback that a question asked (not posted) has no need of."""
    with app.app_context():
        small, large = visit_with(2, personas), visit_with(30, personas)
    counts = {}
    for page, (persona, _, _) in PAGES.items():
        client = signed_in(app, persona)
        few = cost(app, client, page.format(**small))
        many = cost(app, client, page.format(**large))
        counts[page] = (len(few), len(many))
    assert counts == {page: (now, now) for page, (_, now, _before) in PAGES.items()}


def test_the_pages_that_work_out_who_could_go_cost_the_same_with_a_rota_of_501_visits(
    app, personas
):
    """The rota's visits with their visitors, and the people on them with their dates away,
    are read by joins: a loader selecting by their ids would split the list by 500, and a
    quarter's rota at a national scale has more visits and more people than that."""
    with app.app_context():
        rows = visit_with(2, personas)
    pages = {page: p for page, (p, _, _) in PAGES.items() if page != "/rota/visits/{visit}"}
    clients = {persona: signed_in(app, persona) for persona in set(pages.values())}
    before = {page: len(cost(app, clients[p], page.format(**rows))) for page, p in pages.items()}
    with app.app_context():
        visit = db.session.get(PlannedVisit, rows["visit"])
        other_suite = make_suite("Suite of many")
        for n in range(MANY):
            person = make_volunteer(make_user(f"many{n}@example.org", password=None))
            person.away_periods = [away(date(2027, 3, 1), date(2027, 3, 2))]
            db.session.add(
                PlannedVisit(
                    period_id=visit.period_id,
                    suite=other_suite,
                    visit_on=STARTS + timedelta(days=n % 7),
                    band="evening",
                    visitors=[PlannedVisitor(volunteer=person)],
                )
            )
        db.session.commit()
    after = {page: len(cost(app, clients[p], page.format(**rows))) for page, p in pages.items()}
    assert after == before
    assert before == {page: PAGES[page][1] for page in pages}


def test_a_visit_page_still_names_its_suite_and_visitors(app, personas):
    with app.app_context():
        rows = visit_with(3, personas)
    office = signed_in(app, "coordinator")
    page = office.get(f"/rota/visits/{rows['visit']}").text
    assert "Suite 3-00" in page
    assert re.search(r"Val Person,\s*Visitor 3", page)
    request = office.get(f"/rota/requests/{rows['swap']}").text
    assert "Wed 9 Dec 2026, Evening (18:00 to 22:00), Suite 3-00</a>" in request
    assert re.findall(r"<li>(Panel 3-\d\d): no answer yet</li>", request) == [
        "Panel 3-00",
        "Panel 3-01",
        "Panel 3-02",
    ]
    offered = ["Panel 3-00", "Panel 3-01", "Panel 3-02"]
    fill = office.get(f"/rota/visits/{rows['short']}/fill").text
    assert "Suite 3-00, Fri 11 Dec 2026, Afternoon (14:00 to 18:00)" in fill
    assert re.findall(r'for="fill-joining[^"]*">\s*([^<]+?)\s*</label>', fill) == offered
    replace = office.get(f"/rota/visits/{rows['visit']}/replace?leaving={rows['val']}").text
    assert re.findall(r'for="replace-joining[^"]*">\s*([^<]+?)\s*</label>', replace) == offered
    change = signed_in(app, "volunteer").get(f"/my-visits/{rows['visit']}/change").text
    assert "Wed 9 Dec 2026, Evening (18:00 to 22:00), Suite 3-00</span>" in change
