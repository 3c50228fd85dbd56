"""The second step of a staff sign-in (code, recovery code, set up) and new recovery codes.

These pages are reached signed in with a password but before the second factor: they check
for themselves that the person owes it, and send everyone else on to where they were going.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from icv.accounts import bp, totp
from icv.accounts import second_factor as factors
from icv.accounts.access import login_required, mark_second_factor_passed, second_factor_pending
from icv.accounts.forms import CodeForm, RecoveryCodeForm
from icv.accounts.signing_in import LOGIN_LIMIT, per_account, safe_next, signed_in_account
from icv.clock import now_utc
from icv.extensions import db, limiter, login_manager
from icv.forms import add_field_error
from icv.settings import get_settings


def not_owed():
    """A response for anyone who has nothing to do on these pages, else None."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not second_factor_pending():
        return redirect(safe_next(request.args.get("next")))
    return None


def passed():
    """The second factor is done for this session: on to where the person was going."""
    mark_second_factor_passed()
    db.session.commit()
    return redirect(safe_next(request.args.get("next")))


def refused(form, error: Exception):
    """Keep the count of wrong codes (and any lock) and show why next to the field."""
    db.session.commit()
    add_field_error(form, form.code, str(error))


def second_step(form, check, template: str):
    """The code page and the recovery code page: ``check`` raises CodeError or lets them in."""
    elsewhere = not_owed()
    if elsewhere is not None:
        return elsewhere
    if not factors.is_enrolled(current_user):
        return redirect(url_for(".second_factor_setup", next=request.args.get("next")))
    if form.validate_on_submit():
        try:
            check(form.code.data)
        except factors.CodeError as error:
            refused(form, error)
        else:
            return passed()
    return render_template(template, form=form)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@per_account(signed_in_account)
def second_factor():
    def check(typed: str) -> None:
        factors.check_code(current_user, typed, now_utc())

    return second_step(CodeForm(), check, "accounts/second_factor_code.html")


@bp.route("/sign-in/recovery-code", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@per_account(signed_in_account)
def recovery_code():
    def check(typed: str) -> None:
        flash_codes_left(factors.use_recovery_code(current_user, typed, now_utc()))

    return second_step(RecoveryCodeForm(), check, "accounts/recovery_code.html")


def flash_codes_left(left: int) -> None:
    flash(
        ngettext(
            "You signed in with a recovery code. You have %(num)d recovery code left: make new "
            "ones from your account page if you are running out.",
            "You signed in with a recovery code. You have %(num)d recovery codes left: make new "
            "ones from your account page if you are running out.",
            left,
        ),
        "success",
    )


@bp.route("/sign-in/set-up-code", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@per_account(signed_in_account)
def second_factor_setup():
    elsewhere = not_owed()
    if elsewhere is not None:
        return elsewhere
    if factors.is_enrolled(current_user):
        return redirect(url_for(".second_factor", next=request.args.get("next")))
    factor = factors.start_enrolment(current_user)
    db.session.commit()
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = factors.confirm_enrolment(current_user, form.code.data, now_utc())
        except factors.CodeError as error:
            refused(form, error)
        else:
            mark_second_factor_passed()
            db.session.commit()
            return show_recovery_codes(codes, safe_next(request.args.get("next")))
    return render_template(
        "accounts/second_factor_setup.html", form=form, **enrolment_picture(factor.secret)
    )


def enrolment_picture(secret: str) -> dict:
    """The QR code and the key written out, for the set-up page."""

    issuer = get_settings()["scheme_name"]
    uri = totp.provisioning_uri(secret, current_user.email, issuer)
    return {
        "qr_code": totp.qr_svg(
            uri, _("QR code to add %(issuer)s to an authenticator app", issuer=issuer)
        ),
        "key": totp.grouped(secret),
    }


def show_recovery_codes(codes: list[str], onward: str):
    """Shown once, in the answer to the form that made them (never stored or sent again)."""
    return render_template("accounts/recovery_codes.html", codes=codes, onward=onward)


@bp.route("/account/recovery-codes", methods=["GET", "POST"])
@login_required
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@per_account(signed_in_account)
def new_recovery_codes():
    if not factors.is_enrolled(current_user):
        abort(404)
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = factors.renew_recovery_codes(current_user, form.code.data, now_utc())
        except factors.CodeError as error:
            refused(form, error)
        else:
            db.session.commit()
            return show_recovery_codes(codes, url_for(".account"))
    return render_template("accounts/new_recovery_codes.html", form=form)
