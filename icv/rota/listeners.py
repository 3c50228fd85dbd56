"""How the rota reacts to what happens in other areas (``icv.signals``). The sender's request
or job commits; nothing here does."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from icv.rota.queries import planned_between
from icv.signals import suite_closed

if TYPE_CHECKING:
    from icv.rota.models import PlannedVisit
    from icv.suites.models import Suite


@suite_closed.connect
def visits_in_a_closure(
    _sender: Any, *, suite: Suite, starts_on: date, ends_on: date, **_: Any
) -> list[PlannedVisit]:
    """The visits still planned at a suite while it is closed: the coordinator moves or
    cancels them on the rota (the suite's page lists them)."""
    return planned_between(starts_on, ends_on, suite_id=suite.id)
