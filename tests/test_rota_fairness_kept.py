"""The rota's fairness tab reads who could be rostered, and why each one left out is, from what
the quality store kept (``quality_store.fairness_part``), not from the rota's problem built on
every view; the record's own reason (vetting, term) is read as it stands."""

from __future__ import annotations

import re
from datetime import date
from unittest import mock

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from icv.accounts.models import Role, User
from icv.extensions import db
from icv.rota import fairness, quality_store
from icv.rota.models import PlannedVisit, RotaPeriod
from icv.suites.models import Suite
from icv.suites.services import add_closure, remove_closure
from icv.volunteers.models import Volunteer
from icv.volunteers.services import change_status
from tests import test_rota_fairness
from tests.factories import make_planned_visit, make_user, make_visitor
from tests.reporting import frozen  # noqa: F401  (Tuesday 24 November 2026, noon: before the rota)
from tests.test_rota_fairness import make_rota

#: Ann, Bob and Cat on Leamington Spa's 4 visits; Dan, Eve, Fay and Gil left out.
rota = test_rota_fairness.rota


@pytest.fixture
def rota_id(app) -> int:
    """The same rota, made in a context of its own: the client's requests push theirs (inside
    ``rota``'s, a request would share its session and see what it loaded before)."""
    with app.app_context():
        return make_rota().id


PROBATION = test_rota_fairness.PROBATION
NO_TIMES = "has given no days and times they can visit"
EVENED = "could go, but the visits went to others with fewer (the load is evened)"


def key(name: str) -> str:
    volunteer = db.session.scalars(
        select(Volunteer).join(Volunteer.user).where(User.name == name)
    ).one()
    return f"v{volunteer.id}"


def the_period() -> RotaPeriod:
    return db.session.scalars(select(RotaPeriod)).one()


def page_of(client, period_id: int) -> str:
    response = client.get(f"/rota/{period_id}?view=fairness")
    assert response.status_code == 200
    return response.text


def test_the_figures_keep_who_could_be_rostered_and_why_each_left_out_is(rota):
    """Why, as a code the tab words in the reader's language (``reason_text.LeftOutWords``)."""
    fairness.of(rota)
    assert rota.quality["fairness"] == {
        "rosterable": [key(n) for n in ("Ann", "Bob", "Cat", "Dan", "Eve", "Fay", "Gil")],
        "left_out": {
            key("Dan"): {"code": "no_times", "params": {}},
            key("Eve"): {"code": "evened", "params": {}},
            key("Fay"): {"code": "no_mentor", "params": {}},
            key("Gil"): {"code": "no_mentor", "params": {}},
        },
    }


def test_the_tab_reads_them_back_without_building_the_problem(app, login, rota_id):
    client = login("coordinator")
    page_of(client, rota_id)  # the first view works the figures out and keeps them
    broken = AssertionError("the problem was built on a view")
    with (
        mock.patch("icv.rota.problem_from_db.build_problem", side_effect=broken) as build,
        mock.patch("icv.rota.quality_store.left_out", side_effect=broken) as left_out,
    ):
        page = page_of(client, rota_id)
    assert (build.call_count, left_out.call_count) == (0, 0)
    assert "<li>Dan: has given no days and times they can visit</li>" in page
    assert f"<li>Eve: {EVENED}; police vetting lapses on 10 February 2027</li>" in page
    assert f"<li>Fay: {PROBATION}</li>" in page
    assert "Ann and Bob: 3 of 4 visits to Leamington Spa (75%)" in page
    assert page.count("Below minimum") == 5  # Dan, Eve, Fay, Gil with none, Cat with 1 of 3


def test_the_record_is_read_as_it_stands_and_the_solvers_reason_as_kept(app, login, rota_id):
    client = login("coordinator")
    page_of(client, rota_id)
    with app.app_context():
        eve = db.session.get(Volunteer, int(key("Eve")[1:]))
        eve.vetting_expires_on = date(2026, 12, 31)
        db.session.get(Volunteer, int(key("Dan")[1:])).term_ends_on = date(2027, 3, 1)
        db.session.commit()
        assert quality_store.is_kept(the_period())  # a record's change forgets nothing
    page = page_of(client, rota_id)
    lapsed = "police vetting lapses on 31 December 2026, before the rota starts"
    assert f"<li>Eve: {EVENED}; {lapsed}</li>" in page
    assert f"<li>Dan: {NO_TIMES}; their term ends on 1 March 2027</li>" in page


def test_the_first_view_after_a_change_to_the_visits_works_them_out_again(app, login, rota_id):
    client = login("coordinator")
    page_of(client, rota_id)
    with app.app_context():
        period = the_period()
        db.session.delete(period.visits[3])  # Cat's only visit, with Bob
        db.session.commit()
        assert the_period().quality is None
    page = page_of(client, rota_id)
    assert f"<li>Cat: {EVENED}</li>" in page
    with app.app_context():
        assert the_period().quality["fairness"]["left_out"][key("Cat")] == {
            "code": "evened",
            "params": {},
        }


def test_figures_kept_before_the_tab_had_its_share_are_worked_out_again(app, login, rota_id):
    client = login("coordinator")
    page_of(client, rota_id)
    with app.app_context():
        period = the_period()
        period.quality = {k: v for k, v in period.quality.items() if k != "fairness"}
        db.session.commit()
        assert not quality_store.is_kept(the_period())
    page = page_of(client, rota_id)
    assert "<li>Dan: has given no days and times they can visit</li>" in page
    with app.app_context():
        assert quality_store.is_kept(the_period())
        assert list(the_period().quality["fairness"]["left_out"]) == [
            key(n) for n in ("Dan", "Eve", "Fay", "Gil")
        ]


def test_one_no_longer_rosterable_counts_only_with_a_visit(rota):
    """Hal resigned after the draft, from a visit since cancelled; Ivy from one still on it:
    neither could be rostered, so neither is left out, and only Ivy has a load."""
    leam = rota.visits[0].suite
    hal, ivy = (
        make_visitor(f"{n}@example.org", [leam], status="resigned", name=n.title())
        for n in ("hal", "ivy")
    )
    make_planned_visit(rota, leam, date(2027, 2, 3), [hal, ivy]).status = "cancelled"
    make_planned_visit(rota, leam, date(2027, 2, 10), [ivy])
    seen = fairness.of(rota)
    assert [(x.name, x.planned) for x in seen.loads if x.name in ("Hal", "Ivy")] == [("Ivy", 1)]
    assert [name for name, _ in seen.left_out] == ["Dan", "Eve", "Fay", "Gil"]
    kept = rota.quality["fairness"]
    assert {key("Hal"), key("Ivy")} & {*kept["rosterable"], *kept["left_out"]} == set()


def test_a_visit_made_counts_at_once_and_keeps_the_figures(app, login, rota_id):
    """A report completing a visit changes nothing the kept figures read: the next view
    counts Cat and Bob's visit made, from the visits, without working the figures out
    again."""
    client = login("coordinator")
    before = loads_shown(page_of(client, rota_id))
    with app.app_context():
        (visit,) = [
            v for v in the_period().visits if "Cat" in {p.volunteer.user.name for p in v.visitors}
        ]
        visit.status = "completed"
        db.session.commit()
        assert quality_store.is_kept(the_period())
    broken = AssertionError("the figures were worked out again")
    with mock.patch("icv.rota.quality_store.left_out", side_effect=broken) as left_out:
        after = loads_shown(page_of(client, rota_id))
    assert left_out.call_count == 0
    assert (before["Cat"], before["Bob"]) == ((1, 0), (4, 2))
    assert (after["Cat"], after["Bob"]) == ((1, 1), (4, 3))
    assert {k: v for k, v in after.items() if k not in ("Cat", "Bob")} == {
        k: v for k, v in before.items() if k not in ("Cat", "Bob")
    }


def loads_shown(page: str) -> dict[str, tuple[int, int]]:
    """Name -> (planned, made), as the tab's table shows them."""
    cell = r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>'
    rows = re.findall(
        rf'<th scope="row" class="govuk-table__header">(\w+)</th>\s*{cell}\s*{cell}', page
    )
    return {name: (int(planned), int(made)) for name, planned, made in rows}


def office() -> User:
    return make_user("office@example.org", "Office", {Role.COORDINATOR}, enrolled=False)


def volunteer(name: str) -> Volunteer:
    return db.session.scalars(select(Volunteer).join(Volunteer.user).where(User.name == name)).one()


def kept_rota() -> RotaPeriod:
    """The rota, its figures kept (as its first view keeps them)."""
    period = make_rota()
    quality_store.current(period)
    db.session.commit()
    assert quality_store.is_kept(the_period())
    return period


def test_a_volunteer_taken_off_their_visit_forgets_the_figures(ctx):
    """Cat is suspended: ``withdraw_from_rota`` takes her off her only visit (with Bob). The
    figures no longer count her on it, nor the tab list her as one who could go."""
    kept_rota()
    cat = volunteer("Cat")
    change_status(office(), cat, "suspended", "Under investigation")
    db.session.commit()
    assert the_period().quality is None
    assert sorted(len(v.visitors) for v in the_period().visits) == [1, 2, 2, 2]
    kept, worked_out = quality_store.current(the_period())
    assert worked_out
    assert kept["figures"]["load"].get(f"v{cat.id}", 0) == 0
    assert "Cat" not in [load.name for load in fairness.of(the_period()).loads]


def test_one_who_resigns_with_no_visit_is_no_longer_listed_as_one_who_could_go(ctx):
    """Dan (no visit on the rota) resigns after the figures were kept: no visit changes, but
    who may visit does, so the next view works them out again."""
    kept_rota()
    change_status(office(), volunteer("Dan"), "resigned", "Moved away")
    db.session.commit()
    assert not quality_store.is_kept(the_period())
    seen = fairness.of(the_period())
    assert "Dan" not in [name for name, _ in seen.left_out]
    assert "Dan" not in [load.name for load in seen.loads]
    assert [name for name, _ in seen.left_out] == ["Eve", "Fay", "Gil"]


def test_one_appointed_since_the_figures_were_kept_is_listed(ctx):
    kept_rota()
    make_visitor("hal@example.org", [the_period().visits[0].suite], name="Hal")
    db.session.commit()
    assert not quality_store.is_kept(the_period())
    seen = fairness.of(the_period())
    assert ("Hal", 0) in [(load.name, load.planned) for load in seen.loads]


def test_one_appointed_after_the_rota_ends_is_not_among_those_who_could_go(ctx):
    """Hal, appointed on 1 June 2027, after the rota (4 January to 4 April 2027), changes
    neither its kept figures nor its tab."""
    kept_rota()
    before = fairness.of(the_period())
    make_visitor(
        "hal@example.org", [the_period().visits[0].suite], name="Hal", appointed_on=date(2027, 6, 1)
    )
    db.session.commit()
    assert quality_store.is_kept(the_period())
    quality_store.keep(the_period())  # and worked out again, as after any change
    after = fairness.of(the_period())
    assert [load.name for load in after.loads] == [load.name for load in before.loads]
    assert after.left_out == before.left_out


def test_an_ended_rotas_figures_stand_when_who_may_visit_changes(ctx):
    """Once the rota has ended (5 April 2027 on), Dan's resignation does not work its
    figures out again: they stand as they were kept."""
    kept_rota()
    with time_machine.travel(date(2027, 4, 5), tick=False):
        change_status(office(), volunteer("Dan"), "resigned", "Moved away")
        db.session.commit()
        assert quality_store.is_kept(the_period())
        assert "Dan" in [name for name, _ in fairness.of(the_period()).left_out]
    with time_machine.travel(date(2027, 4, 4), tick=False):  # its last day
        assert not quality_store.is_kept(the_period())


def test_a_suites_closure_added_or_removed_forgets_the_figures_of_the_rotas_it_overlaps(ctx):
    """The gaps leave a closed suite's weeks out: Leamington Spa closed for February and March
    2027, the rota's kept gaps are worked out again, and again when the closure is lifted."""
    kept_rota()
    leamington = db.session.scalars(select(Suite).where(Suite.name == "Leamington Spa")).one()
    gaps_open = quality_store.current(the_period())[0]["gaps"]
    actor = office()
    add_closure(actor, leamington, date(2027, 2, 1), date(2027, 3, 28), "Rebuilt")
    db.session.commit()
    (closure,) = leamington.closures
    assert the_period().quality is None
    gaps_closed = quality_store.current(the_period())[0]["gaps"]
    db.session.commit()
    assert len(gaps_closed) < len(gaps_open)
    remove_closure(actor, leamington, closure)
    db.session.commit()
    assert the_period().quality is None
    assert quality_store.current(the_period())[0]["gaps"] == gaps_open


def test_a_closure_of_other_dates_keeps_the_figures(ctx):
    kept_rota()
    leamington = db.session.scalars(select(Suite).where(Suite.name == "Leamington Spa")).one()
    add_closure(office(), leamington, date(2027, 6, 1), date(2027, 6, 30), "Painting")
    db.session.commit()
    assert quality_store.is_kept(the_period())


def test_figures_worked_out_from_visits_another_request_moved_meanwhile_are_not_kept(app):
    """A view reads the rota and its visits; another request moves Cat and Bob's visit and
    commits; the view's figures (of the visit before the move) are shown, not kept, and the
    next view works them out from the visits as they are."""
    with app.app_context():
        make_rota()
        moved_id = max(v.id for v in the_period().visits)  # Cat and Bob, 27 January
    with app.app_context():
        period = the_period()
        assert [len(v.visitors) for v in period.visits] == [2, 2, 2, 2]  # read, as a view does
        with Session(db.engine) as other:
            other.get(PlannedVisit, moved_id).visit_on = date(2027, 2, 3)
            other.commit()
        _kept, worked_out = quality_store.current(period)
        assert worked_out
        db.session.commit()
    with app.app_context():
        assert the_period().quality is None
        kept, worked_out = quality_store.current(the_period())
        db.session.commit()
        assert worked_out
        fresh = quality_store.keep(the_period())
        assert kept["gaps"] == fresh["gaps"]
    with app.app_context():
        assert the_period().quality is not None  # the second view's were kept
