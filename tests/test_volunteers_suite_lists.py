"""Volunteers' three lists of suites read together (``volunteers.queries.read_suite_lists``):
the rota's checks read them for a panel and the people on a rota in one statement."""

from __future__ import annotations

from sqlalchemy import inspect, select
from sqlalchemy.orm import lazyload

from icv.extensions import db
from icv.volunteers.models import Volunteer
from icv.volunteers.queries import SUITE_LISTS, read_suite_lists
from tests.factories import make_suite, make_user, make_volunteer
from tests.statements import statements


def lists_of(volunteer: Volunteer) -> dict[str, list[str]]:
    return {name: [s.name for s in getattr(volunteer, name)] for name in SUITE_LISTS}


def test_it_reads_each_volunteers_unread_lists_by_name_in_one_statement(app, ctx):
    north, south, west = make_suite("North"), make_suite("South"), make_suite("West")
    ann = make_volunteer(make_user("ann@example.org"))
    ann.suites, ann.unreachable_suites, ann.avoided_suites = [west, north], [west], []
    bob = make_volunteer(make_user("bob@example.org"))
    bob.suites, bob.avoided_suites = [south, north], [north]
    cal = make_volunteer(make_user("cal@example.org"))  # on no list
    ids = [ann.id, bob.id, cal.id]
    db.session.commit()
    db.session.expunge_all()

    people = db.session.scalars(
        select(Volunteer)
        .where(Volunteer.id.in_(ids))
        .order_by(Volunteer.id)
        .options(*(lazyload(getattr(Volunteer, name)) for name in SUITE_LISTS))
    ).all()
    with statements(app) as sent:
        read_suite_lists(people)
        found = [lists_of(person) for person in people]
    assert len(sent) == 1
    assert found == [
        {"suites": ["North", "West"], "unreachable_suites": ["West"], "avoided_suites": []},
        {"suites": ["North", "South"], "unreachable_suites": [], "avoided_suites": ["North"]},
        {"suites": [], "unreachable_suites": [], "avoided_suites": []},
    ]
    assert not any(SUITE_LISTS.keys() & inspect(person).unloaded for person in people)
    # Read, they are read no more (nor overwritten)
    people[0].suites.remove(people[0].suites[0])
    with statements(app) as again:
        read_suite_lists(people)
    assert again == []
    assert lists_of(people[0])["suites"] == ["West"]


def test_it_leaves_a_list_already_read_as_it_is(app, ctx):
    north, south = make_suite("North"), make_suite("South")
    ann = make_volunteer(make_user("ann@example.org"))
    ann.suites, ann.avoided_suites = [north, south], [south]
    ann_id = ann.id
    db.session.commit()
    db.session.expunge_all()

    ann = db.session.scalars(
        select(Volunteer)
        .where(Volunteer.id == ann_id)
        .options(lazyload(Volunteer.unreachable_suites), lazyload(Volunteer.avoided_suites))
    ).one()
    ann.suites = [ann.suites[1]]  # a change not yet saved
    read_suite_lists([ann])
    assert lists_of(ann) == {
        "suites": ["South"],
        "unreachable_suites": [],
        "avoided_suites": ["South"],
    }
