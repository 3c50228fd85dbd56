"""Reading reports: who may see which, and the lists the pages show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import Select, exists, false, or_, select
from sqlalchemy.orm import defaultload, joinedload, lazyload, selectinload

from icv.accounts.models import User
from icv.accounts.roles import Role
from icv.extensions import db
from icv.settings import get_settings, time_bands
from icv.suites.models import Suite
from icv.suites.queries import suite_alone
from icv.suites.rules import day_started
from icv.visits.check_services import checks_of
from icv.visits.display import Names, first_names
from icv.visits.issue_rules import categories_from_setting
from icv.visits.models import VisitIssue, VisitReport, other_visitor
from icv.visits.values import ReportValues
from icv.volunteers.models import Volunteer

OFFICE = (Role.COORDINATOR, Role.ADMIN)
#: Who may write a report: a visitor, or the office on the visitors' behalf.
FILERS = (Role.VOLUNTEER, Role.COORDINATOR, Role.ADMIN)


def own_volunteer(user: User) -> Volunteer | None:
    """The person's own volunteer record, if they have one."""
    return db.session.scalars(Volunteer.of_user(user.id)).first()


def own_volunteer_id(user: User) -> int | None:
    return db.session.scalar(Volunteer.of_user(user.id).with_only_columns(Volunteer.id))


def is_visitor(user: User, report: VisitReport) -> bool:
    mine = own_volunteer_id(user)
    return (mine is not None and mine in report.visitor_ids()) or (
        report.submitted_by_id == user.id and not report.on_behalf
    )


def report_for(user: User, report_id: int) -> VisitReport:
    """The report if this person may read it (the office, or one of its visitors); else 404
    or 403. A report names its visitors, so the commissioner and the force never see one."""
    return readable(user, db.get_or_404(VisitReport, report_id))


def report_to_read(user: User, report_id: int) -> VisitReport:
    """``report_for``, with what its page and its print show loaded with it: the visitors'
    names, without what each visitor read whole brought (their panels, suites out of reach
    or avoided, dates away, and those suites' closures and liaisons: nine statements a
    visitor), and the suite without its closures and liaisons."""
    query = (
        select(VisitReport)
        .where(VisitReport.id == report_id)
        .options(
            *VISITORS_LOADED,
            defaultload(VisitReport.suite).options(*suite_alone()),
        )
    )
    return readable(user, db.session.scalars(query).first() or abort(404))


def readable(user: User, report: VisitReport) -> VisitReport:
    if not (user.has_role(*OFFICE) or is_visitor(user, report)):
        abort(403)
    return report


def reports_of(user: User) -> list[VisitReport]:
    """Reports of visits this volunteer was on, newest first (every one: for their export)."""
    return list(db.session.scalars(own_reports(user)))


def own_reports(user: User) -> Select[tuple[VisitReport]]:
    """Reports of visits this volunteer was on, newest first, with both visitors loaded; none
    for a person who is not a volunteer."""
    mine = own_volunteer_id(user)
    if mine is None:
        return select(VisitReport).where(false())
    return (
        select(VisitReport)
        .options(*VISITORS_LOADED)
        .where(or_(VisitReport.visitor_1_id == mine, VisitReport.visitor_2_id == mine))
        .order_by(
            VisitReport.visit_date.desc(), VisitReport.arrived_at.desc(), VisitReport.id.desc()
        )
    )


def awaiting_confirmation_by(user: User, mine: int) -> Select[tuple[int]]:
    """Ids of the reports whose ``partner_to_confirm`` is this volunteer (``mine``, of
    ``user``), found by the database: sent from the form by one of the visitors and not yet
    confirmed, and this volunteer the first visitor who did not send it."""
    first_is_the_filer = exists().where(
        Volunteer.id == VisitReport.visitor_1_id, Volunteer.user_id == VisitReport.submitted_by_id
    )
    return select(VisitReport.id).where(
        VisitReport.cosigned_at.is_(None),
        VisitReport.source == "form",
        VisitReport.on_behalf.is_(False),
        or_(VisitReport.submitted_by_id.is_(None), VisitReport.submitted_by_id != user.id),
        or_(
            VisitReport.visitor_1_id == mine,
            (VisitReport.visitor_2_id == mine)
            & (VisitReport.visitor_1_id.is_(None) | first_is_the_filer),
        ),
    )


def partner_to_ask(filer: User, on_behalf: bool, values: ReportValues) -> Volunteer | None:
    """Who will be asked to confirm a report the filer sends with these values, as
    ``sent_mail.ask_partner_to_confirm`` then finds them: nobody when the office files it for
    the visitors, when there is no second visitor, or when their account is closed."""
    if on_behalf:
        return None
    ids = (values.visitor_1_id, values.visitor_2_id)
    partner = other_visitor((db.session.get(Volunteer, i) for i in ids if i), filer.id)
    return partner if partner is not None and partner.user.is_active else None


def categories() -> dict[str, str]:
    return categories_from_setting(get_settings()["issue_categories"])


def names_for(values: ReportValues, office: bool) -> Names:
    """Names of the suite and visitors a report's values point at (for a volunteer, the
    visitors' first names)."""
    suite = db.session.get(Suite, values.suite_id)
    visitors = []
    for volunteer_id, name in (
        (values.visitor_1_id, values.visitor_1_name),
        (values.visitor_2_id, values.visitor_2_name),
    ):
        volunteer = db.session.get(Volunteer, volunteer_id) if volunteer_id else None
        if volunteer or name:
            visitors.append(volunteer.user.name if volunteer else name)
    return Names(
        suite=suite.name if suite else "",
        visitors=visitors if office else first_names(visitors),
        categories=categories(),
        counted_on=day_started(values.visit_date, values.arrived_at, time_bands()),
        checks=checks_of(values.check_set_id),
    )


@dataclass(frozen=True)
class ReviewFilter:
    suite_id: int | None = None
    start: date | None = None
    end: date | None = None
    has_issues: bool = False
    serious: bool = False
    unreviewed: bool = False


#: A visitor's panel and availability: loaded with every volunteer, shown by no report list.
VOLUNTEER_PLANNING = (
    Volunteer.suites,
    Volunteer.unreachable_suites,
    Volunteer.avoided_suites,
    Volunteer.away_periods,
)
#: Both visitors of each report and their accounts (partner_to_confirm reads them), loaded
#: with the rows in a fixed number of statements whatever their number.
VISITORS_LOADED = tuple(
    selectinload(visitor).options(
        joinedload(Volunteer.user), *(lazyload(rel) for rel in VOLUNTEER_PLANNING)
    )
    for visitor in (VisitReport.visitor_1, VisitReport.visitor_2)
)
#: A report's suite for its name alone: its closures and liaisons (loaded with every suite,
#: with the liaisons' roles) are not read by a list of reports.
SUITE_NAMED = joinedload(VisitReport.suite).options(*suite_alone())
#: What a row of the review queue shows: its suite's name, its issues (their report is the
#: row) and whether a visitor is to confirm it (their ids; no account or role is shown).
QUEUE_ROW = (
    SUITE_NAMED,
    selectinload(VisitReport.issues).lazyload(VisitIssue.report),
    *(
        selectinload(visitor).options(
            lazyload(Volunteer.user), *(lazyload(rel) for rel in VOLUNTEER_PLANNING)
        )
        for visitor in (VisitReport.visitor_1, VisitReport.visitor_2)
    ),
)


def review_query(f: ReviewFilter) -> Select[tuple[VisitReport]]:
    query = (
        select(VisitReport)
        .options(*QUEUE_ROW)
        .order_by(VisitReport.visit_date.desc(), VisitReport.arrived_at.desc())
    )
    if f.suite_id:
        query = query.where(VisitReport.suite_id == f.suite_id)
    if f.start:
        query = query.where(VisitReport.visit_date >= f.start)
    if f.end:
        query = query.where(VisitReport.visit_date <= f.end)
    if f.has_issues:
        query = query.where(exists().where(VisitIssue.report_id == VisitReport.id))
    if f.serious:  # what the visitors marked urgent, or the coordinator found serious
        query = query.where(
            exists().where(
                VisitIssue.report_id == VisitReport.id,
                or_(VisitIssue.is_urgent, VisitIssue.is_serious),
            )
        )
    if f.unreviewed:
        query = query.where(VisitReport.reviewed_at.is_(None))
    return query


def tact_copies_due() -> list[VisitReport]:
    """Reports of TACT visits whose copy is still to send, with their suite's name."""
    return list(
        db.session.scalars(
            select(VisitReport)
            .options(SUITE_NAMED)
            .where(VisitReport.tact_visited, VisitReport.tact_copy_sent_on.is_(None))
        )
    )
