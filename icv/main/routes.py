from flask import Blueprint, current_app, render_template
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from icv.accounts.access import second_factor_pending, second_factor_redirect
from icv.accounts.models import User, UserRole
from icv.accounts.roles import Role
from icv.accounts.services import liaison_suites
from icv.clock import today_local
from icv.extensions import db
from icv.notifications.models import OutboxMessage, OutboxStatus
from icv.suites.models import Suite

bp = Blueprint("main", __name__)


def role_counts() -> dict[str, int]:
    rows = db.session.execute(
        select(UserRole.role, func.count())
        .join(User, User.id == UserRole.user_id)
        .where(User.is_active.is_(True))
        .group_by(UserRole.role)
    ).all()
    return dict(rows)


def home_context() -> dict:
    """What each role's home page shows; only the parts for roles the person holds."""
    context: dict = {}
    if current_user.has_role(Role.COORDINATOR, Role.ADMIN, Role.COMMISSIONER):
        context["suites"] = list(
            db.session.scalars(select(Suite).where(Suite.is_active.is_(True)).order_by(Suite.name))
        )
        context["counts"] = role_counts()
    if current_user.has_role(Role.COORDINATOR, Role.ADMIN):
        context["recruitment"] = recruitment_summary(today_local())
    if current_user.has_role(Role.COORDINATOR):
        context["rota_work"] = rota_work(today_local())
    if current_user.has_role(Role.LIAISON):
        context["my_suites"] = liaison_suites(current_user)
    if current_user.has_role(Role.VOLUNTEER):
        context["next_visits"] = next_visits(today_local())
    if current_user.has_role(Role.ADMIN):
        context["failed_mail"] = db.session.scalar(
            select(func.count()).where(OutboxMessage.status == OutboxStatus.FAILED)
        )
    return context


def recruitment_summary(today) -> dict:
    from icv.applications.totals import board_counts
    from icv.volunteers.services import needing_attention

    return {**board_counts(today), "attention": needing_attention(today)}


def rota_work(today) -> dict:
    """Visits of any rota, from today on, short of a visitor: for the coordinator to fill."""
    from icv.rota.overview import needing_a_visitor
    from icv.rota.routes import band_labels, needed

    return {"short": needing_a_visitor(needed(), today), "bands": band_labels()}


def next_visits(today) -> list:
    """The volunteer's next two planned visits, for their home page."""
    from icv.rota.overview import published_visits_of
    from icv.volunteers.models import Volunteer

    volunteer = db.session.scalars(Volunteer.of_user(current_user.id)).first()
    if volunteer is None:
        return []
    coming = [
        v for v in published_visits_of(volunteer) if v.visit_on >= today and v.status == "planned"
    ]
    return coming[:2]


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return render_template("main/landing.html")
    if second_factor_pending():
        return second_factor_redirect()  # a staff home page shows the office's figures
    return render_template("main/home.html", Role=Role, **home_context())


@bp.get("/accessibility")
def accessibility():
    return render_template("main/accessibility.html")


@bp.get("/privacy")
def privacy():
    return render_template("main/privacy.html")


@bp.get("/healthz")
def health():
    db.session.execute(select(1))
    return {"status": "ok"}


ERRORS = {
    400: (
        "There is a problem with the request",
        "The page could not use what was sent. Go back and try again.",
    ),
    403: (
        "You do not have access to this page",
        "Your account does not have a role that can see this page. "
        "If you think it should, contact the scheme office.",
    ),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. "
        "If you pasted it, check you copied the entire address.",
    ),
    405: ("That action is not possible here", "Go back and use the buttons on the page."),
    413: (
        "What you sent is too large",
        "A page of icv never needs this much. Go back, shorten what you typed or pasted, and "
        "send it again.",
    ),
    429: (
        "Too many attempts",
        "You have tried this too many times. Wait a few minutes and try again.",
    ),
    500: (
        "Sorry, there is a problem with the service",
        "Try again later. Nothing you saved before this page has been lost.",
    ),
}


def error_page(error):
    # Only an HTTP error's code is a status: SQLAlchemy's errors carry a string ``code`` too.
    code = error.code if isinstance(error, HTTPException) and error.code else 500
    if code >= 500:
        current_app.logger.error("unhandled error", exc_info=error)
    db.session.rollback()  # nothing half-done by a refused or failed request is kept
    title, message = ERRORS.get(code, ERRORS[500] if code >= 500 else ERRORS[400])
    return render_template("errors/error.html", code=code, title=title, message=message), code
