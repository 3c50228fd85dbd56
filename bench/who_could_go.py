"""The four pages that work out who could go (issue 15 item 2), timed: the page of the visit
beside them for scale, each asked for on the scheme of ``tests/test_rota_visit_page_cost.py``
with 30 of everything, as its persona reads it: the median and best server time of 21 GETs
through the test client after one unmeasured, and the cProfile call count of one more (an
exact figure where times are noisy). A probe run through pytest with the tests' fixtures, so
the same file measures any commit's tree (copy it there and run it with ``PYTHONPATH`` at it).

    PYTHONPATH=. .venv/bin/pytest -q -s -p no:cacheprovider -p tests.conftest \\
        bench/who_could_go.py
"""

from __future__ import annotations

import cProfile
import pstats
import statistics
import time

from tests.reporting import frozen  # noqa: F401  (Tuesday 24 November 2026, noon)
from tests.test_rota_visit_page_cost import PAGES, signed_in, visit_with

#: GETs timed per page.
RUNS = 21


def test_the_pages_that_work_out_who_could_go(app, personas):
    with app.app_context():
        visit_with(2, personas)  # the first week's visits, as in the test
        large = visit_with(30, personas)
    for page, (persona, _, _) in PAGES.items():
        client = signed_in(app, persona)
        url = page.format(**large)
        assert client.get(url).status_code == 200
        times = []
        for _ in range(RUNS):
            began = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - began)
        profiler = cProfile.Profile()
        profiler.runcall(client.get, url)
        calls = pstats.Stats(profiler).total_calls
        print(
            f"{page}: median {statistics.median(times) * 1000:.1f} ms, "
            f"best {min(times) * 1000:.1f} ms, {calls} calls"
        )
