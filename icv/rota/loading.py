"""Loader options for pages that name a visit's suite and people: what a suite or a volunteer
read whole brings (a suite's closures and liaisons; a volunteer's panels, suites out of
reach or avoided, dates away and roles, and those suites' closures and liaisons) costs a
dozen statements that a page naming them does not need. Rules that do need them load them
themselves (``problem_from_db``)."""

from __future__ import annotations

from sqlalchemy.orm import Load, defaultload, lazyload

from icv.accounts.models import User
from icv.rota.models import PlannedVisit, PlannedVisitor
from icv.suites.models import Suite
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
    return path.options(lazyload(Suite.closures), lazyload(Suite.liaisons))


def named_visit(path: Load) -> tuple[Load, Load]:
    """``path`` (a loader ending at a planned visit, or ``Load(PlannedVisit)`` for the visit
    itself): its suite and its visitors by name."""
    return (
        named_suite(path.defaultload(PlannedVisit.suite)),
        named_volunteer(
            path.selectinload(PlannedVisit.visitors).defaultload(PlannedVisitor.volunteer)
        ),
    )
