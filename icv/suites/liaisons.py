"""The suites a custody liaison answers for. Inviting or changing an account that may be a
liaison's goes through here: the suites are checked and kept with the account, in the same
audit row, while the accounts area below knows nothing of suites."""

from __future__ import annotations

from icv.accounts import services as accounts
from icv.accounts.models import User
from icv.accounts.roles import Role
from icv.accounts.rules import liaison_suites_problem
from icv.extensions import db
from icv.suites.models import Suite, suite_liaisons


def check_roles(roles: set[Role], suites: list[Suite] | None) -> None:
    """Refuse roles one account may not hold together, or a liaison without a suite."""
    accounts.check_roles(roles)
    any_suite = db.session.scalar(db.select(Suite.id).limit(1)) is not None
    if problem := liaison_suites_problem(roles, len(suites or []), any_suite):
        raise accounts.AccountError(problem, "suites" if any_suite else "roles")


def liaison_only(roles: set[Role], suites: list[Suite] | None) -> list[Suite] | None:
    """Suites are kept for a custody liaison only; anyone else answers for none."""
    if suites is None:
        return None
    return suites if Role.LIAISON in roles else []


def invite(
    actor: User | None,
    *,
    email: str,
    name: str,
    roles: set[Role],
    phone: str | None = None,
    suites: list[Suite] | None = None,
) -> User:
    """``accounts.invite``, checking and keeping a liaison's suites."""
    accounts.refuse_taken(email)
    check_roles(roles, suites)
    suites = liaison_only(roles, suites)
    user = accounts.invite(actor, email=email, name=name, roles=roles, phone=phone)
    if suites is not None:
        set_liaison_suites(user, suites)
    return user


def update_account(
    actor: User,
    user: User,
    *,
    name: str,
    phone: str | None,
    roles: set[Role],
    suites: list[Suite] | None = None,
) -> None:
    """``accounts.update_account``, checking and keeping a liaison's suites (one audit row)."""
    check_roles(roles, suites if suites is not None else liaison_suites(user))
    suites = liaison_only(roles, suites)
    changed = accounts.apply_changes(user, name=name, phone=phone, roles=roles)
    if suites is not None:
        old = sorted(s.name for s in liaison_suites(user))
        set_liaison_suites(user, suites)
        if old != sorted(s.name for s in suites):
            changed["suites"] = [old, sorted(s.name for s in suites)]
    accounts.record_update(actor, user, changed)


def liaison_suites(user: User) -> list[Suite]:
    return list(
        db.session.scalars(
            db.select(Suite)
            .join(suite_liaisons, suite_liaisons.c.suite_id == Suite.id)
            .where(suite_liaisons.c.user_id == user.id)
            .order_by(Suite.name)
        )
    )


def set_liaison_suites(user: User, suites: list[Suite]) -> None:
    wanted = {s.id for s in suites}
    for suite in db.session.scalars(db.select(Suite)):
        if suite.id in wanted and user not in suite.liaisons:
            suite.liaisons.append(user)
        elif suite.id not in wanted and user in suite.liaisons:
            suite.liaisons.remove(user)
