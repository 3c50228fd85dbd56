"""Reading suites for what another page shows of them."""

from __future__ import annotations

from sqlalchemy.orm import lazyload

from icv.suites.models import Suite


def suite_alone() -> tuple:
    """Loader options for a suite read for its own columns (its name, mostly): not its
    closures and liaisons, which a suite brings by default (with the liaisons' accounts and
    roles: three statements)."""
    return (lazyload(Suite.closures), lazyload(Suite.liaisons))
