"""Reading suites for what another page shows of them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import lazyload

from icv.extensions import db
from icv.suites.models import Suite


def suite_alone() -> tuple:
    """Loader options for a suite read for its own columns (its name, mostly): not its
    closures and liaisons, which a suite brings by default (with the liaisons' accounts and
    roles: three statements)."""
    return (lazyload(Suite.closures), lazyload(Suite.liaisons))


def suite_names() -> list[tuple[int, str]]:
    """(id, name) of every suite, by name, for a choice of suites: only those two columns
    (each suite read whole read its closures and liaisons too)."""
    rows = db.session.execute(select(Suite.id, Suite.name).order_by(Suite.name))
    return [(suite_id, name) for suite_id, name in rows]
