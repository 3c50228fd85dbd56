"""The fewest pair repeats any rota at the solver's times could have (issue 15 item 4).

    .venv/bin/pip install -e '.[bench]'
    cd bench && ../.venv/bin/python rota_pairs_floor.py [metropolitan metropolitan-52w ...]
        [--seed 0] [--integer SECONDS]

Solves each instance with the app's solver (by day), keeps its visits' suites, days and bands,
and bounds from below the pair repeats of every rota with visits at those times, three ways:

- *flow*: ``icv.rota.engine.forced`` (what ``rota_bench.py`` prints as "repeats forced"): who
  could go is read loosely, the spacing rule and monthly limits are left out;
- *rules*: a linear programme over the pair each visit takes, with the hard rules that bear on
  people: the panel, free at the weekday and band, not away or kept off by visits booked
  outside, no two probationers, no avoided partner, the TACT rule, one visit in any
  ``min_days_between`` days, the monthly limit less the visits booked outside that month;
- *rules and spread*: the same, with every load of those the spread is counted over
  (``quality.could_go``) within the solver's own load spread of the lowest, so the floor of a
  rota as even as the solver's.

Each pair may count once as distinct, so the programme's most distinct pairs, rounded down,
taken from the visits, is a floor of the repeats (visits of two, as the instances have). Left
out, so the floor stays a floor: the alike bound, which only forbids more. With ``--integer``
the third is solved as an integer programme for that many seconds (SCIP): its proven bound is
at least the linear one, and marked "(exact)" when SCIP finished: some rota at those times
keeps the rules and the spread with exactly that many repeats. The script then prints that
rota's repeats, alike spread and rules broken (the checker's): it may break the alike bound.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import dataclass, replace

from rota_exact import limit_groups
from rota_pairs_at_slots import solved

from icv.rota.engine.checker import violations
from icv.rota.engine.forced import forced_pair_repeats, possible_pairs
from icv.rota.engine.problem import Problem, Solution, Visit
from icv.rota.engine.quality import alike_spread, could_go, quality

Pair = tuple[str, str]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instances", nargs="*", default=["metropolitan", "metropolitan-52w"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--integer", type=float, metavar="SECONDS", help="SCIP for that long")
    args = parser.parse_args(argv)
    print(
        "| instance | seed | solver s | load spread | pair repeats | floor: flow | rules "
        "| rules and spread | beyond the last |\n" + "| --- " * 9 + "|"
    )
    for name in args.instances:
        problem, visits, seconds = solved(name, args.seed)
        figures = quality(problem, Solution(visits=visits, unfilled=[]))
        spread = figures.load_spread
        last = floor(problem, visits, spread, args.integer)
        floors = [forced_pair_repeats(problem, visits), floor(problem, visits).repeats]
        print(
            f"| {name} | {args.seed} | {seconds:.0f} | {spread} | {figures.pair_repeats} | "
            + " | ".join(str(value) for value in floors)
            + f" | {last.repeats}{' (exact)' if last.exact else ''}"
            + f" | {figures.pair_repeats - last.repeats} |",
            flush=True,
        )
        if last.rota is not None:
            found = Solution(visits=last.rota, unfilled=[])
            print(
                f"  SCIP's rota: pair repeats {quality(problem, found).pair_repeats}, alike "
                f"spread {alike_spread(problem, found)} (the solver's "
                f"{alike_spread(problem, Solution(visits=visits, unfilled=[]))}), rules "
                f"broken {len(violations(problem, last.rota))}",
                flush=True,
            )


@dataclass(frozen=True)
class Floor:
    """The fewest pair repeats proven; whether a rota has exactly that many (only an integer
    programme solved to the end says so), and then that rota."""

    repeats: int
    exact: bool
    rota: list[Visit] | None


def floor(
    problem: Problem, visits: list[Visit], spread: int | None = None, seconds: float | None = None
) -> Floor:
    """At least this many pair repeats has any rota of two-person visits at the slots of
    ``visits`` that keeps the rules (and every load within ``spread`` of the lowest)."""
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("SCIP" if seconds else "GLOP")
    if seconds:
        solver.SetTimeLimit(int(seconds * 1000))
    choices = _choices(solver, problem, visits, integer=bool(seconds))
    goes: dict[str, list] = defaultdict(list)
    on_pair: dict[Pair, list] = defaultdict(list)
    for visit, pairs in zip(visits, choices, strict=True):
        for pair, var in pairs.items():
            on_pair[pair].append(var)
            for person in pair:
                goes[person].append((visit.date, var))
    for person, days in goes.items():
        for chances, most in limit_groups(problem, problem.volunteer_by_id[person], days):
            solver.Add(sum(chances) <= most)
    if spread is not None:
        lowest = solver.NumVar(0, len(visits), "lowest")
        for person in could_go(problem):
            load = sum(var for _, var in goes.get(person, []))
            solver.Add(load >= lowest)
            solver.Add(load <= lowest + spread)
    distinct = []
    for pair, chances in on_pair.items():
        met = solver.NumVar(0, 1, f"met {pair}")
        solver.Add(met <= sum(chances))
        distinct.append(met)
    solver.Maximize(sum(distinct))
    status = solver.Solve()
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        raise SystemExit(f"no rota of these times keeps the rules and a spread of {spread}")
    most = solver.Objective().BestBound() if seconds else solver.Objective().Value()
    exact = bool(seconds) and status == pywraplp.Solver.OPTIMAL
    rota = None
    if seconds:
        rota = [
            replace(visit, volunteers=next(p for p, var in pairs.items() if var.solution_value()))
            for visit, pairs in zip(visits, choices, strict=True)
        ]
    return Floor(len(visits) - int(most + 1e-6), exact, rota)


def _choices(solver, problem: Problem, visits: list[Visit], integer: bool) -> list[dict]:
    """Per visit, a variable for each pair that could go on it; exactly one goes."""
    new = solver.IntVar if integer else solver.NumVar
    choices = []
    for number, visit in enumerate(visits):
        if len(set(visit.volunteers)) != 2:
            raise SystemExit(f"visit {number} has not two people: this floor is for pairs")
        pairs = {pair: new(0, 1, f"{number}:{pair}") for pair in sorted(_pairs(problem, visit))}
        solver.Add(sum(pairs.values()) == 1)
        choices.append(pairs)
    return choices


def _pairs(problem: Problem, visit: Visit) -> set[Pair]:
    """The pairs that could go on ``visit`` (``forced.possible_pairs``) that keep the TACT
    rule; its own pair always."""
    own = tuple(sorted(set(visit.volunteers)))
    return {
        pair
        for pair in possible_pairs(problem, visit)
        if pair == own or problem.tact_ok(visit.suite, visit.date, pair)
    }


if __name__ == "__main__":
    main()
