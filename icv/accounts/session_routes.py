"""Where the person is signed in, and "sign out everywhere else". On the accounts blueprint."""

from flask import flash, redirect, render_template, url_for
from flask_babel import ngettext
from flask_login import current_user

from icv.accounts import bp, sessions
from icv.accounts.access import login_required
from icv.accounts.forms import SignOutEverywhereForm
from icv.accounts.rules import describe_browser
from icv.clock import now_utc
from icv.extensions import db


@bp.get("/account/sessions")
@login_required
def sessions_list():
    rows = sessions.active(current_user, now_utc())
    here = sessions.digest(current_user.session_token)
    shown = [
        {
            "browser": describe_browser(row.user_agent),
            "address": row.address,
            "started": row.created_at,
            "seen": row.last_seen_at,
            "here": row.token_hash == here,
        }
        for row in rows
    ]
    return render_template(
        "accounts/sessions.html", sessions=shown, form=SignOutEverywhereForm(formdata=None)
    )


@bp.post("/account/sessions/end-others")
@login_required
def end_other_sessions():
    if SignOutEverywhereForm().validate_on_submit():
        ended = sessions.sign_out_everywhere(current_user, keep=current_user.session_token)
        db.session.commit()
        flash(
            ngettext(
                "You have been signed out of %(num)d other browser.",
                "You have been signed out of %(num)d other browsers.",
                ended,
            ),
            "success",
        )
    return redirect(url_for(".sessions_list"))
