"""What the scheduler's ``summary_figures`` job costs on a national-scale history (issue 15):
the figures of the periods the summary's page opens on worked out after a change forgot them
(each run starts with the kept figures deleted), then one run with them kept.

    ICV_DATABASE_URL=postgresql+psycopg://icv_ci:icv_ci@127.0.0.1:5432/icv_lists \\
        .venv/bin/python bench/summary_job.py [--runs 3]

Run it on a database filled by ``bench/pages_at_scale.py`` (after ``icv db upgrade`` if it was
filled before a migration); the app is built from the environment, as the scheduler is. Prints
each run's wall and CPU time (the SQL's time is the difference) and the number of reports.
With ``--opened N``, N quarters (from Q1 of the year the page opens on, backwards) count as
opened by readers today: their rows forgotten, as a change leaves them, before each run.
"""

from __future__ import annotations

import argparse
import time

from sqlalchemy import delete, func, select, update

from icv import create_app
from icv.clock import today_local
from icv.extensions import db
from icv.jobs.summary_figures import keep_summary_figures
from icv.summary.models import StoredFigures
from icv.summary.queries import records_begin
from icv.summary.rules import Basis, Period, Records, opening_year
from icv.visits.models import VisitReport


def timed_run() -> tuple[str, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = keep_summary_figures()
    db.session.commit()
    return outcome.summary, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def opened(quarters: int) -> list[StoredFigures]:
    """``quarters`` quarters' rows as a reader's first views leave them, already forgotten."""
    today = today_local()
    year = opening_year(Basis.CALENDAR, today, Records(records_begin()))
    periods = [Period(year - n // 4, Basis.CALENDAR, 4 - n % 4) for n in range(quarters)]
    return [
        StoredFigures(year=p.year, basis=p.basis.value, quarter=p.quarter, as_of=today, figures={})
        for p in periods
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--opened", type=int, default=0, help="quarters readers opened today")
    arguments = parser.parse_args()
    runs = arguments.runs
    with create_app().app_context():
        reports = db.session.scalar(select(func.count()).select_from(VisitReport))
        print(f"{reports:,} reports")
        for run in range(1, runs + 1):
            db.session.execute(delete(StoredFigures))
            db.session.add_all(opened(arguments.opened))
            db.session.flush()
            db.session.execute(update(StoredFigures).values(generation=-1))  # none current
            db.session.commit()
            summary, wall, cpu = timed_run()
            print(f"run {run}: {summary}: {wall:.0f} ms, {cpu:.0f} ms CPU")
        summary, wall, _ = timed_run()
        print(f"kept: {summary}: {wall:.1f} ms")


if __name__ == "__main__":
    main()
