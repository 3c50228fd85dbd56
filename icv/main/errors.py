"""The error page, and the JSON answer of the same errors for the endpoints a program calls.

The page must show even when the database is what failed (locked past the busy timeout,
read-only, unreachable): after a database error it asks the database nothing. It shows the
scheme's settings if this request had already read them (else their defaults), and no account
(the signed-in person's row was let go with the failed transaction).
"""

from __future__ import annotations

from flask import current_app, g, jsonify, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from icv.extensions import db, login_manager
from icv.i18n import DEFAULT_LANGUAGE
from icv.settings import DEFAULTS

ERRORS = {
    400: (
        _l("There is a problem with the request"),
        _l("The page could not use what was sent. Go back and try again."),
    ),
    403: (
        _l("You do not have access to this page"),
        _l(
            "Your account does not have a role that can see this page. "
            "If you think it should, contact the scheme office."
        ),
    ),
    404: (
        _l("Page not found"),
        _l(
            "If you typed the web address, check it is correct. "
            "If you pasted it, check you copied the entire address."
        ),
    ),
    405: (_l("That action is not possible here"), _l("Go back and use the buttons on the page.")),
    413: (
        _l("What you sent is too large"),
        _l(
            "A page of icv never needs this much. Go back, shorten what you typed or pasted, and "
            "send it again."
        ),
    ),
    429: (
        _l("Too many attempts"),
        _l("You have tried this too many times. Wait a few minutes and try again."),
    ),
    500: (
        _l("Sorry, there is a problem with the service"),
        _l("Try again later. Nothing you saved before this page has been lost."),
    ),
    503: (
        _l("Sorry, the service is busy"),
        _l("Try again in a minute. Nothing you saved before this page has been lost."),
    ),
}

#: Seconds a client is asked to wait before trying again after a 503.
RETRY_AFTER = 30


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "answers_json", False):
        return True
    return request.accept_mimetypes.best == "application/json"


def status_of(error: BaseException) -> int:
    # Only an HTTP error's code is a status: SQLAlchemy's errors carry a string ``code`` too.
    if isinstance(error, HTTPException) and error.code:
        return error.code
    # Locked past the busy timeout, read-only, unreachable: the database, not the request.
    return 503 if isinstance(error, OperationalError) else 500


def error_page(error: BaseException):
    code = status_of(error)
    if code >= 500:
        current_app.logger.error("unhandled error", exc_info=error)
    forget_unsaved_work()  # nothing half-done by a refused or failed request is kept
    title, message = ERRORS.get(code, ERRORS[500] if code >= 500 else ERRORS[400])
    headers = {"Retry-After": str(RETRY_AFTER)} if code == 503 else {}
    if wants_json():
        # A program reads these (the API, the phone's queued sends): always the same English
        # words, and no language to work out (that could ask a database that just failed).
        with force_locale(DEFAULT_LANGUAGE):
            return jsonify({"error": str(title), "status": code}), code, headers
    if isinstance(error, SQLAlchemyError):
        without_database()
    page = render_template("errors/error.html", code=code, title=title, message=message)
    return page, code, headers


def forget_unsaved_work() -> None:
    try:
        db.session.rollback()
    except SQLAlchemyError:
        current_app.logger.warning("rollback after an error failed", exc_info=True)


def without_database() -> None:
    """Let the page render with nothing more from the database: the settings this request read
    (else their defaults), and no menu or account (reading either would need the database)."""

    g.setdefault("icv_settings", dict(DEFAULTS))
    g._login_user = login_manager.anonymous_user()
