"""Every minute: solve the rota drafts the coordinator asked for ("Plan a new period").

Solving takes seconds on a large scheme, too long for a web request, so the page queues the
period (``icv.rota.services.queue_draft``) and this job solves it. It solves first, reading
only, and only then claims the period (a notice keyed by when the draft was asked for and its
seed) and
stores the draft: SQLite's one writer is held for the store, not the solve. A second scheduler
that solved the same period meanwhile loses the claim and stores nothing. A solve that fails
is stored as the period's error, for the coordinator to see and plan again.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from icv.clock import now_utc, today_local
from icv.extensions import db
from icv.jobs.claims import settle
from icv.jobs.rules import Outcome, combine, did
from icv.rota import services
from icv.rota.models import Planning, RotaPeriod

logger = logging.getLogger("icv.jobs")

#: What the coordinator reads when the solver itself broke (the log has the traceback).
SOLVER_BROKE = (
    "The solver stopped with an error. Try again; if it happens again, tell your administrator"
)


def make_rota_drafts() -> Outcome:
    """The job: one draft (or its error) stored for each period waiting to be solved."""
    today = today_local()
    made = failed = 0
    queued = db.session.scalars(
        select(RotaPeriod).where(RotaPeriod.planning == Planning.QUEUED).order_by(RotaPeriod.id)
    ).all()
    for period in queued:
        period_id, key = period.id, services.solve_key(period)
        try:
            solution, problem = services.solve_draft(period, today), ""
        except services.RotaError as error:
            solution, problem = None, str(error)
        except Exception:
            logger.exception("the rota draft of period %s failed", period_id)
            solution, problem = None, SOLVER_BROKE
        outcome = "made the draft" if solution else f"failed: {problem}"[:200]
        period = claimed(period_id, key, outcome)
        if period is None:
            continue
        if solution is None:
            services.fail_draft(period, problem)
            failed += 1
        else:
            services.store_draft(period, solution)
            made += 1
    return combine(did(made, "made", "rota draft"), did(failed, "failed", "rota draft"))


def claimed(period_id: int, key: str, outcome: str) -> RotaPeriod | None:
    """Claim this request for a draft (``key``: ``services.solve_key``); the period for the one
    run that wins it while the period still waits for it, else None."""
    if not settle("rota_draft", ("rota_periods", period_id), key, now_utc(), outcome):
        return None
    period = db.session.get(RotaPeriod, period_id, populate_existing=True)
    if period is None or period.planning != Planning.QUEUED or services.solve_key(period) != key:
        return None  # deleted, or asked for again, since
    return period
