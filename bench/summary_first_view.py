"""The annual summary's first view after a change, of the periods a reader opens: the year the
page opens on, a quarter of it and the year before (issue 15: at most 15 statements and
150 ms on PostgreSQL at 150k reports).

    .venv/bin/python bench/pages_at_scale.py URL --only /summary   # fills an empty database once
    .venv/bin/python bench/summary_first_view.py URL [--runs 5]

Signs in as the commissioner of ``bench/pages_at_scale.py`` through the test client. Every
measured view is a first view: the kept figures are deleted before it, as a report sent
deletes them (``icv.summary.stored``). The pages take turns, so a busy machine favours none;
each is asked for once unmeasured first. Prints the statements of a first view, and the best
and the median of ``--runs`` views of each page; exits non-zero when one misses a target.
With ``--cpu``, also the best Python CPU of a view (``time.process_time``: the request in this
process, not the database's work), which the load moves less than the time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date

from pages_at_scale import (  # beside this script
    config,
    engine_name,
    forget_kept_figures,
    misses,
    print_row,
    signed_in,
)
from sqlalchemy import event

from icv import create_app
from icv.clock import today_local
from icv.extensions import db
from icv.summary.queries import records_begin
from icv.summary.rules import Basis, Records, opening_year


def pages(today: date, records: Records) -> dict[str, str]:
    """What each page is -> its address."""
    year = opening_year(Basis.CALENDAR, today, records)
    return {
        "opening year": f"/summary/{year}",
        "a quarter of it": f"/summary/{year}?quarter=2",
        "the year before": f"/summary/{year - 1}",
    }


def measure(url: str, runs: int, cpu: bool = False) -> bool:
    """Prints each page's figures; True if one misses a target."""
    app = create_app(config(url))
    with app.app_context():
        engine = db.engine
        addresses = pages(today_local(), Records(records_begin()))
    client = signed_in(app, "commissioner")
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: sent.append(a[2]))
    counts = {}
    for name, address in addresses.items():
        client.get(address)
        forget_kept_figures(app)
        sent.clear()
        assert client.get(address).status_code == 200, address
        counts[name] = len(sent)
    times: dict[str, list[float]] = {name: [] for name in addresses}
    spent: dict[str, list[float]] = {name: [] for name in addresses}
    for _ in range(runs):
        for name, address in addresses.items():
            forget_kept_figures(app)
            began, began_cpu = time.perf_counter(), time.process_time()
            client.get(address)
            times[name].append((time.perf_counter() - began) * 1000)
            spent[name].append((time.process_time() - began_cpu) * 1000)
    server = engine_name(url)
    print(f"{server}: first views, {runs} each, taking turns")
    print(f"  {'page':<18}{'address':<26}{'statements':>11}{'median ms':>11}{'best ms':>9}")
    missed = False
    for name, address in addresses.items():
        best, median = min(times[name]), statistics.median(times[name])
        late = misses(server, counts[name], best)  # the best: the load moves the median
        missed |= late
        print_row(f"{name:<18}{address:<26}", counts[name], median, best, late)
        if cpu:
            print(f"  {'':<44}Python CPU, best: {min(spent[name]):.1f} ms")
    return missed


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="a database filled by bench/pages_at_scale.py")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu", action="store_true", help="the Python CPU of a view too")
    arguments = parser.parse_args()
    sys.exit(1 if measure(arguments.url, arguments.runs, arguments.cpu) else 0)
