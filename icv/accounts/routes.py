"""Sign in and out, invitations, password resets and the person's own account page."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from icv.accounts import bp, services, sessions
from icv.accounts.access import (
    forget_second_factor,
    login_required,
    mark_second_factor_passed,
    roles_required,
    second_factor_pending,
    second_factor_required,
)
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
from icv.accounts.signing_in import (
    LOGIN_LIMIT,
    RESET_ACCOUNT_LIMIT,
    per_account,
    safe_next,
    typed_account,
)
from icv.accounts.tokens import Purpose, TokenError, read_token
from icv.clock import now_utc
from icv.extensions import db, limiter
from icv.forms import add_field_error
from icv.notifications.preferences import REMINDER_KINDS, reminders_on, set_reminders


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@per_account()
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data, now_utc())
        if user is None:
            db.session.commit()  # the count of wrong passwords
            add_field_error(form, form.password, _("Enter a correct email address and password"))
        elif not user.is_active:
            add_field_error(
                form,
                form.email,
                _("This account has been deactivated. Contact the scheme office if this is wrong."),
            )
        else:
            sign_in_here(user)
            db.session.commit()
            if second_factor_pending():
                return redirect(url_for("accounts.second_factor", next=request.args.get("next")))
            return redirect(safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form)


def sign_in_here(user) -> None:
    """A new server-side session for this browser, and a new CSRF secret: nothing a page
    before sign-in (or another person on this device) held carries over."""
    forget_second_factor()
    session.pop("csrf_token", None)
    sessions.start(user, now_utc())
    login_user(user)
    services.note_login(user)


@bp.post("/sign-out")
def logout():
    if current_user.is_authenticated:
        sessions.end(current_user.session_token)
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "success")
    response = redirect(url_for("accounts.login"))
    if not request.form.get("unsent"):
        # Nothing written on this phone is waiting to be sent (the sign-out button's script
        # says so when there is): clear what the browser keeps for this site, so the next
        # person on a shared phone finds no report's words and no kept page.
        response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


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
        sign_in_here(user)
        db.session.commit()
        flash(_("Your password is set and you are signed in."), "success")
        return redirect(url_for("main.home"))
    return render_template("accounts/accept_invitation.html", form=form, user=user)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute;20 per hour", methods=["POST"])
@limiter.limit(RESET_ACCOUNT_LIMIT, methods=["POST"], key_func=typed_account)
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
        flash(_("Your password has been changed. Sign in with your new password."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = OwnDetailsForm(obj=current_user)
    if form.validate_on_submit():
        services.update_own_details(current_user, name=form.name.data, phone=form.phone.data)
        db.session.commit()
        flash(_("Your details have been saved."), "success")
        return redirect(url_for("accounts.account"))
    return render_template(
        "accounts/account.html",
        form=form,
        volunteer=current_user.volunteer,  # their own record, never anyone else's
        reminders=own_reminders(),
        second_factor=own_second_factor(),
        signed_in=where_signed_in(),
    )


def where_signed_in() -> str:
    others = len(sessions.active(current_user, now_utc())) - 1
    if others <= 0:
        return _("In this browser only")
    return ngettext(
        "In this browser and %(num)d other", "In this browser and %(num)d others", others
    )


def own_second_factor() -> dict | None:
    """The state of the person's second factor, for staff; None for anyone else."""
    from icv.accounts.second_factor import factor_of, unused_recovery_codes

    if not second_factor_required(current_user):
        return None
    codes_left = len(unused_recovery_codes(current_user))
    return {"factor": factor_of(current_user), "codes_left": codes_left}


def own_reminders() -> list[str] | None:
    """The labels of the reminders a volunteer gets; None for anyone else (they get none)."""
    if not current_user.has_role(Role.VOLUNTEER):
        return None
    return [_(REMINDER_KINDS[kind].label) for kind in reminders_on(current_user)]


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
            _("Your reminder choices have been saved.") if changed else _("Nothing changed."),
            "success",
        )
        return redirect(url_for("accounts.account"))
    hints = [{"hint": {"text": _(kind.hint)}} for kind in REMINDER_KINDS.values()]
    return render_template("accounts/reminders.html", form=form, hints=hints)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm(email=current_user.email)
    if form.validate_on_submit():
        if not check_password(current_user.password_hash, form.current.data):
            add_field_error(form, form.current, _("Your current password is not correct"))
        else:
            user = current_user._get_current_object()  # type: ignore[attr-defined]
            services.set_password(user, user, form.password.data, action="account.password_changed")
            # Every session has ended: sign in again in this browser only (the second factor
            # was passed to reach this page, so it stays passed here).
            sign_in_here(user)
            if second_factor_required(user):
                mark_second_factor_passed()
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/change_password.html", form=form)


# Their pages are on this blueprint.
