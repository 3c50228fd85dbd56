"""The training area's share of ``pages_at_scale.py``'s fill, small as a scheme's is: four
courses and four panel meetings a year of the history, each course with 25 volunteers and each
meeting with 60 (one in four sending apologies), an annual review held last year and one to
hold for every volunteer, and a memorandum half of them signed. Volunteers appointed since 2014
give long service its milestones."""

from __future__ import annotations

import random
from datetime import date, timedelta

import summary_history as history  # beside this script

from icv.clock import now_utc
from icv.extensions import db
from icv.training.models import (
    AnnualReview,
    Meeting,
    MeetingAttendance,
    Memorandum,
    MemorandumSignature,
    TrainingRecord,
    TrainingSession,
)
from icv.training.services import ensure_kinds

COURSES_A_YEAR, COURSE_SIZE, MEETING_SIZE = 4, 25, 60


def training(rng: random.Random, volunteers: int) -> None:
    """Courses, meetings, reviews and a memorandum for volunteers 1 to ``volunteers``."""
    kinds, ids = ensure_kinds(), range(1, volunteers + 1)
    days = [
        date(year, 3 * quarter + 1, 15)
        for year in range(history.FIRST.year, history.LAST.year + 1)
        for quarter in range(COURSES_A_YEAR)
    ]
    courses = [
        TrainingSession(kind=kinds[n % 4], held_on=day, place=f"Place {n}")
        for n, day in enumerate(days)
    ]
    meetings = [
        Meeting(title=f"Panel meeting {day:%B %Y}", held_on=day + timedelta(days=7)) for day in days
    ]
    db.session.add_all([*courses, *meetings])
    db.session.flush()
    records = [
        {"volunteer_id": v, "kind_id": c.kind_id, "session_id": c.id, "completed_on": c.held_on}
        for c in courses
        for v in rng.sample(ids, COURSE_SIZE)
    ]
    history.write(TrainingRecord, records)
    came = [
        {"meeting_id": m.id, "volunteer_id": v, "status": "apologies" if n % 4 == 0 else "present"}
        for m in meetings
        for n, v in enumerate(rng.sample(ids, MEETING_SIZE))
    ]
    history.write(MeetingAttendance, came)
    last = history.LAST
    dues = [(v, last + timedelta(days=sign * (1 + v % 365))) for v in ids for sign in (-1, 1)]
    history.write(
        AnnualReview,
        [
            {"volunteer_id": v, "due_on": due, "notes": "", "done_on": due if due <= last else None}
            for v, due in dues
        ],
    )
    memorandum = Memorandum(version="2025-1", text="Be kind.", published_at=now_utc())
    db.session.add(memorandum)
    db.session.flush()
    signed = [
        {"memorandum_id": memorandum.id, "volunteer_id": v, "signed_at": now_utc()}
        for v in ids
        if v % 2
    ]
    history.write(MemorandumSignature, signed)
