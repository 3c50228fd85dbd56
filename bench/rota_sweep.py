"""Coverage against the exact optimum on many generated instances of the small and tight shapes.

    .venv/bin/python bench/rota_sweep.py [--count 12] [--seconds 60]

For each shape, ``count`` instances (generator seeds 1000, 1001, ...) are solved (seed 0) and
compared with CP-SAT's maximum (bench/rota_exact.py). Prints one line per instance that falls
short, then a summary line per shape.
"""

from __future__ import annotations

import argparse
import time

from rota_exact import maximum_coverage
from rota_instances import SHAPES, generate

from icv.rota.engine.checker import quality, violations
from icv.rota.engine.problem import parse_problem
from icv.rota.engine.solver import solve

SHAPE_NAMES = ("small-1", "small-2", "small-3", "small-4", "tight")


def sweep(name: str, count: int, seconds: float) -> str:
    optimal = unproven = broken = 0
    times = []
    for number in range(count):
        problem = parse_problem(generate(SHAPES[name], 1000 + number))
        started = time.perf_counter()
        solution = solve(problem)
        times.append(time.perf_counter() - started)
        broken += len(violations(problem, solution.visits))
        filled = quality(problem, solution).filled
        exact = maximum_coverage(problem, seconds)
        unproven += not exact.optimal
        if filled >= exact.value:
            optimal += 1
        else:
            print(f"{name} #{1000 + number}: {filled} filled, optimum {exact.value}", flush=True)
    return (
        f"{name}: {optimal} of {count} at the optimum ({unproven} optima not proven in "
        f"{seconds:.0f} s), {broken} rules broken, slowest {max(times):.2f} s"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    for name in SHAPE_NAMES:
        print(sweep(name, args.count, args.seconds), flush=True)


if __name__ == "__main__":
    main()
