"""The rota solver benchmark: solve each instance with several seeds, time, check and compare.

    .venv/bin/python bench/rota_bench.py [--seeds 5] [--no-exact] [--exact-quality] [--large]
        [--allocation day|week] [--first-seed N]

For each instance of bench/rota_instances.py: the median solving time over the seeds (one
process, ``time.perf_counter``), the hard rules rechecked by icv.rota.engine.checker, and the
quality figures of the worst seed. "optimum" is the most visits CP-SAT proves possible
(bench/rota_exact.py, needs ``pip install -e '.[bench]'``); "bound" is the solver's own flow
bound. ``--exact-quality`` adds CP-SAT's fewest repeats and smallest load spread at full
coverage. "load spread" is the most visits of anyone who could have gone minus the fewest;
"alike spread" (``icv.rota.engine.quality.alike_spread``) compares only people with the same
monthly limit where one could have stood in for the other on a visit. "repeats forced"
(``icv.rota.engine.forced``) is a lower bound on the pair repeats of any rota with visits at
the slots the worst seed chose, "beyond forced" its repeats above that bound; "fewest at any
times" (``forced.least_pair_repeats``) bounds every rota of as many visits, at any times.
"least load spread" (``icv.rota.engine.least_spread``) is a lower bound on the load spread of
any rota with visits at the slots of the seed with the widest load spread. ``--first-seed``
picks the seeds (e.g. 101, the 52-week instance's own). Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

from rota_instances import LARGE, SHAPES, instance

from icv.rota.engine.bound import coverage_bound
from icv.rota.engine.checker import quality, violations
from icv.rota.engine.forced import forced_pair_repeats, least_pair_repeats
from icv.rota.engine.index import Index
from icv.rota.engine.least_spread import least_load_spread
from icv.rota.engine.problem import parse_problem
from icv.rota.engine.quality import alike_spread
from icv.rota.engine.solver import solve


def bench(
    name: str, seeds: int, exact: bool, seconds: float, allocation: str = "day", first_seed: int = 0
) -> dict:
    problem = replace(parse_problem(instance(name)), allocation=allocation)
    times, figures, broken, alike, forced, least, anytime = [], [], 0, [], [], [], []
    for seed in range(first_seed, first_seed + seeds):
        started = time.perf_counter()
        solution = solve(replace(problem, seed=seed))
        times.append(time.perf_counter() - started)
        broken += len(violations(problem, solution.visits))
        figures.append(quality(problem, solution))
        alike.append(alike_spread(problem, solution))
        forced.append(forced_pair_repeats(problem, solution.visits))
        least.append(least_load_spread(problem, solution.visits))
        anytime.append(least_pair_repeats(problem, figures[-1].filled))
    row = {"name": name, "times": times, "figures": figures, "broken": broken, "alike": alike}
    row["forced"], row["least"], row["anytime"] = forced, least, anytime
    row["bound"] = coverage_bound(Index(problem, 0))
    if exact:
        from rota_exact import maximum_coverage

        row["optimum"] = maximum_coverage(problem, seconds)
    return row


def coverage_cell(row: dict) -> str:
    filled = sorted({q.filled for q in row["figures"]})
    shown = "/".join(map(str, filled))
    cell = f"{shown} of {row['figures'][0].required}"
    optimum = row.get("optimum")
    if optimum is not None:
        proven = "" if optimum.optimal else " (not proven)"
        verdict = "= optimum" if filled == [optimum.value] else f"optimum {optimum.value}"
        cell += f", {verdict}{proven}"
    return cell + f", bound {row['bound']}"


def table_row(row: dict) -> str:
    shape = SHAPES[row["name"]]
    figures = row["figures"]
    times = row["times"]
    spreads = [s for q in figures for s in q.spread.values()]
    cells = [
        row["name"],
        f"{shape.suites}/{shape.volunteers}/{shape.weeks}",
        f"{statistics.median(times):.2f} ({min(times):.2f}-{max(times):.2f})",
        coverage_cell(row),
        f"{max(q.repeat_rate for q in figures):.3f}",
        f"{max(s.weekday_gap for s in spreads)} / {max(s.band_gap for s in spreads)}",
        f"{max(q.load_spread for q in figures)}",
        _least_spread(figures, row["least"]),
        f"{max(row['alike'])}",
        f"{max(len(q.idle) for q in figures)}",
        f"{max(q.pair_repeats for q in figures)}",
        _at_any_times(figures, row["anytime"]),
        _beyond_forced(figures, row["forced"]),
        str(row["broken"]),
    ]
    return "| " + " | ".join(cells) + " |"


def _beyond_forced(figures: list, forced: list[int]) -> str:
    """The worst seed's repeats beyond those forced at its slots, and that bound."""
    worst = max(zip(figures, forced, strict=True), key=lambda pair: pair[0].pair_repeats - pair[1])
    return f"{worst[1]} | {worst[0].pair_repeats - worst[1]}"


def _at_any_times(figures: list, anytime: list[int]) -> str:
    """The fewest repeats any rota of as many visits has at any times, for the seed with the
    most repeats (``forced.least_pair_repeats``)."""
    return str(max(zip(figures, anytime, strict=True), key=lambda pair: pair[0].pair_repeats)[1])


def _least_spread(figures: list, least: list[int]) -> str:
    """The least load spread possible at the slots of the seed whose load spread is widest."""
    return str(max(zip(figures, least, strict=True), key=lambda pair: pair[0].load_spread)[1])


HEADER = (
    "| instance | suites/volunteers/weeks | time s, median (min-max) | coverage | repeat rate "
    "| weekday / band gap | load spread | least load spread | alike spread | idle | pair repeats "
    "| fewest at any times | repeats forced | beyond forced | rules broken |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def exact_quality(name: str, seconds: float) -> str:
    from rota_exact import least_load_spread, least_repeats, maximum_coverage

    problem = parse_problem(instance(name))
    coverage = maximum_coverage(problem, seconds)
    if not coverage.optimal:
        return f"| {name} | not proven | | |"
    repeats = least_repeats(problem, coverage.value, seconds)
    spread = least_load_spread(problem, coverage.value, seconds)
    return f"| {name} | {coverage.value} | {_shown(repeats)} | {_shown(spread)} |"


def _shown(exact) -> str:
    if exact.value < 0:
        return f">= {exact.bound} (none found in {exact.seconds:.0f} s)"
    return str(exact.value) if exact.optimal else f"{exact.bound}-{exact.value}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--no-exact", dest="exact", action="store_false")
    parser.add_argument("--exact-seconds", type=float, default=120.0)
    parser.add_argument("--exact-quality", action="store_true")
    parser.add_argument("--only", nargs="*", choices=sorted(SHAPES))
    parser.add_argument("--large", action="store_true", help="Also " + ", ".join(LARGE) + ".")
    parser.add_argument(
        "--allocation", choices=("day", "week"), default="day", help="Solve by day or by week."
    )
    parser.add_argument(
        "--first-seed", type=int, default=0, help="Solve with seeds N to N + seeds - 1."
    )
    args = parser.parse_args(argv)
    if args.only is None:
        args.only = [name for name in SHAPES if args.large or name not in LARGE]
    print(HEADER)
    for name in args.only:
        row = bench(
            name, args.seeds, args.exact, args.exact_seconds, args.allocation, args.first_seed
        )
        print(table_row(row), flush=True)
    if args.exact_quality:
        print("\n| instance | most visits | fewest repeats | smallest load spread |")
        print("|---|---|---|---|")
        for name in args.only:
            print(exact_quality(name, args.exact_seconds), flush=True)


if __name__ == "__main__":
    main()
