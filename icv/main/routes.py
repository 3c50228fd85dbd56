from flask import render_template, request
from flask_login import current_user
from sqlalchemy import func, select

from icv.accounts.access import second_factor_pending, second_factor_redirect
from icv.accounts.models import User, UserRole
from icv.accounts.roles import Role
from icv.applications.totals import board_counts
from icv.clock import today_local
from icv.extensions import db, limiter
from icv.main import bp
from icv.main.health import check
from icv.notifications.models import OutboxMessage, OutboxStatus
from icv.rota.display import band_labels, needed
from icv.rota.queries import needing_a_visitor, published_visits_of
from icv.suites.liaisons import liaison_suites
from icv.suites.models import Suite
from icv.training.queries import needs_to_sign
from icv.views import answers_json
from icv.volunteers.models import Volunteer
from icv.volunteers.services import needing_attention


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
        context["memorandum_to_sign"] = memorandum_to_sign()
    if current_user.has_role(Role.ADMIN):
        context["failed_mail"] = db.session.scalar(
            select(func.count()).where(OutboxMessage.status == OutboxStatus.FAILED)
        )
    return context


def recruitment_summary(today) -> dict:

    return {**board_counts(today), "attention": needing_attention(today)}


def rota_work(today) -> dict:
    """Visits of any rota, from today on, short of a visitor: for the coordinator to fill."""

    return {"short": needing_a_visitor(needed(), today), "bands": band_labels()}


def next_visits(today) -> list:
    """The volunteer's next two planned visits, for their home page."""

    volunteer = db.session.scalars(Volunteer.alone_of_user(current_user.id)).first()
    if volunteer is None:
        return []
    coming = [v for v in published_visits_of(volunteer, since=today) if v.status == "planned"]
    return coming[:2]


def memorandum_to_sign():
    """A memorandum version the volunteer has not agreed to yet, or None."""
    volunteer = db.session.scalars(Volunteer.alone_of_user(current_user.id)).first()
    return needs_to_sign(volunteer) if volunteer else None


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
@limiter.exempt  # a load balancer asks every few seconds, from one address
@answers_json
def health():
    """See icv.main.health; ``?scope=web`` checks only what this web server needs."""
    checks, healthy = check(web_only=request.args.get("scope") == "web")
    body = {"status": "ok" if healthy else "unhealthy", "checks": checks}
    # Never cached: a proxy must not answer "ok" for a server that has since failed.
    return body, 200 if healthy else 503, {"Cache-Control": "no-store"}
