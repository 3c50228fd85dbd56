"""Daily: issues waiting for the force past their step's response target climb the escalation
ladder one step (``icv/visits/ladder.py``): an escalation event on the timeline, the next
step's contact mailed where the office has an address, the coordinators told.

Each climb is claimed with a conditional UPDATE of the issue's step, so a second run the same
day (or a second scheduler) finds nothing overdue and mails nothing twice.
"""

from __future__ import annotations

from icv.clock import today_local
from icv.jobs.rules import Outcome, did
from icv.visits.ladder import climb_overdue


def climb_the_ladder() -> Outcome:
    """The job: every overdue issue below the top step goes one step up."""
    climbed, _ = climb_overdue(today_local())
    return did(climbed, "escalated", "overdue issue")
