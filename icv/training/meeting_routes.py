"""Panel meetings for the coordinator: add one, then record who came and who sent apologies."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from icv.extensions import db
from icv.pagination import paginated
from icv.training import bp, queries, services
from icv.training.forms import ATTENDANCE_CHOICES, MeetingForm
from icv.training.models import Meeting
from icv.training.queries import PAGE_SIZE
from icv.views import act


def meetings_page(form: MeetingForm, status: int = 200):
    """The meetings, newest first, a page at a time, with how many came and sent apologies
    (counted in one statement rather than loading every attendance)."""
    newest_first = (
        select(Meeting)
        .options(lazyload(Meeting.attendances))
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    )
    page = paginated(newest_first, PAGE_SIZE)
    counts = queries.attendance_counts([meeting.id for meeting in page.items])
    return render_template(
        "training/meetings.html", meetings=page.items, page=page, counts=counts, form=form
    ), status


@bp.get("/meetings")
def meetings():
    return meetings_page(MeetingForm())


@bp.post("/meetings")
def add_meeting():
    form = MeetingForm()

    def change() -> str:
        meeting = services.add_meeting(
            current_user, form.title.data, form.held_on.data, form.place.data or ""
        )
        return f"{meeting.title} added: record who came below."

    return act(
        form, change, services.TrainingError, url_for(".meetings"), lambda f: meetings_page(f, 400)
    )


@bp.route("/meetings/<int:meeting_id>", methods=["GET", "POST"])
def meeting(meeting_id: int):
    """One radio group per current volunteer (came, apologies, neither): a plain form that
    works without JavaScript; an answer outside the choices is ignored as not given."""
    held = db.get_or_404(Meeting, meeting_id)
    volunteers = queries.current_volunteers()
    known = {a.volunteer_id: a for a in held.attendances}
    # volunteers who have since left keep their row on the page
    volunteers += [a.volunteer for a in held.attendances if a.volunteer not in volunteers]
    if request.method == "POST":
        allowed = {value for value, _ in ATTENDANCE_CHOICES}
        answers = {}
        for volunteer in volunteers:
            answer = request.form.get(f"v{volunteer.id}", "absent")
            answer = answer if answer in allowed else "absent"
            answers[volunteer] = None if answer == "absent" else answer
        services.record_attendance(current_user, held, answers)
        db.session.commit()
        flash("Attendance saved.", "success")
        return redirect(url_for(".meeting", meeting_id=held.id))
    current = {v.id: (known[v.id].status if v.id in known else "absent") for v in volunteers}
    return render_template(
        "training/meeting.html",
        meeting=held,
        volunteers=volunteers,
        current=current,
        choices=ATTENDANCE_CHOICES,
    )
