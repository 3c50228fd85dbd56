"""Planned visits read for pages that name their suite and people, and the loader options
that do it: what a suite or a volunteer read whole brings (a suite's closures and liaisons;
a volunteer's panels, suites out of reach or avoided, dates away and roles, and those
suites' closures and liaisons) costs a dozen statements that a page naming them does not
need. Rules that do need them load them themselves (``problem_from_db``)."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import Load, defaultload, lazyload

from icv.accounts.models import User
from icv.extensions import db
from icv.rota.models import PlannedVisit, PlannedVisitor, RotaPeriod
from icv.suites.queries import suite_alone
from icv.volunteers.models import Volunteer

#: What a volunteer read whole brings for planning a rota.
PLANNING = (
    Volunteer.suites,
    Volunteer.unreachable_suites,
    Volunteer.avoided_suites,
    Volunteer.away_periods,
)


def named_volunteer(path: Load) -> Load:
    """``path`` (a loader ending at a volunteer) with their account's name, and no more."""
    return path.options(
        *(lazyload(planning) for planning in PLANNING),
        defaultload(Volunteer.user).lazyload(User.role_rows),
    )


def named_suite(path: Load) -> Load:
    """``path`` (a loader ending at a suite) without its closures and liaisons."""
    return path.options(*suite_alone())


def named_visit(path: Load) -> tuple[Load, Load]:
    """``path`` (a loader ending at a planned visit, or ``Load(PlannedVisit)`` for the visit
    itself): its suite and its visitors by name."""
    return (
        named_suite(path.defaultload(PlannedVisit.suite)),
        named_volunteer(
            path.selectinload(PlannedVisit.visitors).defaultload(PlannedVisitor.volunteer)
        ),
    )


def with_its_rota(path: Load) -> tuple[Load, ...]:
    """``path`` (a loader ending at a planned visit) with its suite, its rota and the rota's
    visits, each visit with its suite and its visitors by name: what the rules of the rota
    (``EditCheck``) and the page read of them, in two statements. Read by the rota, each
    visitor was read whole (their panels, suites out of reach or avoided, dates away and
    roles, and those suites' closures and liaisons: nine more), and the visit twice."""
    visits = path.joinedload(PlannedVisit.period).selectinload(RotaPeriod.visits)
    return (
        named_suite(path.defaultload(PlannedVisit.suite)),
        # its visitors come with the rota's visits, the visit among them
        path.lazyload(PlannedVisit.visitors),
        named_suite(visits.defaultload(PlannedVisit.suite)),
        # joined, not a statement of its own: one selecting by visit would be split in
        # statements of 500 visits, and a quarter's rota at a national scale has more
        named_volunteer(
            visits.joinedload(PlannedVisit.visitors).defaultload(PlannedVisitor.volunteer)
        ),
    )


def visit_to_check(visit_id: int) -> PlannedVisit | None:
    """The visit with its rota, read for the rules (``with_its_rota``), or None."""
    query = (
        select(PlannedVisit)
        .where(PlannedVisit.id == visit_id)
        .options(*with_its_rota(Load(PlannedVisit)))
    )
    return db.session.scalars(query).first()


def visit_to_show(visit_id: int) -> PlannedVisit:
    """The visit with its suite and visitors, or 404. The page names them: each visitor read
    whole brought their panels, suites out of reach or avoided, dates away and those suites'
    closures and liaisons, and the suite its closures and liaisons (fifteen statements for a
    visit of two)."""
    query = (
        select(PlannedVisit)
        .where(PlannedVisit.id == visit_id)
        .options(*named_visit(Load(PlannedVisit)))
    )
    return db.session.scalars(query).first() or abort(404)
