"""The training area's part of the demo: Leamington Spa holds TACT detainees, some visitors
are TACT-trained (one runs out soon), everyone has initial training, three panel meetings
with attendance, a new memorandum some have not signed yet, and annual reviews (one due soon,
one overdue). Running it again changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from icv.accounts.models import User
from icv.clock import now_utc
from icv.extensions import db
from icv.suites.models import Suite
from icv.training import queries, services
from icv.training.models import AnnualReview, Meeting, Memorandum
from icv.training.rules import next_review_due
from icv.volunteers.models import Volunteer

#: email -> days before today their TACT training was done (3 years in date: Bea's runs out
#: in a month).
TACT_TRAINED = {
    "volunteer@example.org": 200,
    "alex.morgan@example.org": 700,
    "bea.singh@example.org": 3 * 365 - 30,
    "dee.patel@example.org": 400,
    "eli.brown@example.org": 90,
}
MEMORANDUM = """Independent custody visitors agree:
- to visit unannounced, in pairs, as the rota or the office arranges;
- to keep confidential everything seen and heard at a visit, and to name no detainee in a report;
- to be independent: to take no instruction from the police about what to see or say;
- to tell the office at once of any conflict of interest, arrest or change of circumstances;
- to attend panel meetings and training, and an annual review with the coordinator."""


def by_email() -> dict[str, Volunteer]:
    rows = db.session.scalars(select(Volunteer).join(Volunteer.user))
    return {v.user.email: v for v in rows}


def ensure_training_records(today: date) -> None:
    """TACT suite, initial training for every volunteer and TACT training for some (before a
    demo rota is solved, so it respects TACT)."""
    kinds = services.ensure_kinds()
    initial, tact = kinds[0], kinds[2]
    suite = db.session.scalars(select(Suite).where(Suite.name == "Leamington Spa")).first()
    if suite is not None:
        suite.holds_tact = True
    for email, volunteer in by_email().items():
        services.add_record(volunteer, initial, volunteer.appointed_on - timedelta(days=14))
        if email in TACT_TRAINED:
            services.add_record(volunteer, tact, today - timedelta(days=TACT_TRAINED[email]))
    db.session.flush()


def ensure_year(today: date, coordinator: User) -> None:
    """Meetings, a regional training day, the memorandum and reviews (once)."""
    if db.session.scalar(select(func.count()).select_from(Meeting)):
        return
    people = list(by_email().values())
    regional = services.ensure_kinds()[3]
    services.record_session(
        coordinator, regional, today - timedelta(days=150), "Leek Wootton", people[::2]
    )
    for weeks, title in (
        (30, "Winter panel meeting"),
        (17, "Spring panel meeting"),
        (4, "Summer panel meeting"),
    ):
        meeting = services.add_meeting(
            coordinator, title, today - timedelta(weeks=weeks), "Leamington Justice Centre"
        )
        answers = {v: ("present" if (v.id + weeks) % 3 else "apologies") for v in people}
        services.record_attendance(coordinator, meeting, answers)
    ensure_memoranda(coordinator, people)
    ensure_reviews(today, coordinator, people)


def ensure_memoranda(coordinator: User, people: list[Volunteer]) -> None:
    if db.session.scalar(select(func.count()).select_from(Memorandum)):
        return
    old = services.publish_memorandum(coordinator, "2024-1", MEMORANDUM)
    old.published_at = now_utc() - timedelta(days=700)
    for volunteer in people:
        signed = services.sign_memorandum(volunteer, old)
        signed.signed_at = old.published_at + timedelta(days=14)
    services.publish_memorandum(
        coordinator, "2026-1", MEMORANDUM + "\n- to keep their phone locked."
    )
    newest = queries.current_memorandum()
    # everyone but Val (a demo login) has agreed to the new version: Val is asked on the phone
    for volunteer in people:
        if volunteer.user.email != "volunteer@example.org" and newest is not None:
            services.sign_memorandum(volunteer, newest)


def ensure_reviews(today: date, coordinator: User, people: list[Volunteer]) -> None:
    """Each volunteer's next review (Sam's due in 20 days, Alex's 12 days overdue) and, for
    those appointed long enough, the one held a year before it."""
    if db.session.scalar(select(func.count()).select_from(AnnualReview)):
        return
    special = {"volunteer2@example.org": 20, "alex.morgan@example.org": -12}
    for volunteer in people:
        due_on = next_review_due(volunteer.appointed_on, None)
        while due_on < today:
            due_on = next_review_due(volunteer.appointed_on, due_on)
        if volunteer.user.email in special:
            due_on = today + timedelta(days=special[volunteer.user.email])
        held_on = due_on - timedelta(days=365)
        if held_on > volunteer.appointed_on and held_on < today:
            db.session.add(
                AnnualReview(
                    volunteer=volunteer,
                    due_on=held_on,
                    done_on=held_on,
                    done_by=coordinator,
                    notes="All going well; would like TACT training.",
                )
            )
        services.schedule_review(coordinator, volunteer, due_on)
    db.session.flush()
