"""Reading a volunteer's record for the coordinator's page of it: each table once, and only the
columns the page shows (issue 15: a page costs a fixed, small number of statements); and the
lists of suites of many volunteers at once, for the rota's checks (``read_suite_lists``)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, and_, case, inspect, literal, select, union_all
from sqlalchemy.orm import (
    attributes,
    defaultload,
    joinedload,
    lazyload,
    load_only,
    selectinload,
)

from icv.accounts.models import User
from icv.applications.models import Application
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.suites.models import Suite
from icv.suites.queries import suite_alone
from icv.volunteers.models import (
    AvoidPair,
    Volunteer,
    volunteer_avoided_suites,
    volunteer_suites,
    volunteer_unreachable_suites,
)

#: A volunteer's lists of suites, each a table of (volunteer, suite) pairs.
SUITE_LISTS = {
    "suites": volunteer_suites,
    "unreachable_suites": volunteer_unreachable_suites,
    "avoided_suites": volunteer_avoided_suites,
}


def record(volunteer_id: int) -> Volunteer | None:
    """The volunteer with their account and the reference of their application in one
    statement, and their dates away in a second; not their account's roles, and not their
    lists of suites, which ``suites_of_record`` reads with every suite to choose from."""
    return db.session.scalars(
        select(Volunteer)
        .where(Volunteer.id == volunteer_id)
        .options(
            defaultload(Volunteer.user).lazyload(User.role_rows),
            joinedload(Volunteer.application).options(
                load_only(Application.reference), lazyload("*")
            ),
            selectinload(Volunteer.away_periods),
            *(lazyload(getattr(Volunteer, name)) for name in SUITE_LISTS),
        )
    ).first()


def suites_of_record(volunteer: Volunteer) -> list[tuple[int, str]]:
    """(id, name) of every suite, by name, for the forms that choose suites; each suite read
    with the lists of ``volunteer`` it is on (their panel, suites out of reach, suites kept
    away from), in one statement: the three lists, read whole, were three statements and the
    choices a fourth. The lists are set on the volunteer as loaded (no change to save), so
    the page and the sections other areas add read them as usual. A suite is read for what
    they show of it, not its closures and liaisons."""
    on_list = [table.c.volunteer_id.is_not(None).label(name) for name, table in SUITE_LISTS.items()]
    query = select(Suite, *on_list).options(
        load_only(Suite.id, Suite.name, Suite.is_active, Suite.holds_tact), *suite_alone()
    )
    for table in SUITE_LISTS.values():
        query = query.outerjoin(
            table, and_(table.c.suite_id == Suite.id, table.c.volunteer_id == volunteer.id)
        )
    rows = db.session.execute(query.order_by(Suite.name)).all()
    for name in SUITE_LISTS:
        on = [row.Suite for row in rows if getattr(row, name)]
        attributes.set_committed_value(volunteer, name, on)
    return [(row.Suite.id, row.Suite.name) for row in rows]


def read_suite_lists(volunteers: Iterable[Volunteer]) -> None:
    """Read the lists of suites (panel, out of reach, kept away from) that ``volunteers``
    have not read yet, in one statement, and set them on each as loaded: read as
    relationships they were three. A suite is read for its own columns (``suite_alone``);
    each list is by name, as the relationships order it."""
    unread = {
        (volunteer.id, name): volunteer
        for volunteer in volunteers
        for name in SUITE_LISTS.keys() & inspect(volunteer).unloaded
    }
    if not unread:
        return
    pairs = union_all(
        *(
            select(table.c.volunteer_id, table.c.suite_id, literal(name).label("list")).where(
                table.c.volunteer_id.in_(sorted({key[0] for key in unread if key[1] == name}))
            )
            for name, table in SUITE_LISTS.items()
        )
    ).subquery()
    found: dict[tuple[int, str], list[Suite]] = {key: [] for key in unread}
    rows = db.session.execute(
        select(pairs.c.volunteer_id, pairs.c.list, Suite)
        .join(Suite, Suite.id == pairs.c.suite_id)
        .options(*suite_alone())
        .order_by(Suite.name)
    )
    for volunteer_id, name, suite in rows:
        found[(volunteer_id, name)].append(suite)
    for (volunteer_id, name), volunteer in unread.items():
        attributes.set_committed_value(volunteer, name, found[(volunteer_id, name)])


def other_volunteers(volunteer: Volunteer) -> list[tuple[int, str]]:
    """(id, name) of the volunteers who could be kept apart from ``volunteer``, by name, in
    one statement (each read whole read its panels, suites, dates away and roles: six)."""
    rows = db.session.execute(
        select(Volunteer.id, User.name)
        .join(Volunteer.user)
        .where(Volunteer.id != volunteer.id, Volunteer.status.in_(["probation", "active"]))
        .order_by(User.name, Volunteer.id)
    )
    return [(volunteer_id, name) for volunteer_id, name in rows]


def pair_rows(volunteer: Volunteer) -> list[tuple[AvoidPair, User]]:
    """Each pair this volunteer is never put with, and the other volunteer's account (their
    name), in one statement: the other volunteer read whole was six statements a pair."""
    other_id = case(
        (AvoidPair.volunteer_id == volunteer.id, AvoidPair.other_id),
        else_=AvoidPair.volunteer_id,
    )
    rows = db.session.execute(
        select(AvoidPair, User)
        .join(Volunteer, Volunteer.id == other_id)
        .join(User, User.id == Volunteer.user_id)
        .options(load_only(User.id, User.name), lazyload(User.role_rows))
        .where((AvoidPair.volunteer_id == volunteer.id) | (AvoidPair.other_id == volunteer.id))
        .order_by(AvoidPair.id)
    )
    return [(pair, other) for pair, other in rows]


def history_of(volunteer_id: int) -> Select[tuple[AuditEvent]]:
    """The changes to the volunteer's record, newest first, each with who made it (but not
    their roles, which the history does not show)."""
    return (
        select(AuditEvent)
        .where(AuditEvent.object_type == "volunteer", AuditEvent.object_id == str(volunteer_id))
        .options(defaultload(AuditEvent.actor).lazyload(User.role_rows))
        .order_by(AuditEvent.id.desc())
    )
