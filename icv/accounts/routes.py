"""Sign in and out, invitations, password resets and the person's own account page."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from icv.accounts import services
from icv.accounts.access import login_required, roles_required
from icv.accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    NewPasswordForm,
    OwnDetailsForm,
    RemindersForm,
)
from icv.accounts.passwords import check_password
from icv.accounts.roles import Role
from icv.accounts.tokens import Purpose, TokenError, read_token
from icv.extensions import db, limiter
from icv.forms import add_field_error
from icv.notifications.preferences import REMINDER_KINDS, reminders_on, set_reminders

bp = Blueprint("accounts", __name__)

LOGIN_LIMIT = "10 per minute;50 per hour"


def safe_next(target: str | None) -> str:
    """Only follow a ``next`` link that stays on this site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("main.home")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            add_field_error(form, form.password, "Enter a correct email address and password")
        elif not user.is_active:
            add_field_error(
                form,
                form.email,
                "This account has been deactivated. Contact the scheme office if this is wrong.",
            )
        else:
            login_user(user)
            services.note_login(user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form)


@bp.post("/sign-out")
def logout():
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("accounts.login"))


def _token_user(token: str, purpose: Purpose):
    try:
        return read_token(token, purpose), None
    except TokenError as error:
        return None, str(error)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def accept_invitation(token: str):
    user, problem = _token_user(token, Purpose.INVITE)
    if user is None:
        return render_template("accounts/link_problem.html", problem=problem, purpose="invite"), 400
    form = NewPasswordForm(email=user.email)
    if form.validate_on_submit():
        services.set_password(user, user, form.password.data, action="account.invitation_accepted")
        login_user(user)
        services.note_login(user)
        db.session.commit()
        flash("Your password is set and you are signed in.", "success")
        return redirect(url_for("main.home"))
    return render_template("accounts/accept_invitation.html", form=form, user=user)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute;20 per hour", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        # The same answer whether or not the address has an account.
        return render_template("accounts/reset_sent.html", email=form.email.data)
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def reset_password(token: str):
    user, problem = _token_user(token, Purpose.RESET)
    if user is None:
        return render_template("accounts/link_problem.html", problem=problem, purpose="reset"), 400
    form = NewPasswordForm(email=user.email)
    if form.validate_on_submit():
        services.set_password(user, user, form.password.data, action="account.password_reset")
        db.session.commit()
        flash("Your password has been changed. Sign in with your new password.", "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = OwnDetailsForm(obj=current_user)
    if form.validate_on_submit():
        services.update_own_details(current_user, name=form.name.data, phone=form.phone.data)
        db.session.commit()
        flash("Your details have been saved.", "success")
        return redirect(url_for("accounts.account"))
    return render_template(
        "accounts/account.html",
        form=form,
        volunteer=own_volunteer_record(),
        reminders=own_reminders(),
    )


def own_reminders() -> list[str] | None:
    """The labels of the reminders a volunteer gets; None for anyone else (they get none)."""
    if not current_user.has_role(Role.VOLUNTEER):
        return None
    return [REMINDER_KINDS[kind].label for kind in reminders_on(current_user)]


@bp.route("/account/reminders", methods=["GET", "POST"])
@roles_required(Role.VOLUNTEER)
def reminders():
    form = RemindersForm(
        data=None if request.method == "POST" else {"kinds": reminders_on(current_user)}
    )
    if form.validate_on_submit():
        changed = set_reminders(current_user, current_user, set(form.kinds.data or []))
        db.session.commit()
        flash(
            "Your reminder choices have been saved." if changed else "Nothing changed.", "success"
        )
        return redirect(url_for("accounts.account"))
    hints = [{"hint": {"text": kind.hint}} for kind in REMINDER_KINDS.values()]
    return render_template("accounts/reminders.html", form=form, hints=hints)


def own_volunteer_record():
    """The signed-in person's own volunteer record, if they have one (never anyone else's)."""
    from icv.volunteers.models import Volunteer

    return db.session.scalars(Volunteer.of_user(current_user.id)).first()


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm(email=current_user.email)
    if form.validate_on_submit():
        if not check_password(current_user.password_hash, form.current.data):
            add_field_error(form, form.current, "Your current password is not correct")
        else:
            services.set_password(
                current_user, current_user, form.password.data, action="account.password_changed"
            )
            # The session version moved on: sign in again in this browser only.
            login_user(current_user)
            db.session.commit()
            flash("Your password has been changed.", "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/change_password.html", form=form)
