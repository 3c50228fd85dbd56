"""How few pair repeats an exact solver finds at the times the solver chose (issue 15 item 4).

    .venv/bin/pip install -e '.[bench]'
    cd bench && ../.venv/bin/python rota_pairs_at_slots.py [metropolitan-52w] [--seed 0]
        [--spread K] [--seconds 600] [--workers 1]

Solves the instance with the app's solver (``icv.rota.engine.solver.solve``, by day), then
keeps its visits' suites, days and bands and asks CP-SAT to choose the people again: every
hard rule of ``rota_exact.rota_model``, each load of everyone who could go (``could_go``) within
``K`` visits of the lowest (``--spread``; by default the solver's own spread, so the answer is
no less even), and as few pair repeats as it can find (a pair's visits together beyond their
first, as ``Quality.pair_repeats`` counts them, across suites). It starts from the solver's
people (a complete hint, which CP-SAT takes as its first rota), so it finds no more repeats than
the solver has.

Left out of the model, so its rota may break them and it prints whether it does: the alike
bound (``quality.alike_spread`` <= 3) and the TACT rule. The bound CP-SAT proves in minutes on a
year is far below both, so the figure says how near the solver's people are to the best that
an exact search finds at those times, not to the best possible.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from itertools import combinations

from rota_exact import rota_model
from rota_instances import instance

from icv.rota.engine.checker import violations
from icv.rota.engine.forced import forced_pair_repeats
from icv.rota.engine.problem import Problem, Solution, Visit, parse_problem
from icv.rota.engine.quality import alike_spread, could_go, quality
from icv.rota.engine.solver import solve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance", nargs="?", default="metropolitan-52w")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--spread", type=int, help="the widest load spread allowed")
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    problem, rota, seconds = solved(args.instance, args.seed)
    print(f"solver, seed {args.seed}: {seconds:.0f} s", flush=True)
    report("solver", problem, rota)
    if args.spread is None:
        args.spread = quality(problem, Solution(visits=rota, unfilled=[])).load_spread
    found = fewest_repeats(problem, rota, args)
    if found is not None:
        report("CP-SAT at the solver's times", problem, found)


def solved(name: str, seed: int) -> tuple[Problem, list[Visit], float]:
    """The instance by day with ``seed``, the app's solver's visits, and its seconds."""
    problem = replace(parse_problem(instance(name)), allocation="day", seed=seed)
    started = time.perf_counter()
    visits = solve(problem).visits
    return problem, visits, time.perf_counter() - started


def report(who: str, problem: Problem, visits: list[Visit]) -> None:
    solution = Solution(visits=visits, unfilled=[])
    figures, forced = quality(problem, solution), forced_pair_repeats(problem, visits)
    print(
        f"{who}: load spread {figures.load_spread}, pair repeats {figures.pair_repeats} "
        f"(forced {forced}, beyond {figures.pair_repeats - forced}), alike spread "
        f"{alike_spread(problem, solution)}, rules broken {len(violations(problem, visits))}",
        flush=True,
    )


def fewest_repeats(problem: Problem, rota: list[Visit], args) -> list[Visit] | None:
    """CP-SAT's rota at the times of ``rota`` with the fewest pair repeats it finds in
    ``args.seconds``, every load within ``args.spread`` of the lowest; None if it finds none."""
    places: dict = {}
    model, slots, goes = rota_model(problem, places)
    chosen = {(v.suite, v.date, v.band): v for v in rota}
    for slot, var in slots.items():
        model.add(var == int(slot in chosen))
        model.add_hint(var, int(slot in chosen))
    floor = model.new_int_var(0, len(rota), "floor")
    counted = set(could_go(problem))
    loads = {person: [var for _, var in goes[person]] for person in counted}
    for person in sorted(counted):
        model.add(sum(loads[person]) >= floor)
        model.add(sum(loads[person]) <= floor + args.spread)
    together = _pairs(model, places, chosen)
    met = {pair for v in rota for pair in combinations(sorted(v.volunteers), 2)}
    distinct = []
    for pair, on_visits in sorted(together.items()):
        first = model.new_bool_var(f"met {pair}")
        model.add(sum(on_visits) >= first)
        model.add_hint(first, int(pair in met))
        distinct.append(first)
    model.maximize(sum(distinct))
    for slot, people in places.items():
        going = set(chosen[slot].volunteers) if slot in chosen else set()
        for person, var in people.items():
            model.add_hint(var, int(person in going))
    own = [sum(1 for v in rota if person in v.volunteers) for person in counted]
    model.add_hint(floor, min(own))
    return _solve(model, places, chosen, rota, args)


def _pairs(model, places: dict, chosen: dict) -> dict:
    """Per pair, one variable for each of the rota's visits they could share: 1 only if both
    go on it (the model maximises the pairs with at least one)."""
    together: dict = {}
    for slot, visit in chosen.items():
        people = places[slot]
        going = set(visit.volunteers)
        for one, other in combinations(sorted(people), 2):
            both = model.new_bool_var(f"{one}+{other}@{slot}")
            model.add_implication(both, people[one])
            model.add_implication(both, people[other])
            model.add_hint(both, int(one in going and other in going))
            together.setdefault((one, other), []).append(both)
    return together


def _solve(model, places: dict, chosen: dict, rota: list[Visit], args) -> list[Visit] | None:
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = args.seconds
    solver.parameters.num_workers = args.workers
    status = solver.solve(model)
    said = f"CP-SAT: {solver.status_name(status)} in {solver.wall_time:.0f} s"
    said += f", {args.workers} worker(s)"
    if status == cp_model.INFEASIBLE:
        print(f"{said}; no rota at these times has a load spread of {args.spread} or less")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if status != cp_model.INFEASIBLE:
            print(f"{said}; no rota found in the time")
        return None
    pairs = sum(len(v.volunteers) * (len(v.volunteers) - 1) // 2 for v in rota)
    bound = max(0, pairs - round(solver.best_objective_bound))
    print(f"{said}; the fewest pair repeats it proved: {bound}")
    return [
        replace(
            visit,
            volunteers=tuple(p for p, var in sorted(places[slot].items()) if solver.value(var)),
        )
        for slot, visit in chosen.items()
    ]


if __name__ == "__main__":
    main()
