"""Who may grant which roles, which roles one account may hold together, and what makes an
acceptable password (pure functions)."""

from collections.abc import Set
from datetime import datetime, timedelta

from icv.accounts.roles import Role

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128

#: A coordinator runs the volunteers and the force contacts; office and admin roles are the
#: administrator's to give.
COORDINATOR_GRANTS = frozenset({Role.VOLUNTEER, Role.LIAISON})


def grantable_roles(actor_roles: Set[Role]) -> frozenset[Role]:
    if Role.ADMIN in actor_roles:
        return frozenset(Role)
    if Role.COORDINATOR in actor_roles:
        return COORDINATOR_GRANTS
    return frozenset()


def can_manage(actor_roles: Set[Role], target_roles: Set[Role]) -> bool:
    """An account may be changed by someone who could have granted every role it holds."""
    grantable = grantable_roles(actor_roles)
    return bool(grantable) and set(target_roles) <= grantable


def password_problem(password: str, email: str = "") -> str | None:
    """Return why a new password is not acceptable, or None if it is.

    Length is what makes a password strong (NCSC guidance), so there are no composition rules.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be {MIN_PASSWORD_LENGTH} characters or more"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer"
    if not password.strip():
        return "Password must not be only spaces"
    if email and password.strip().lower() == email.strip().lower():
        return "Password must not be your email address"
    if len(set(password)) < 4:
        return "Password is too easy to guess: use more different characters"
    return None


def role_change_problem(
    actor_id: int, target_id: int, old_roles: Set[Role], new_roles: Set[Role]
) -> str | None:
    """Refuse changes that would lock the scheme out of its own administration."""
    if not new_roles:
        return "Select at least one role"
    if actor_id == target_id and Role.ADMIN in old_roles and Role.ADMIN not in new_roles:
        return "You cannot remove your own administrator role"
    return None


#: What the roles field says when a custody liaison would hold another role too.
LIAISON_ALONE = (
    "A custody liaison cannot hold another role: select custody liaison on its own, "
    "or the other roles without it"
)
#: What the suites field says when a custody liaison answers for no suite.
LIAISON_SUITES = "Select the custody suites this liaison answers for"
#: What the roles field says when there is no suite a custody liaison could answer for.
NO_SUITES_YET = "Add a custody suite first: a custody liaison answers for at least one"


def independence_problem(roles: Set[Role]) -> str | None:
    """A custody liaison is a police officer: their account holds no other role, so the force
    never sees a rota, a report or a visitor's name through it (README, Roles)."""
    if Role.LIAISON in roles and len(set(roles)) > 1:
        return LIAISON_ALONE
    return None


def liaison_suites_problem(roles: Set[Role], suites: int, suites_exist: bool = True) -> str | None:
    """A custody liaison answers for at least one suite (it is how they see their issues)."""
    if Role.LIAISON not in roles or suites > 0:
        return None
    return LIAISON_SUITES if suites_exist else NO_SUITES_YET


def effective_roles(held: Set[Role]) -> frozenset[Role]:
    """The roles an account acts with. One that holds custody liaison and other roles (made
    before the rule above was enforced) acts as a custody liaison only until an administrator
    removes one: independence comes before convenience."""
    if Role.LIAISON in held:
        return frozenset({Role.LIAISON})
    return frozenset(held)


def session_ends_at(
    created_at: datetime, seen_at: datetime, idle: timedelta, lifetime: timedelta
) -> datetime:
    """When a session last seen at ``seen_at`` ends: ``idle`` after that, but never later than
    ``lifetime`` after sign-in however busy it is (so a copied cookie does not live for ever)."""
    return min(seen_at + idle, created_at + lifetime)


def session_expired(
    created_at: datetime, seen_at: datetime, now: datetime, idle: timedelta, lifetime: timedelta
) -> bool:
    """Whether the session has ended by ``now``: a request at its very end is too late."""
    return now >= session_ends_at(created_at, seen_at, idle, lifetime)


#: Substrings of a User-Agent, most specific first: (marker, name).
BROWSERS = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("Linux", "Linux"),
)


def describe_browser(user_agent: str) -> str:
    """A browser as a person names it ("Chrome on Android"), from its User-Agent."""
    browser = next((name for marker, name in BROWSERS if marker in user_agent), None)
    system = next((name for marker, name in SYSTEMS if marker in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown browser"
