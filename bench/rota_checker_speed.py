"""How long the rota checker takes on a metropolitan quarter of random (mostly wrong) visits.

    .venv/bin/python bench/rota_checker_speed.py [--visits 650] [--repeats 7]

The checker runs on every hand change of a draft and every view of a rota's quality, so it must
stay well under a second for the largest instance (target: under 0.5 s for 650 visits). The
visits are drawn at random from each suite's panel, so most break some rule and every rule's
code path is exercised. Prints the median and the range of ``time.perf_counter`` over the
repeats, in one process, and how many broken rules were found (the same for every repeat).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import timedelta

from rota_instances import instance  # bench/ is on the path when run as a script

from icv.rota.engine.checker import violations
from icv.rota.engine.problem import Problem, Visit, parse_problem


def random_visits(problem: Problem, count: int, seed: int = 1) -> list[Visit]:
    """``count`` visits of random suites, days, bands and pairs from each suite's panel."""
    rng = random.Random(seed)
    days = (problem.end - problem.start).days
    visits = []
    for _ in range(count):
        suite = rng.choice(problem.suites)
        panel = [v.id for v in problem.volunteers if suite.id in v.suites]
        day = problem.start + timedelta(days=rng.randrange(days))
        visits.append(
            Visit(suite.id, day, rng.choice(problem.band_ids), tuple(rng.sample(panel, 2)))
        )
    return visits


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=650)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    problem = parse_problem(instance("metropolitan"))
    visits = random_visits(problem, args.visits)
    times, found = [], 0
    for _ in range(args.repeats):
        started = time.perf_counter()
        found = len(violations(problem, visits))
        times.append(time.perf_counter() - started)
    print(
        f"checker, metropolitan, {args.visits} random visits: median "
        f"{statistics.median(times):.3f} s ({min(times):.3f}-{max(times):.3f}) over "
        f"{args.repeats} runs; {found} broken rules found"
    )


if __name__ == "__main__":
    main()
