"""The one place that decides whether the current user may reach a view.

Anonymous users are sent to sign in; a signed-in user without the role gets 403.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

from icv.accounts.roles import Role
from icv.extensions import login_manager


def check_roles(*roles: Role) -> Any:
    """Call at the top of a view (or in a blueprint's before_request)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
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
