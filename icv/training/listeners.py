"""How training reacts to other areas (``icv.signals``): an appointed applicant's initial
training (recorded during recruitment) becomes their first training record and their first
annual review is due a year on; the coordinator's page of a volunteer shows their training,
meetings, memorandum and review."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from flask import url_for

from icv.accounts.models import User
from icv.signals import RecordSection, volunteer_appointed, volunteer_record_shown
from icv.training import queries, services
from icv.training.rules import expiry_state, next_review_due
from icv.volunteers.models import Volunteer

if TYPE_CHECKING:
    from icv.applications.models import Application


@volunteer_appointed.connect
def carry_over_recruitment(
    _sender: Any, *, volunteer: Volunteer, application: Application, actor: User, **_: Any
) -> None:
    if application.training_completed_on is not None:
        kind = queries.initial_kind() or services.ensure_kinds()[0]
        services.add_record(volunteer, kind, application.training_completed_on)
    if queries.open_review(volunteer) is None:
        due_on = next_review_due(volunteer.appointed_on, None)
        services.schedule_review(actor, volunteer, due_on)


def day(value: date | None, empty: str = "Not recorded") -> str:
    return f"{value:%-d %B %Y}" if value else empty


def training_value(line: queries.TrainingLine, today: date) -> str:
    if line.completed_on is None:
        return "Not done (needed for their role)"
    if line.last_day is None:
        return f"Completed {day(line.completed_on)}, does not run out"
    state = expiry_state(line.last_day, today)
    ends = "ran out" if state == "run out" else "in date to"
    return f"Completed {day(line.completed_on)}, {ends} {day(line.last_day)}"


@volunteer_record_shown.connect
def training_sections(
    _sender: Any, *, volunteer: Volunteer, today: date, **_: Any
) -> list[RecordSection]:
    tact_panel = any(s.holds_tact for s in volunteer.suites)
    lines = queries.training_lines(volunteer, tact_panel)
    training = RecordSection(
        "Training",
        [(line.kind.name, training_value(line, today)) for line in lines]
        or [("Training", "None recorded")],
        [("Record training", url_for("training.record_for", volunteer_id=volunteer.id))],
        order=20,
    )
    attended = queries.meetings_of(volunteer)
    this_year = [a for a in attended if a.meeting.held_on.year == today.year]
    came = sum(a.status == "present" for a in this_year)
    sent = len(this_year) - came
    rows = [("This year", f"{came} attended, {sent} {'apology' if sent == 1 else 'apologies'}")]
    rows += [(f"{a.meeting.title}, {day(a.meeting.held_on)}", a.status_label) for a in attended[:5]]
    meetings = RecordSection("Panel meetings", rows, order=30)
    return [training, meetings, commitments_section(volunteer)]


def commitments_section(volunteer: Volunteer) -> RecordSection:
    signature, newer_waiting = queries.signature_standing(volunteer)
    signed = (
        f"Version {signature.memorandum.version}, signed {day(signature.signed_at.date())}"
        if signature
        else "Not signed"
    )
    if newer_waiting:
        signed += " (a newer version is waiting for them)"
    review, done = queries.review_standing(volunteer)
    rows = [
        ("Memorandum of understanding", signed),
        ("Annual review due", day(review.due_on if review else None, "None scheduled")),
        (
            "Last annual review",
            f"{day(done.done_on)} by {done.done_by.name if done.done_by else 'unknown'}"
            if done
            else "None yet",
        ),
    ]
    links = [("Annual reviews", url_for("training.reviews"))]
    return RecordSection("Memorandum and review", rows, links, order=40)
