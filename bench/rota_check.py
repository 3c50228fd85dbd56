"""Check a rota against its instance: every hard rule and the quality figures, from the rota alone.

    .venv/bin/python bench/rota_check.py INSTANCE.json SOLUTION.json

Uses :mod:`icv.rota.engine.checker`, which recomputes each rule from the visits and never calls the
solver. Prints one line per broken rule, then the quality figures; exits 1 if a rule is broken
(or an input cannot be read), else 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from icv.rota.engine.checker import Quality, quality, violations
from icv.rota.engine.problem import Problem, ProblemError, Solution, parse_problem, parse_solution


def report(problem: Problem, solution: Solution) -> tuple[list[str], Quality]:
    """The broken rules (one line each) and the quality figures."""
    broken = [
        f"{v.rule}: {v.message} (visit {', '.join(str(i + 1) for i in v.visits)})"
        for v in violations(problem, solution.visits)
    ]
    return broken, quality(problem, solution)


def figures(q: Quality) -> list[str]:
    """The quality figures as lines of text."""
    spreads = list(q.spread.values())
    lines = [
        f"coverage: {q.filled} of {q.required} required visits ({q.ratio:.1%})",
        f"pattern repeats: {q.repeats} of {q.visits} visits (rate {q.repeat_rate:.3f})",
        "weekday gap per suite (most - fewest visits on a weekday): "
        + " ".join(f"{s.suite}={s.weekday_gap}" for s in spreads),
        "band gap per suite (most - fewest visits in a band): "
        + " ".join(f"{s.suite}={s.band_gap}" for s in spreads),
        f"load: {min(q.load.values(), default=0)} to {max(q.load.values(), default=0)} visits "
        f"(spread {q.load_spread} over those who could go), idle: {len(q.idle)}",
        f"pairs together more than once: {len(q.repeated_pairs)} "
        f"({q.pair_repeats} visits beyond each pair's first)",
    ]
    if q.idle:
        lines.append("idle: " + ", ".join(q.idle))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("solution", type=Path)
    args = parser.parse_args(argv)
    try:
        problem = parse_problem(json.loads(args.instance.read_text()))
        solution = parse_solution(json.loads(args.solution.read_text()))
    except (OSError, ValueError) as error:  # ProblemError and JSONDecodeError are ValueErrors
        kind = "rota" if isinstance(error, ProblemError) else "file"
        print(f"rota_check: {kind}: {error}", file=sys.stderr)
        return 1
    broken, q = report(problem, solution)
    for line in broken:
        print(line)
    print(f"hard rules: {len(broken)} broken")
    for line in figures(q):
        print(line)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
