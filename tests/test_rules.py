"""Pure rules: exact values, no app."""

from __future__ import annotations

import datetime as dt

import pytest

from icv.accounts.roles import Role
from icv.accounts.rules import (
    can_manage,
    grantable_roles,
    password_problem,
    role_change_problem,
)
from icv.notifications.rules import retry_delay, should_give_up

V, C, A, L, P = Role.VOLUNTEER, Role.COORDINATOR, Role.ADMIN, Role.LIAISON, Role.COMMISSIONER


def test_admins_grant_every_role_and_coordinators_only_volunteer_and_liaison():
    assert grantable_roles({A}) == set(Role)
    assert grantable_roles({C}) == {V, L}
    assert grantable_roles({V, P, L}) == frozenset()


@pytest.mark.parametrize(
    ("actor", "target", "allowed"),
    [
        ({A}, {A}, True),
        ({C}, {V}, True),
        ({C}, {V, L}, True),
        ({C}, {C}, False),
        ({C}, {V, A}, False),
        ({P}, {V}, False),
        ({V}, {V}, False),
    ],
)
def test_who_can_manage_whom(actor, target, allowed):
    assert can_manage(actor, target) is allowed


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("123456789", "Password must be 10 characters or more"),
        ("1234567890", None),
        ("x" * 129, "Password must be 128 characters or fewer"),
        (" " * 12, "Password must not be only spaces"),
        ("val@example.org", "Password must not be your email address"),
        ("abababababab", "Password is too easy to guess: use more different characters"),
        ("correct horse battery staple", None),
    ],
)
def test_password_problems(password, problem):
    assert password_problem(password, "VAL@example.org") == problem


def test_role_changes_that_would_lock_out_administration():
    assert role_change_problem(1, 2, {V}, set()) == "Select at least one role"
    assert role_change_problem(1, 1, {A}, {C}) == "You cannot remove your own administrator role"
    assert role_change_problem(1, 2, {A}, {C}) is None
    assert role_change_problem(1, 1, {A}, {A, C}) is None


@pytest.mark.parametrize(
    ("attempts", "minutes"), [(0, 0), (1, 1), (2, 2), (3, 4), (6, 32), (7, 60), (40, 60)]
)
def test_retry_waits_double_up_to_an_hour(attempts, minutes):
    assert retry_delay(attempts) == dt.timedelta(minutes=minutes)


def test_delivery_gives_up_after_exactly_a_day():
    created = dt.datetime(2026, 3, 28, 12, 0, tzinfo=dt.UTC)
    assert not should_give_up(created, created + dt.timedelta(hours=23, minutes=59))
    assert should_give_up(created, created + dt.timedelta(days=1))
