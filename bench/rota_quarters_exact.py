"""A long rota solved exactly a quarter at a time, to ask whether the plain load spread <= 3 is
reachable over a year with the parts' rules (issue 15 item 4). Needs the ``bench`` extras.

    cd bench && ../.venv/bin/python rota_quarters_exact.py metropolitan-52w --seconds 300 \
        [--workers 1] [--save /tmp/year.json]

Each part of ``icv.rota.engine.horizon.parts`` is one CP-SAT model (``rota_exact.rota_model``:
every hard rule) with the earlier parts' visits of the last five weeks booked (the spacing rule
and the monthly limit across the boundary), every required visit filled, each suite's weekdays
and bands within fair share +- 1 (the score's spread term, as the solver keeps it), no pattern
repeat (a suite at the same weekday and band as the week before, across the boundary too), and
the smallest spread of everyone's load so far (over ``quality.could_go`` of the whole period)
as the objective. The year is then checked by ``icv.rota.engine.checker`` and printed with the
bench's figures. Greedy over the parts: it shows a year is possible when it finds one, and
proves nothing when it does not.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from rota_exact import rota_model
from rota_instances import instance
from rota_slots_bound import spread_rule

from icv.rota.engine.checker import quality, violations
from icv.rota.engine.forced import forced_pair_repeats
from icv.rota.engine.horizon import parts, with_booked
from icv.rota.engine.least_spread import least_load_spread
from icv.rota.engine.problem import Problem, Solution, Visit, parse_problem
from icv.rota.engine.quality import alike_spread, could_go, required_visits


def solve_part(
    part: Problem,
    before: list[Visit],
    counted: list[str],
    load: dict[str, int],
    seconds: float,
    workers: int,
) -> tuple[list[Visit], int]:
    """The part's visits with the least spread of the loads so far, and that spread."""
    from ortools.sat.python import cp_model

    part = with_booked(part, before)
    model, visits, goes = rota_model(part)
    model.add(sum(visits.values()) == sum(required_visits(part).values()))
    _booked_rules(model, part, goes)
    spread_rule(model, part, visits)
    _no_pattern_repeat(model, visits, before)
    top = sum(load.values()) + 2 * len(visits)
    floor = model.new_int_var(0, top, "L")
    spread = model.new_int_var(0, top, "d")
    for person in counted:
        total = load.get(person, 0) + sum(var for _, var in goes[person])
        model.add(total >= floor)
        model.add(total <= floor + spread)
    model.minimize(spread)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise SystemExit(f"part from {part.start}: no rota found in {seconds:.0f} s")
    people = defaultdict(list)
    for person, places in sorted(goes.items()):
        for _, var in places:
            if solver.value(var):
                people[var.name.split(":", 1)[1]].append(person)
    chosen = [
        Visit(suite_id, day, band, tuple(sorted(people[f"{suite_id}@{day}/{band}"])))
        for (suite_id, day, band), var in sorted(visits.items())
        if solver.value(var)
    ]
    proof = (
        "proven" if status == cp_model.OPTIMAL else f"bound {round(solver.best_objective_bound)}"
    )
    print(
        f"  part {part.start} to {part.end}: {len(chosen)} visits, spread so far "
        f"{solver.value(spread)} ({proof}), {solver.wall_time:.0f} s",
        flush=True,
    )
    return chosen, solver.value(spread)


def _booked_rules(model, part: Problem, goes) -> None:
    """``rota_model`` leaves out the days booked outside the problem: add them."""
    window = max(part.min_days_between, 1)
    for volunteer in part.volunteers:
        if not volunteer.booked:
            continue
        months = defaultdict(list)
        for day, var in goes[volunteer.id]:
            if any(abs((day - booked).days) < window for booked in volunteer.booked):
                model.add(var == 0)
            months[day.year, day.month].append(var)
        if volunteer.max_per_month is None:
            continue
        for (year, month), chosen in months.items():
            room = volunteer.max_per_month - volunteer.booked_in(year, month)
            model.add(sum(chosen) <= max(room, 0))


def _no_pattern_repeat(model, visits, before: list[Visit]) -> None:
    """No suite at the same weekday and band as in the week before (across the boundary too)."""
    earlier = {(v.suite, v.date, v.band) for v in before}
    for (suite_id, day, band), var in visits.items():
        week_before = day - timedelta(days=7)
        if (suite_id, week_before, band) in earlier:
            model.add(var == 0)
        other = visits.get((suite_id, week_before, band))
        if other is not None:
            model.add(var + other <= 1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", default="metropolitan-52w")
    parser.add_argument("--seconds", type=float, default=300.0, help="per part")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--save", type=Path, help="write the year's visits as solution JSON")
    parser.add_argument(
        "--keep", type=int, default=0, metavar="K", help="keep the solver's first K parts"
    )
    parser.add_argument("--seed", type=int, default=0, help="with --keep: the solver's seed")
    args = parser.parse_args(argv)
    problem = replace(parse_problem(instance(args.name)), allocation="day", seed=args.seed)
    counted = could_go(problem)
    started = time.perf_counter()
    year: list[Visit] = []
    load: dict[str, int] = defaultdict(int)
    cut = parts(problem)
    if args.keep:
        from icv.rota.engine.solver import solve

        kept_until = cut[args.keep - 1].end
        year = [v for v in solve(problem).visits if v.date <= kept_until]
        for visit in year:
            for person in visit.volunteers:
                load[person] += 1
        loads = [load.get(p, 0) for p in counted]
        print(f"  the solver's first {args.keep} parts: spread so far {max(loads) - min(loads)}")
    for part in cut[args.keep :]:
        chosen, _ = solve_part(part, year, counted, load, args.seconds, args.workers)
        year += chosen
        for visit in chosen:
            for person in visit.volunteers:
                load[person] += 1
    solution = Solution(visits=year, unfilled=[])
    q = quality(problem, solution)
    loads = [q.load.get(p, 0) for p in counted]
    spread = q.load_spread
    forced = forced_pair_repeats(problem, year)
    print(
        f"{args.name}: {len(year)} visits, {len(violations(problem, year))} rules broken, "
        f"load {min(loads)} to {max(loads)} (spread {spread}, least at these "
        f"slots {least_load_spread(problem, year)}), alike spread "
        f"{alike_spread(problem, solution)}, pattern repeats {q.repeats}, pair repeats "
        f"{q.pair_repeats} (forced {forced}, beyond {q.pair_repeats - forced}), "
        f"{time.perf_counter() - started:.0f} s"
    )
    if args.save:
        rows = [
            {
                "suite": v.suite,
                "date": str(v.date),
                "band": v.band,
                "volunteers": list(v.volunteers),
            }
            for v in year
        ]
        args.save.write_text(json.dumps({"visits": rows, "unfilled": []}))


if __name__ == "__main__":
    main()
