"""Writes to custody suites: their details, rota targets and temporary closures. The caller
commits."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from icv.accounts.models import User
from icv.audit.services import changes, describe, jsonable, record
from icv.extensions import db
from icv.signals import flat_replies, suite_closed
from icv.suites.models import Suite, SuiteClosure
from icv.suites.rules import name_key

if TYPE_CHECKING:
    from icv.rota.models import PlannedVisit


class SuiteError(Exception):
    """A change to a suite was refused; the message says why."""


def suites_by_name() -> dict[str, Suite]:
    """Every suite by its name's key (rules.name_key): a scheme has tens of suites, so they are
    matched in Python, the same way whatever the database."""
    return {name_key(suite.name): suite for suite in db.session.scalars(select(Suite))}


def name_taken(name: str, suite: Suite | None = None) -> bool:
    found = suites_by_name().get(name_key(name))
    return found is not None and found is not suite


def save(actor: User, suite: Suite | None, values: dict[str, Any]) -> Suite:
    """Create a suite (``suite`` None) or change one; the name must be unique."""
    if name_taken(values["name"], suite):
        raise SuiteError(f"There is already a suite called {values['name']}")
    if suite is None:
        suite = Suite(**values)
        db.session.add(suite)
        db.session.flush()
        record(actor, "suite.created", suite, f"Suite {suite.name} added")
        return suite
    changed = changes(suite, values)
    if changed:
        record(
            actor, "suite.updated", suite, f"{suite.name}: {describe(changed)}", jsonable(changed)
        )
    return suite


def add_closure(
    actor: User, suite: Suite, starts_on: date, ends_on: date, reason: str
) -> list[PlannedVisit]:
    """Close a suite for some days; returns visits already planned then, to move or cancel."""
    suite.closures.append(SuiteClosure(starts_on=starts_on, ends_on=ends_on, reason=reason))
    record(
        actor,
        "suite.closure",
        suite,
        f"{suite.name} closed {starts_on:%-d %b %Y} to {ends_on:%-d %b %Y}",
        {"reason": reason},
    )
    # The rota, above suites, answers with what it has planned there (its receiver).
    replies = suite_closed.send(
        suite=suite, starts_on=starts_on, ends_on=ends_on, reason=reason, actor=actor
    )
    return flat_replies(replies)


def remove_closure(actor: User, suite: Suite, closure: SuiteClosure) -> None:
    if closure.suite_id != suite.id:
        raise SuiteError("That closure belongs to another suite")
    suite.closures.remove(closure)
    record(
        actor,
        "suite.closure_removed",
        suite,
        f"{suite.name} no longer closed {closure.starts_on:%-d %b} to {closure.ends_on:%-d %b %Y}",
    )
