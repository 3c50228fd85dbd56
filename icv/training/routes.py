"""Training for the coordinator: courses and who attended, training recorded for one
volunteer, the kinds of course (the administrator adds kinds), long service and reviews."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from icv.accounts.roles import Role
from icv.clock import today_local
from icv.extensions import db
from icv.pagination import paginated
from icv.training import bp, queries, services
from icv.training.forms import CompletionForm, KindForm, ReviewForm, SessionForm
from icv.training.models import AnnualReview, TrainingKind, TrainingSession
from icv.training.queries import PAGE_SIZE
from icv.training.rules import (
    REVIEW_NOTICE_DAYS,
    SERVICE_MILESTONES,
    appointed_by,
    expiry_state,
    milestone_reached,
    service_years,
)
from icv.views import act
from icv.volunteers.models import Volunteer


def kind_choices() -> list[tuple[str, str]]:
    return [(str(k.id), k.name) for k in queries.kinds()]


def volunteer_choices() -> list[tuple[int, str]]:
    return [(v.id, v.user.name) for v in queries.current_volunteers()]


def overview_page(kind_form: KindForm, status: int = 200, **extra):
    """The courses held, newest first, a page at a time, each with how many attended."""
    page = paginated(
        select(TrainingSession).order_by(TrainingSession.held_on.desc(), TrainingSession.id.desc()),
        PAGE_SIZE,
    )
    return render_template(
        "training/overview.html",
        kinds=queries.kinds(),
        page=page,
        attended=queries.attendee_counts([held.id for held in page.items]),
        kind_form=kind_form,
        may_add_kind=current_user.has_role(Role.ADMIN),
        **extra,
    ), status


@bp.get("")
def overview():
    return overview_page(KindForm())


@bp.post("/kinds")
def add_kind():
    if not current_user.has_role(Role.ADMIN):
        abort(403)
    form = KindForm()

    def change() -> str:
        required = "" if form.required_for.data == "none" else form.required_for.data
        kind = services.add_kind(current_user, form.name.data, form.valid_months.data, required)
        return f"{kind.name} added."

    def again(form):
        return overview_page(form, 400, form=form)

    return act(form, change, services.TrainingError, url_for(".overview"), again)


@bp.route("/sessions/new", methods=["GET", "POST"])
def new_session():
    form = SessionForm(kinds=kind_choices(), volunteers=volunteer_choices())

    def change() -> str:
        kind = db.get_or_404(TrainingKind, int(form.kind.data))
        people = [db.get_or_404(Volunteer, vid) for vid in form.attendees.data]
        services.record_session(current_user, kind, form.held_on.data, form.place.data, people)
        return f"{kind.name} recorded for {len(people)} volunteer{'s' if len(people) != 1 else ''}."

    def again(form):
        status = 400 if form.errors else 200
        return render_template("training/session_form.html", form=form), status

    if not form.is_submitted():
        return again(form)
    return act(form, change, services.TrainingError, url_for(".overview"), again)


@bp.get("/sessions/<int:session_id>")
def session(session_id: int):
    held = db.get_or_404(TrainingSession, session_id)
    attended = queries.attendees(held.id)
    return render_template("training/session.html", held=held, attended=attended)


@bp.route("/volunteers/<int:volunteer_id>", methods=["GET", "POST"])
def record_for(volunteer_id: int):
    volunteer = db.get_or_404(Volunteer, volunteer_id)
    form = CompletionForm(kinds=kind_choices())
    today = today_local()

    def change() -> str:
        kind = db.get_or_404(TrainingKind, int(form.kind.data))
        services.record_completion(current_user, volunteer, kind, form.completed_on.data)
        return f"{kind.name} recorded for {volunteer.user.name}."

    def again(form):
        tact_panel = any(s.holds_tact for s in volunteer.suites)
        return render_template(
            "training/volunteer.html",
            volunteer=volunteer,
            form=form,
            lines=queries.training_lines(volunteer, tact_panel),
            records=queries.records_of(volunteer),
            state=lambda line: expiry_state(line.last_day, today),
        ), 400 if form.errors else 200

    if not form.is_submitted():
        return again(form)
    done = url_for("volunteers.detail", volunteer_id=volunteer.id)
    return act(form, change, services.TrainingError, done, again)


@bp.get("/long-service")
def long_service():
    today = today_local()
    reached: dict[int, list[tuple[Volunteer, int]]] = {m: [] for m in SERVICE_MILESTONES}
    # only those past the first milestone are read (a scheme's newer volunteers are most)
    first = appointed_by(min(SERVICE_MILESTONES), today)
    for volunteer in queries.current_volunteers(appointed_by=first):
        milestone = milestone_reached(volunteer.appointed_on, today)
        if milestone is not None:
            reached[milestone].append((volunteer, service_years(volunteer.appointed_on, today)))
    return render_template(
        "training/long_service.html", reached=reached, milestones=SERVICE_MILESTONES[::-1]
    )


@bp.get("/reviews")
def reviews():
    page = paginated(queries.reviews_not_done_query(), PAGE_SIZE)
    return render_template(
        "training/reviews.html",
        reviews=page.items,
        page=page,
        today=today_local(),
        notice_days=REVIEW_NOTICE_DAYS,
    )


@bp.route("/reviews/<int:review_id>", methods=["GET", "POST"])
def review(review_id: int):
    held = db.get_or_404(AnnualReview, review_id)
    form = ReviewForm()

    def change() -> str:
        following = services.complete_review(
            current_user, held, form.done_on.data, form.notes.data or ""
        )
        name = held.volunteer.user.name
        return f"Review of {name} recorded; the next is due {following.due_on:%-d %B %Y}."

    def again(form):
        status = 400 if form.errors else 200
        return render_template("training/review.html", review=held, form=form), status

    if not form.is_submitted():
        form.done_on.data = today_local()
        return again(form)
    return act(form, change, services.TrainingError, url_for(".reviews"), again)
