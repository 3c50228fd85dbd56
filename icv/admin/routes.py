"""Accounts and roles (admin and coordinator), audit log, outbox and settings (admin)."""

from datetime import datetime, time, timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from icv.accounts import second_factor
from icv.accounts import services as accounts
from icv.accounts.access import check_roles, roles_required, second_factor_required
from icv.accounts.models import User, UserRole
from icv.accounts.roles import Role
from icv.accounts.rules import (
    can_manage,
    grantable_roles,
    independence_problem,
    role_change_problem,
)
from icv.admin import bp
from icv.admin.forms import (
    STAGE_TARGET_LABELS,
    AccountForm,
    AuditFilterForm,
    RecruitmentSettingsForm,
    SettingsForm,
)
from icv.audit.models import AuditEvent
from icv.clock import SCHEME_TZ, now_utc
from icv.extensions import db
from icv.forms import add_field_error, warning_day_list
from icv.notifications.delivery import retry_now
from icv.notifications.models import OutboxMessage, OutboxStatus
from icv.pagination import paginated
from icv.settings import get_settings, update_settings
from icv.suites import liaisons
from icv.suites.models import Suite

PAGE_SIZE = 50
admin_only = roles_required(Role.ADMIN)


@bp.before_request
def staff_only():
    # Every admin page needs an administrator or a coordinator; routes narrow it further.
    return check_roles(Role.ADMIN, Role.COORDINATOR)


def managed_user(user_id: int) -> User:
    """Load an account the current user may change, or 404/403."""
    user = db.get_or_404(User, user_id)
    if not can_manage(current_user.roles, user.held_roles):
        abort(403)
    return user


def all_suites() -> list[Suite]:
    return list(db.session.scalars(select(Suite).order_by(Suite.name)))


def account_form(**kwargs) -> AccountForm:
    return AccountForm(grantable=grantable_roles(current_user.roles), suites=all_suites(), **kwargs)


#: Accounts a page: a national scheme has thousands (every volunteer has one).
ACCOUNTS_PAGE_SIZE = 50


@bp.get("/accounts")
def accounts_list():
    role = request.args.get("role", "")
    status = request.args.get("status", "active")
    # The roles come with the page's accounts (one statement for the page, not one an account).
    query = select(User).options(selectinload(User.role_rows)).order_by(User.name, User.id)
    if role in {r.value for r in Role}:
        query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    if status == "active":
        query = query.where(User.is_active.is_(True))
    elif status == "deactivated":
        query = query.where(User.is_active.is_(False))
    page = paginated(query, ACCOUNTS_PAGE_SIZE)
    users = page.items
    return render_template(
        "admin/accounts.html",
        users=users,
        page=page,
        role=role,
        status=status,
        roles=list(Role),
        # A coordinator sees every account but opens only those they may change.
        manageable={u.id for u in users if can_manage(current_user.roles, u.roles)},
    )


@bp.route("/accounts/new", methods=["GET", "POST"])
def invite():
    form = account_form()
    if form.validate_on_submit():
        try:
            user = liaisons.invite(
                current_user,
                email=form.email.data,
                name=form.name.data,
                phone=form.phone.data,
                roles=form.selected_roles,
                suites=[s for s in all_suites() if s.id in (form.suites.data or [])],
            )
        except accounts.AccountError as error:
            add_field_error(form, form[error.field], str(error))
        else:
            db.session.commit()
            flash(f"Invitation sent to {user.email}.", "success")
            return redirect(url_for("admin.account_detail", user_id=user.id))
    return render_template("admin/account_form.html", form=form, user=None)


@bp.route("/accounts/<int:user_id>", methods=["GET", "POST"])
def account_detail(user_id: int):
    user = managed_user(user_id)
    form = account_form(
        data=None
        if request.method == "POST"
        else {
            "name": user.name,
            "phone": user.phone,
            # as stored, so an account that breaks a rule shows what must be unticked
            "roles": sorted(r.value for r in user.held_roles),
            "suites": [s.id for s in liaisons.liaison_suites(user)],
        },
    )
    del form.email  # the sign-in name does not change here
    if form.validate_on_submit():
        problem = role_change_problem(
            current_user.id, user.id, user.held_roles, form.selected_roles
        )
        try:
            if problem:
                raise accounts.AccountError(problem, "roles")
            liaisons.update_account(
                current_user,
                user,
                name=form.name.data,
                phone=form.phone.data,
                roles=form.selected_roles,
                suites=[s for s in all_suites() if s.id in (form.suites.data or [])],
            )
        except accounts.AccountError as error:
            db.session.rollback()
            add_field_error(form, form[error.field], str(error))
        else:
            db.session.commit()
            flash("The account has been saved.", "success")
            return redirect(url_for("admin.account_detail", user_id=user.id))
    return render_template(
        "admin/account_form.html",
        form=form,
        user=user,
        mixed_roles=independence_problem(user.held_roles) is not None,
        **second_factor_state(user),
    )


def second_factor_state(user: User) -> dict:
    """What the account page says of the person's second factor (staff, or set up before)."""
    factor = second_factor.factor_of(user)
    return {
        "second_factor": factor,
        "second_factor_shown": factor is not None or second_factor_required(user),
        "Role": Role,
        "now": now_utc(),
    }


ACCOUNT_ACTIONS = {
    "deactivate": (accounts.deactivate, "The account has been deactivated."),
    "reactivate": (accounts.reactivate, "The account has been reactivated."),
    "resend": (accounts.resend_invitation, "A new invitation has been sent."),
    "reset-second-factor": (
        second_factor.reset,
        "The second factor has been reset. They have been signed out and emailed, and will set "
        "up their authenticator app again at their next sign-in.",
    ),
}


ACTION_NAMES = ", ".join(f"'{name}'" for name in ACCOUNT_ACTIONS)
#: Actions that take effect at once and cannot be simply undone: asked on a page of their own
#: first (a plain link and form, so it works without JavaScript). Action -> why it is refused.
CONFIRMED = {
    "deactivate": accounts.deactivation_problem,
    "reset-second-factor": second_factor.reset_problem,
}
CONFIRMED_NAMES = ", ".join(f"'{name}'" for name in CONFIRMED)


def acted_on(user_id: int, action: str) -> User:
    """The account an action is for, if this person may take that action on it (else 403)."""
    user = managed_user(user_id)
    if action == "reset-second-factor" and not current_user.has_role(Role.ADMIN):
        abort(403)
    return user


@bp.get(f"/accounts/<int:user_id>/<any({CONFIRMED_NAMES}):action>")
def confirm_account_action(user_id: int, action: str):
    user = acted_on(user_id, action)
    if problem := CONFIRMED[action](current_user, user):
        flash(problem, "error")
        return redirect(url_for("admin.account_detail", user_id=user.id))
    return render_template("admin/confirm_action.html", user=user, action=action)


@bp.post(f"/accounts/<int:user_id>/<any({ACTION_NAMES}):action>")
def account_action(user_id: int, action: str):
    user = acted_on(user_id, action)
    change = ACCOUNT_ACTIONS[action]
    try:
        change[0](current_user, user)
    except accounts.AccountError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(change[1], "success")
    return redirect(url_for("admin.account_detail", user_id=user.id))


def audit_query(form: AuditFilterForm):
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if form.action.data:
        query = query.where(AuditEvent.action == form.action.data)
    if form.object_type.data:
        query = query.where(AuditEvent.object_type == form.object_type.data)
    if form.who.data:
        pattern = f"%{form.who.data.strip().lower()}%"
        query = query.join(User, AuditEvent.actor_id == User.id).where(User.email.like(pattern))
    if form.start.data:
        start = datetime.combine(form.start.data, time.min, SCHEME_TZ)
        query = query.where(AuditEvent.at >= start)
    if form.end.data:
        end = datetime.combine(form.end.data + timedelta(days=1), time.min, SCHEME_TZ)
        query = query.where(AuditEvent.at < end)
    return query


def distinct_values(column) -> list[tuple[str, str]]:
    values = db.session.scalars(select(column).distinct().order_by(column))
    return [("", "Any")] + [(v, v) for v in values]


@bp.get("/audit")
@admin_only
def audit():
    form = AuditFilterForm(request.args)
    form.action.choices = distinct_values(AuditEvent.action)
    form.object_type.choices = distinct_values(AuditEvent.object_type)
    if not form.validate():
        # No list: "0 events" would claim the filter was applied and matched nothing.
        return render_template("admin/audit.html", form=form, events=[], page=None), 400
    # A page past the end shows no events (and a link back); one not a number, the first.
    asked = max(request.args.get("page", 1, type=int), 1)
    page = db.paginate(
        audit_query(form), page=asked, per_page=PAGE_SIZE, max_per_page=None, error_out=False
    )
    return render_template(
        "admin/audit.html", form=form, events=page.items, total=page.total, page=page
    )


@bp.get("/outbox")
@admin_only
def outbox():
    status = request.args.get("status", "")
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status in {s.value for s in OutboxStatus}:
        query = query.where(OutboxMessage.status == status)
    elif status == INTERRUPTED:
        query = query.where(OutboxMessage.interrupted_at.is_not(None))
    counts = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
    )
    counts[INTERRUPTED] = db.session.scalar(
        select(func.count()).where(OutboxMessage.interrupted_at.is_not(None))
    )
    page = paginated(query, OUTBOX_PAGE_SIZE)
    return render_template(
        "admin/outbox.html",
        messages=page.items,
        page=page,
        status=status,
        counts=counts,
        statuses=OutboxStatus,
    )


#: The outbox's filter of messages that may have gone twice (``OutboxMessage.interrupted_at``).
INTERRUPTED = "interrupted"
#: Messages shown a page at a time, newest first.
OUTBOX_PAGE_SIZE = 50


def can_read_mail() -> bool:
    # Mail holds sign-in links: only readable in the browser on a development machine.
    return current_app.config["ICV_ENV"] != "production"


@bp.get("/outbox/<int:message_id>")
@admin_only
def outbox_message(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("admin/outbox_message.html", message=message, readable=can_read_mail())


@bp.post("/outbox/<int:message_id>/retry")
@admin_only
def outbox_retry(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    if message.status == OutboxStatus.SENT:
        flash("This message has already been sent.", "error")
    elif message.body_removed:
        flash("This message's recipient and text were removed: it cannot be sent.", "error")
    else:
        retry_now(message)
        db.session.commit()
        flash("The message will be tried again on the next delivery run.", "success")
    return redirect(url_for("admin.outbox_message", message_id=message.id))


@bp.route("/settings", methods=["GET", "POST"])
@admin_only
def settings():
    form = SettingsForm(data=None if request.method == "POST" else get_settings())
    if form.validate_on_submit():
        changed = update_settings(
            current_user,
            {
                "scheme_name": form.scheme_name.data.strip(),
                "office_name": form.office_name.data.strip(),
                "contact_email": form.contact_email.data,
                "pence_per_mile": form.pence_per_mile.data,
                "welsh_offered": form.welsh_offered.data,
            },
        )
        db.session.commit()
        flash("Settings saved." if changed else "Nothing changed.", "success")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form)


#: Recruitment settings stored as they are on the form.
RECRUITMENT_KEYS = (
    "area_name",
    "minimum_age",
    "residence_years",
    "abroad_months_limit",
    "languages",
    "excluded_roles",
    "review_roles",
    "recent_service_years",
    "probation_visits",
    "term_years",
    "vetting_years",
)


@bp.route("/settings/recruitment", methods=["GET", "POST"])
@admin_only
def recruitment_settings():
    current = get_settings()
    initial = {
        **{key: current[key] for key in RECRUITMENT_KEYS},
        "expiry_warning_days": " ".join(str(days) for days in current["expiry_warning_days"]),
        **{f"target_{stage}": days for stage, days in current["stage_targets"].items()},
    }
    form = RecruitmentSettingsForm(data=None if request.method == "POST" else initial)
    if form.validate_on_submit():
        values = {key: form[key].data for key in RECRUITMENT_KEYS}
        values["area_name"] = values["area_name"].strip()
        values["expiry_warning_days"] = warning_day_list(form.expiry_warning_days.data)
        values["stage_targets"] = {
            stage: form[f"target_{stage}"].data for stage in STAGE_TARGET_LABELS
        }
        changed = update_settings(current_user, values)
        db.session.commit()
        flash("Recruitment settings saved." if changed else "Nothing changed.", "success")
        return redirect(url_for("admin.recruitment_settings"))
    return render_template("admin/recruitment_settings.html", form=form, stages=STAGE_TARGET_LABELS)
