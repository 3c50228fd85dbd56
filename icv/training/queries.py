"""Reading training, meetings, the memorandum and reviews, for pages, the rota, the report form
and the scheduled job."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased, contains_eager, joinedload, lazyload

from icv.accounts.models import User
from icv.extensions import db
from icv.suites.models import Suite
from icv.training.models import (
    AnnualReview,
    Meeting,
    MeetingAttendance,
    Memorandum,
    MemorandumSignature,
    RequiredFor,
    TrainingKind,
    TrainingRecord,
)
from icv.training.rules import DateRange, covered, in_date_ranges, last_valid_day
from icv.volunteers.models import Volunteer, volunteer_suites
from icv.volunteers.rules import VISITING

#: Courses, panel meetings and reviews shown a page at a time (the office's training pages).
PAGE_SIZE = 50


def kinds() -> list[TrainingKind]:
    return list(db.session.scalars(select(TrainingKind).order_by(TrainingKind.name)))


def initial_kind() -> TrainingKind | None:
    return db.session.scalars(select(TrainingKind).where(TrainingKind.is_initial)).first()


def tact_ranges(volunteer_ids: list[int] | None = None) -> dict[int, tuple[DateRange, ...]]:
    """Volunteer id -> the days their TACT training is in date (only those who have any)."""
    query = (
        select(TrainingRecord.volunteer_id, TrainingRecord.completed_on, TrainingKind.valid_months)
        .join(TrainingKind, TrainingKind.id == TrainingRecord.kind_id)
        .where(TrainingKind.required_for == RequiredFor.TACT_VISITS)
    )
    if volunteer_ids is not None:
        query = query.where(TrainingRecord.volunteer_id.in_(volunteer_ids))
    completions: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for volunteer_id, completed_on, months in db.session.execute(query):
        completions[volunteer_id].append((completed_on, last_valid_day(completed_on, months)))
    return {vid: in_date_ranges(spans) for vid, spans in completions.items()}


def on_tact_panel(volunteer_id: int) -> bool:
    """Whether the volunteer is on the panel of a suite that holds people under the Terrorism
    Act (one statement, without loading their suites)."""
    return bool(
        db.session.scalar(
            select(Suite.id)
            .join(volunteer_suites, volunteer_suites.c.suite_id == Suite.id)
            .where(volunteer_suites.c.volunteer_id == volunteer_id, Suite.holds_tact)
            .limit(1)
        )
    )


def tact_trained_on(volunteer_ids: list[int], day: date) -> bool:
    """Whether at least one of these volunteers has TACT training in date on ``day``."""
    return any(covered(ranges, day) for ranges in tact_ranges(volunteer_ids).values())


@dataclass(frozen=True)
class TrainingLine:
    """A kind of training as it stands for one volunteer: the latest completion and when it
    runs out (None: never), or not done; whether their role needs it."""

    kind: TrainingKind
    completed_on: date | None
    last_day: date | None
    required: bool


def training_lines(volunteer: Volunteer, holds_tact_panel: bool = False) -> list[TrainingLine]:
    """Every kind the volunteer has done or needs, with their latest completion of it: one
    statement (every kind, beside the volunteer's latest day of each), not their every
    record and then the kinds."""
    latest = (
        select(TrainingRecord.kind_id, func.max(TrainingRecord.completed_on).label("completed_on"))
        .where(TrainingRecord.volunteer_id == volunteer.id)
        .group_by(TrainingRecord.kind_id)
        .subquery()
    )
    rows = db.session.execute(
        select(TrainingKind, latest.c.completed_on)
        .outerjoin(latest, latest.c.kind_id == TrainingKind.id)
        .order_by(TrainingKind.name)
    )
    lines = []
    for kind, completed in rows:
        required = kind.required_for == RequiredFor.EVERY_VISITOR or (
            kind.is_tact and holds_tact_panel
        )
        if completed is None and not required:
            continue
        last = last_valid_day(completed, kind.valid_months) if completed else None
        lines.append(TrainingLine(kind, completed, last, required))
    return lines


def attendee_counts(session_ids: list[int]) -> dict[int, int]:
    """Course id -> how many completed it there, for the courses of a page (one statement)."""
    return dict(
        db.session.execute(
            select(TrainingRecord.session_id, func.count())
            .where(TrainingRecord.session_id.in_(session_ids))
            .group_by(TrainingRecord.session_id)
        ).all()
    )


def attendees(session_id: int) -> list[tuple[int, str]]:
    """(volunteer id, name) of who completed a course there, by name: its page's list, in
    one statement whatever the course's size (each attendee's record read their volunteer
    and its panels, suites and roles: six statements an attendee)."""
    rows = db.session.execute(
        select(Volunteer.id, User.name)
        .join(TrainingRecord, TrainingRecord.volunteer_id == Volunteer.id)
        .join(User, User.id == Volunteer.user_id)
        .where(TrainingRecord.session_id == session_id)
        .order_by(User.name, Volunteer.id)
    )
    return [(volunteer_id, name) for volunteer_id, name in rows]


def attendance_counts(meeting_ids: list[int]) -> dict[int, dict[str, int]]:
    """Meeting id -> {"present": n, "apologies": n} (either left out when none), for the
    meetings of a page (one statement, not their every attendance row)."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for meeting_id, status, n in db.session.execute(
        select(MeetingAttendance.meeting_id, MeetingAttendance.status, func.count())
        .where(MeetingAttendance.meeting_id.in_(meeting_ids))
        .group_by(MeetingAttendance.meeting_id, MeetingAttendance.status)
    ):
        counts[meeting_id][status] = n
    return counts


def records_of(volunteer: Volunteer) -> list[TrainingRecord]:
    """The volunteer's completions, newest first, each with the course it was at (read in the
    same statement: the page names each course's place)."""
    return list(
        db.session.scalars(
            select(TrainingRecord)
            .options(joinedload(TrainingRecord.session))
            .where(TrainingRecord.volunteer_id == volunteer.id)
            .order_by(TrainingRecord.completed_on.desc())
        )
    )


def meetings_of(volunteer: Volunteer) -> list[MeetingAttendance]:
    """Meetings the volunteer came to or sent apologies for, newest first, each with its
    meeting (read in the same statement) but not the meeting's other attendances."""
    return list(
        db.session.scalars(
            select(MeetingAttendance)
            .join(MeetingAttendance.meeting)
            .options(contains_eager(MeetingAttendance.meeting).lazyload(Meeting.attendances))
            .where(MeetingAttendance.volunteer_id == volunteer.id)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        )
    )


def current_memorandum() -> Memorandum | None:
    return db.session.scalars(
        select(Memorandum).order_by(Memorandum.published_at.desc(), Memorandum.id.desc())
    ).first()


def latest_signature(volunteer: Volunteer) -> MemorandumSignature | None:
    return db.session.scalars(
        select(MemorandumSignature)
        .where(MemorandumSignature.volunteer_id == volunteer.id)
        .order_by(MemorandumSignature.signed_at.desc(), MemorandumSignature.id.desc())
    ).first()


def needs_to_sign(volunteer: Volunteer) -> Memorandum | None:
    """The memorandum in force if this current volunteer has not signed it yet."""
    memorandum = current_memorandum()
    if memorandum is None or volunteer.status not in VISITING:
        return None
    signed = db.session.scalar(
        select(MemorandumSignature.id).where(
            MemorandumSignature.memorandum_id == memorandum.id,
            MemorandumSignature.volunteer_id == volunteer.id,
        )
    )
    return None if signed else memorandum


def reviews_of(volunteer: Volunteer) -> list[AnnualReview]:
    return list(
        db.session.scalars(
            select(AnnualReview)
            .where(AnnualReview.volunteer_id == volunteer.id)
            .order_by(AnnualReview.due_on.desc())
        )
    )


def open_review(volunteer: Volunteer) -> AnnualReview | None:
    return db.session.scalars(
        select(AnnualReview)
        .where(AnnualReview.volunteer_id == volunteer.id, AnnualReview.done_on.is_(None))
        .order_by(AnnualReview.due_on)
    ).first()


def signature_standing(volunteer: Volunteer) -> tuple[MemorandumSignature | None, bool]:
    """The volunteer's latest signature (with its memorandum), and whether a newer version in
    force waits for them to sign it: one statement, where the latest signature, the version
    in force and whether they signed it were three."""
    in_force = (
        select(Memorandum.id)
        .order_by(Memorandum.published_at.desc(), Memorandum.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    theirs = aliased(MemorandumSignature)
    signed_in_force = (
        select(theirs.id)
        .where(theirs.memorandum_id == in_force, theirs.volunteer_id == volunteer.id)
        .exists()
    )
    found = db.session.execute(
        select(MemorandumSignature, in_force.is_not(None) & ~signed_in_force)
        .where(MemorandumSignature.volunteer_id == volunteer.id)
        .order_by(MemorandumSignature.signed_at.desc(), MemorandumSignature.id.desc())
        .limit(1)
    ).first()
    if found is None:
        return None, False
    signature, unsigned = found
    return signature, bool(unsigned) and volunteer.status in VISITING


def review_standing(volunteer: Volunteer) -> tuple[AnnualReview | None, AnnualReview | None]:
    """The volunteer's next review to hold (the soonest due) and the last one held (the
    latest due of those held, with who held it): one statement, where the review to hold,
    every review and then who held the last were three."""
    reviews = db.session.scalars(
        select(AnnualReview)
        .options(joinedload(AnnualReview.done_by).lazyload(User.role_rows))
        .where(AnnualReview.volunteer_id == volunteer.id)
        .order_by(AnnualReview.due_on, AnnualReview.id)
    ).all()
    to_hold = next((r for r in reviews if r.done_on is None), None)
    held = next((r for r in reversed(reviews) if r.done_on is not None), None)
    return to_hold, held


def reviews_not_done_query() -> Select:
    """Reviews still to hold of current volunteers, soonest due first, each with its volunteer
    and their account read in the same statement (their panels and dates away not at all)."""
    return (
        select(AnnualReview)
        .join(AnnualReview.volunteer)
        .join(Volunteer.user)
        .options(contains_eager(AnnualReview.volunteer).contains_eager(Volunteer.user))
        .options(lazyload("*"))
        .where(AnnualReview.done_on.is_(None), Volunteer.status.in_(VISITING))
        .order_by(AnnualReview.due_on, AnnualReview.id)
    )


def reviews_not_done() -> list[AnnualReview]:
    return list(db.session.scalars(reviews_not_done_query()))


def current_volunteers(appointed_by: date | None = None) -> list[Volunteer]:
    """Current volunteers by name (only those appointed by ``appointed_by`` when given), each
    with their account (one statement): the pages that list them show names, not panels or
    dates away."""
    query = (
        select(Volunteer)
        .join(Volunteer.user)
        .options(contains_eager(Volunteer.user), lazyload("*"))
        .where(Volunteer.status.in_(VISITING))
        .order_by(User.name, Volunteer.id)
    )
    if appointed_by is not None:
        query = query.where(Volunteer.appointed_on <= appointed_by)
    return list(db.session.scalars(query))
