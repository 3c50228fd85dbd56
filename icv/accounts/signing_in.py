"""What the sign-in pages (password, second factor) share: how often an address or an account
may try, and where a person goes once signed in."""

from urllib.parse import urlsplit

from flask import request, url_for
from flask_login import current_user

from icv.extensions import limiter

#: Per address (each person's own, behind the proxy: see ICV_PROXY_HOPS).
LOGIN_LIMIT = "10 per minute;50 per hour"
#: Per account, from however many addresses: wrong answers only, so its owner signing in is
#: never counted. Keyed by what was typed, so an address with no account locks the same way.
ACCOUNT_LIMIT = "10 per 15 minutes"
#: Reset links asked for one address (each is a mail to that person).
RESET_ACCOUNT_LIMIT = "3 per hour"


def typed_account() -> str:
    return "account:" + request.form.get("email", "").strip().lower()[:254]


def signed_in_account() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else "user:-"


def refused(response) -> bool:
    """A form answered with itself (a wrong password or code) rather than sent onwards."""
    return response.status_code != 302


def per_account(key_func=typed_account):
    """The lock-out of one account: its wrong answers counted wherever they come from."""
    return limiter.limit(ACCOUNT_LIMIT, methods=["POST"], key_func=key_func, deduct_when=refused)


def safe_next(target: str | None) -> str:
    """Only follow a ``next`` link that stays on this site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("main.home")
