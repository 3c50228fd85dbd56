"""A rota's fairness tab (``/rota/<id>?view=fairness``) on the national-scale database of
``pages_at_scale.py``: its SQL statements and the median and best server time of a GET, as
that script measures a list page (issue 15: at most 15 statements and 150 ms on PostgreSQL).

    cd bench && ../.venv/bin/python fairness_tab.py sqlite:////tmp/icv_pages.sqlite [--runs 7]

Fill the database first with ``pages_at_scale.py`` (this script fills nothing). The latest
rota is read, once unmeasured (its first view may work out and keep its figures), once while
its statements are counted, then ``--runs`` times. ``--profile`` adds the cProfile call count
of one GET (an exact figure where times are noisy). To measure other code on the same
database, run this file with ``PYTHONPATH`` pointing at that code's checkout; it prints the
``icv`` it imported. ``--fill`` measures the rota's first visit's fill page instead (who
could take a place: the rota's problem built to check each candidate).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time

from pages_at_scale import config, engine_name, signed_in  # beside this script
from sqlalchemy import event, func, select

import icv
from icv import create_app
from icv.extensions import db
from icv.rota.models import PlannedVisit, RotaPeriod


def measure(url: str, runs: int, profile: bool, fill: bool = False) -> None:
    app = create_app(config(url))
    with app.app_context():
        rota = db.session.scalar(select(func.max(RotaPeriod.id)))
        first = db.session.scalar(
            select(func.min(PlannedVisit.id)).where(PlannedVisit.period_id == rota)
        )
        engine = db.engine
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: sent.append(a[2]))
    client = signed_in(app, "coordinator")
    page = f"/rota/visits/{first}/fill" if fill else f"/rota/{rota}?view=fairness"
    client.get(page)  # once unmeasured: the first view works out what it keeps
    sent.clear()
    answer = client.get(page)
    assert answer.status_code == 200, answer.status_code
    statements = len(sent)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        client.get(page)
        times.append(time.perf_counter() - began)
    calls = ""
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(client.get, page)
        calls = f", {pstats.Stats(profiler).total_calls} calls"
    print(
        f"{engine_name(url)} {page}: {statements} statements, median "
        f"{statistics.median(times) * 1000:.1f} ms, best {min(times) * 1000:.1f} ms{calls}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+", help="database URLs filled by pages_at_scale.py")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="count one GET's Python calls")
    parser.add_argument(
        "--fill", action="store_true", help="the rota's first visit's fill page instead"
    )
    arguments = parser.parse_args()
    print(f"icv from {icv.__file__}")
    for url in arguments.urls:
        measure(url, arguments.runs, arguments.profile, arguments.fill)
