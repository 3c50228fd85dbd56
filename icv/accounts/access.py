"""The one place that decides whether the current user may reach a view.

Anonymous users are sent to sign in; a signed-in user without the role gets 403. Anyone who
holds a staff role (coordinator, commissioner, liaison, admin) must also have passed the second
factor in this session (``ICV_STAFF_SECOND_FACTOR``); until then every page that needs a
signed-in user sends them to the code page.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app, redirect, request, session, url_for
from flask_login import current_user

from icv.accounts.roles import STAFF_ROLES, Role
from icv.extensions import login_manager

#: The session key that records, for one account and session version, the second factor passed.
SECOND_FACTOR_KEY = "second_factor_passed"


def second_factor_required(user: Any) -> bool:
    """Whether ``user`` must pass a second factor: they hold a staff role and it is switched on."""
    return bool(current_app.config["ICV_STAFF_SECOND_FACTOR"]) and user.has_role(*STAFF_ROLES)


def second_factor_pending() -> bool:
    """Signed in with a password, but still owing the second factor in this session."""
    return (
        current_user.is_authenticated
        and second_factor_required(current_user)
        and session.get(SECOND_FACTOR_KEY) != current_user.get_id()
    )


def mark_second_factor_passed() -> None:
    """Bound to the account and its session version: a new password or a reset retires it."""
    session[SECOND_FACTOR_KEY] = current_user.get_id()


def forget_second_factor() -> None:
    session.pop(SECOND_FACTOR_KEY, None)


def second_factor_redirect() -> Any:
    """To the code page (which sends people not set up yet to set up), keeping where they were."""
    here = request.full_path if request.query_string else request.path
    return redirect(url_for("accounts.second_factor", next=here))


def check_roles(*roles: Role) -> Any:
    """Call at the top of a view (or in a blueprint's before_request)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if second_factor_pending():
        return second_factor_redirect()
    if roles and not current_user.has_role(*roles):
        abort(403)
    return None


def roles_required(*roles: Role) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a view: signed in, and holding at least one of ``roles`` (any role if none)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            refused = check_roles(*roles)
            if refused is not None:
                return refused
            return view(*args, **kwargs)

        return wrapped

    return decorator


login_required = roles_required()
