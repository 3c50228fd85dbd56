"""Writes for training, meetings, the memorandum and reviews: each takes the acting user,
flushes and writes an audit row; the view (or job) commits."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from icv.accounts.models import User
from icv.audit.services import record
from icv.clock import now_utc
from icv.extensions import db
from icv.training.models import (
    AnnualReview,
    Meeting,
    MeetingAttendance,
    Memorandum,
    MemorandumSignature,
    RequiredFor,
    TrainingKind,
    TrainingRecord,
    TrainingSession,
)
from icv.training.queries import current_memorandum, needs_to_sign
from icv.training.rules import next_review_due
from icv.volunteers.models import Volunteer


class TrainingError(ValueError):
    """A change refused, with a message for the person."""


#: (name, months in date, required for, is initial): the kinds every scheme starts with (the
#: migration that made the tables added the same).
DEFAULT_KINDS = [
    ("Initial training", None, RequiredFor.EVERY_VISITOR, True),
    ("Refresher training", 12, RequiredFor.NOBODY, False),
    ("Terrorism Act (TACT) training", 36, RequiredFor.TACT_VISITS, False),
    ("Annual regional training day", 12, RequiredFor.NOBODY, False),
]


def ensure_kinds() -> list[TrainingKind]:
    """The default kinds, each added if missing (by name); in DEFAULT_KINDS order."""
    kinds = []
    for name, months, required, initial in DEFAULT_KINDS:
        kind = db.session.scalars(select(TrainingKind).where(TrainingKind.name == name)).first()
        if kind is None:
            kind = TrainingKind(
                name=name, valid_months=months, required_for=required, is_initial=initial
            )
            db.session.add(kind)
        kinds.append(kind)
    db.session.flush()
    return kinds


def add_kind(actor: User, name: str, valid_months: int | None, required_for: str) -> TrainingKind:
    if db.session.scalar(select(TrainingKind.id).where(TrainingKind.name == name)):
        raise TrainingError(f"There is already a kind of training called {name}")
    kind = TrainingKind(name=name, valid_months=valid_months, required_for=required_for)
    db.session.add(kind)
    db.session.flush()
    record(actor, "training.kind_added", kind, f"Kind of training added: {name}")
    return kind


def record_session(
    actor: User, kind: TrainingKind, held_on: date, place: str, attendees: list[Volunteer]
) -> TrainingSession:
    """A course held, and who completed it there (each gets a training record)."""
    if not attendees:
        raise TrainingError("Choose who attended")
    session = TrainingSession(kind=kind, held_on=held_on, place=place)
    db.session.add(session)
    for volunteer in attendees:
        add_record(volunteer, kind, held_on, session)
    db.session.flush()
    names = ", ".join(v.user.name for v in attendees)
    record(actor, "training.session", session, f"{kind.name} on {held_on:%-d %b %Y}: {names}")
    return session


def add_record(
    volunteer: Volunteer,
    kind: TrainingKind,
    completed_on: date,
    session: TrainingSession | None = None,
) -> TrainingRecord:
    """A completion (once per volunteer, kind and day: recording it again changes nothing)."""
    existing = db.session.scalars(
        select(TrainingRecord).where(
            TrainingRecord.volunteer_id == volunteer.id,
            TrainingRecord.kind_id == kind.id,
            TrainingRecord.completed_on == completed_on,
        )
    ).first()
    if existing is not None:
        return existing
    done = TrainingRecord(
        volunteer=volunteer, kind=kind, completed_on=completed_on, session=session
    )
    db.session.add(done)
    return done


def record_completion(
    actor: User, volunteer: Volunteer, kind: TrainingKind, completed_on: date
) -> TrainingRecord:
    """Training taken alone or elsewhere (another scheme's TACT course, say)."""
    done = add_record(volunteer, kind, completed_on)
    db.session.flush()
    record(
        actor,
        "training.recorded",
        volunteer,
        f"{volunteer.user.name}: {kind.name} completed {completed_on:%-d %b %Y}",
    )
    return done


def add_meeting(actor: User, title: str, held_on: date, place: str) -> Meeting:
    meeting = Meeting(title=title, held_on=held_on, place=place)
    db.session.add(meeting)
    db.session.flush()
    record(actor, "meeting.added", meeting, f"{title} on {held_on:%-d %b %Y}")
    return meeting


def record_attendance(actor: User, meeting: Meeting, answers: dict[Volunteer, str | None]) -> None:
    """Who came and who sent apologies (None: neither); replaces what was recorded."""
    by_volunteer = {a.volunteer_id: a for a in meeting.attendances}
    for volunteer, status in answers.items():
        row = by_volunteer.get(volunteer.id)
        if status is None and row is not None:
            meeting.attendances.remove(row)
        elif status is not None and row is None:
            meeting.attendances.append(MeetingAttendance(volunteer=volunteer, status=status))
        elif status is not None and row is not None:
            row.status = status
    db.session.flush()
    came = sum(1 for a in meeting.attendances if a.status == "present")
    record(actor, "meeting.attendance", meeting, f"{meeting.title}: {came} attended")


def publish_memorandum(actor: User, version: str, text: str) -> Memorandum:
    """A new version in force: every current volunteer is asked to sign it on their phone."""
    if db.session.scalar(select(Memorandum.id).where(Memorandum.version == version)):
        raise TrainingError(f"Version {version} has already been published: give a new version")
    memorandum = Memorandum(version=version, text=text, published_by=actor, published_at=now_utc())
    db.session.add(memorandum)
    db.session.flush()
    record(actor, "memorandum.published", memorandum, f"Memorandum version {version} published")
    return memorandum


def sign_memorandum(volunteer: Volunteer, memorandum: Memorandum) -> MemorandumSignature:
    """The volunteer read and agreed to ``memorandum``, which must be the one in force."""
    if memorandum != current_memorandum():
        raise TrainingError(_("A newer version has been published: read and agree to that one"))
    if needs_to_sign(volunteer) is None:
        raise TrainingError(_("You have already agreed to this version"))
    signature = MemorandumSignature(memorandum=memorandum, volunteer_id=volunteer.id)
    db.session.add(signature)
    db.session.flush()
    record(
        volunteer.user,
        "memorandum.signed",
        volunteer,
        f"{volunteer.user.name} agreed to memorandum version {memorandum.version}",
    )
    return signature


def schedule_review(actor: User | None, volunteer: Volunteer, due_on: date) -> AnnualReview:
    review = AnnualReview(volunteer=volunteer, due_on=due_on, notes="")
    db.session.add(review)
    db.session.flush()
    record(actor, "review.scheduled", volunteer, f"Annual review due {due_on:%-d %b %Y}")
    return review


def complete_review(
    actor: User, review: AnnualReview, done_on: date, notes: str
) -> AnnualReview | None:
    """Record the review held; the next one is due a year later. Returns the next one."""
    if review.done_on is not None:
        raise TrainingError("This review has already been recorded")
    review.done_on, review.done_by, review.notes = done_on, actor, notes
    db.session.flush()
    volunteer = review.volunteer
    record(
        actor,
        "review.done",
        volunteer,
        f"Annual review of {volunteer.user.name} held {done_on:%-d %b %Y}",
    )
    return schedule_review(actor, volunteer, next_review_due(volunteer.appointed_on, done_on))
