"""The visit on the rota a report is of: the visits it may be of (``may_be_of_a_report``), and
the one it is (``the_one``): the visit it was started from if it still fits, else one that
fits with one of its visitors on it.

A correction reads the visits it may be of by themselves (``visit_of_report``). A send reads
them with the people its report names, in one statement (``icv.visits.choices``), as plain
rows (``Seen``): the one it is of is then put in the session as a stored row (``attached``),
so completing it updates it without reading it again."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, and_, bindparam, or_, select
from sqlalchemy.orm import contains_eager, defaultload, joinedload, make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from icv.extensions import db
from icv.rota.engine.problem import WEEK_BAND
from icv.rota.models import PeriodStatus, PlannedVisit, PlannedVisitor, RotaPeriod, VisitStatus
from icv.rota.rules import in_planned_week, monday_of, on_planned_day
from icv.settings import band_by_id, time_bands
from icv.suites.queries import suite_alone
from icv.suites.rules import day_started


@dataclass(frozen=True)
class Seen:
    """A visit a report may be of, as a send reads it with the people the report names: every
    column of the visit, and its visitors' ids."""

    id: int
    period_id: int
    suite_id: int
    visit_on: date
    band: str
    status: str
    status_changed_at: datetime | None
    cancel_reason: str | None
    done_on: date | None
    done_band: str | None
    visitor_ids: frozenset[int] = frozenset()

    @property
    def by_week(self) -> bool:
        return self.band == WEEK_BAND


#: The columns of a planned visit a send reads (``Seen``'s fields but its visitors), in order.
SEEN_COLUMNS = tuple(field.name for field in fields(Seen) if field.name != "visitor_ids")

Visit = TypeVar("Visit", PlannedVisit, Seen)


def fits(
    visit: PlannedVisit | Seen, suite_id: int, visit_date: date, arrived_at: time | None
) -> bool:
    """Could a report of a visit to this suite, on this date and arriving then, be of the
    planned ``visit``? (Its suite, and its day or, late at night, the day after.)"""
    started = None if arrived_at is None else day_started(visit_date, arrived_at, time_bands())
    if visit.by_week:  # any day of its week: the pair choose
        return visit.suite_id == suite_id and in_planned_week(visit.visit_on, visit_date, started)
    return visit.suite_id == suite_id and on_planned_day(
        visit.visit_on, band_by_id(visit.band), visit_date, arrived_at, started
    )


def the_one(
    found: Sequence[Visit],
    suite_id: int,
    visit_date: date,
    arrived_at: time | None,
    volunteer_ids: set[int],
    preferred_id: int | None,
) -> Visit | None:
    """The visit a report is of among those it may be of (``found``, latest first): one that
    fits (see ``fits``) with one of the report's visitors on it, the one it was started from
    (``preferred_id``) first, then the same day's first (a visit allocated by week fits a
    report on any day of its week). Planned or missed only. A report started from a visit
    whose places have all gone to others since is of none: it must not complete the visit
    the new pair make."""
    preferred = next((visit for visit in found if visit.id == preferred_id), None)
    for visit in [preferred, *found] if preferred is not None else found:
        if (
            fits(visit, suite_id, visit_date, arrived_at)
            and visit.status in (VisitStatus.PLANNED, VisitStatus.MISSED)
            and visit.visitor_ids & volunteer_ids
        ):
            return visit
    return None


def may_be_of_a_report() -> ColumnElement[bool]:
    """Whether a planned visit may be the one a report is of (``visit_of_report``): a
    published visit of the report's suite (``suite_id``) on its day or the day before
    (``days``), or in their weeks when allocated by week (``mondays``), or the visit it was
    started from (``preferred_id``, published or not since). Needs ``RotaPeriod`` joined."""
    return or_(
        and_(
            PlannedVisit.suite_id == bindparam("suite_id"),
            or_(
                PlannedVisit.visit_on.in_(bindparam("days", expanding=True)),
                and_(
                    PlannedVisit.band == WEEK_BAND,
                    PlannedVisit.visit_on.in_(bindparam("mondays", expanding=True)),
                ),
            ),
            RotaPeriod.status == PeriodStatus.PUBLISHED,
        ),
        PlannedVisit.id == bindparam("preferred_id"),
    )


def report_visit_parameters(suite_id: int, visit_date: date, preferred_id: int | None) -> dict:
    """The values of ``may_be_of_a_report``'s parameters for a report of that suite and day."""
    day_before = visit_date - timedelta(days=1)
    return {
        "suite_id": suite_id,
        "days": [visit_date, day_before],
        "mondays": [monday_of(visit_date), monday_of(day_before)],
        "preferred_id": preferred_id,
    }


@cache
def visits_of_a_report() -> Select:
    """``visit_of_report``'s candidates, built once, at first use: every report sent asks
    (building the statement cost more CPU than running it). The visit it was started from
    (``preferred_id``, published or not since) comes in the same statement. Each with its
    suite, its period (the rota reads it when the visit is completed) and the ids of its
    visitors, all in the one statement, not the visitors' records, panels and availability,
    nor the suite's liaisons and closures (some 10 statements a candidate when they were
    loaded)."""
    return (
        select(PlannedVisit)
        .join(RotaPeriod)
        .where(may_be_of_a_report())
        .order_by(PlannedVisit.visit_on.desc(), PlannedVisit.id)
        .options(
            contains_eager(PlannedVisit.period),
            defaultload(PlannedVisit.suite).options(*suite_alone()),
            joinedload(PlannedVisit.visitors).lazyload(PlannedVisitor.volunteer),
        )
    )


def visit_of_report(
    suite_id: int,
    visit_date: date,
    arrived_at: time | None,
    volunteer_ids: set[int],
    preferred_id: int | None,
) -> PlannedVisit | None:
    """The published planned visit a report is of (``the_one``), read with the others it may
    be of."""
    parameters = report_visit_parameters(suite_id, visit_date, preferred_id)
    found = db.session.scalars(visits_of_a_report(), parameters).unique().all()  # a row a visitor
    return the_one(found, suite_id, visit_date, arrived_at, volunteer_ids, preferred_id)


def seen(
    visit_rows: Iterable[Sequence], visitor_rows: Iterable[tuple[int, int]]
) -> tuple[Seen, ...]:
    """The visits a report may be of from the rows a send read (``SEEN_COLUMNS`` of each, and
    (volunteer id, visit id) of their visitors), latest first as ``visits_of_a_report``
    orders them."""
    on_visit: dict[int, set[int]] = defaultdict(set)
    for volunteer_id, visit_id in visitor_rows:
        on_visit[visit_id].add(volunteer_id)
    visits = [Seen(*row, visitor_ids=frozenset(on_visit[row[0]])) for row in visit_rows]
    return tuple(sorted(visits, key=lambda visit: (-visit.visit_on.toordinal(), visit.id)))


def attached(visit: Seen) -> PlannedVisit:
    """The visit read as ``Seen`` as a stored row in the session, as if just read (its suite,
    period and visitors read if asked for), or the one in the session already: completing it
    updates it without reading it again."""
    loaded = db.session.identity_map.get(identity_key(PlannedVisit, visit.id))
    if loaded is not None:
        return loaded
    row = PlannedVisit(**{name: getattr(visit, name) for name in SEEN_COLUMNS})
    make_transient_to_detached(row)  # nothing pending: what is changed next is updated
    db.session.add(row)
    return row
