"""The language switch: a plain link (GOV.UK's pattern), so it works without JavaScript."""

from flask import abort, redirect, request, session, url_for
from flask_login import current_user

from icv import i18n
from icv.accounts.services import set_language
from icv.extensions import db
from icv.main import bp
from icv.settings import get_settings


@bp.route("/language/<code>")
def language(code: str):
    """Read the pages in ``code`` from now on and go back to the page the link was on.

    Kept in the session, and on the account of someone signed in (their mail follows it). A
    return path that is not one of our own pages goes to the home page instead: the link must
    never send anyone to another site."""
    if code not in i18n.LANGUAGES or not get_settings()["welsh_offered"]:
        abort(404)
    session["language"] = code
    if current_user.is_authenticated and set_language(current_user, code):
        db.session.commit()
    back = i18n.safe_return_path(request.args.get("next"))
    return redirect(back or url_for("main.home"))
