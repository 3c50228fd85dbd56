"""A tighter model of rota_slots_bound.py: visits placed day by day, people counted by month.

    cd bench && ../.venv/bin/python rota_slots_month.py [metropolitan-26w ...] [--seconds 600]
        [--hint-seed N] [--workers 1]

The aggregated model of ``rota_slots_bound.py`` shares each part's visits over cells freely; a
rota places them in weeks, and a light person's away days, monthly limit and spacing decide
which of a cell's visits they can take. This model keeps the visits exact and relaxes only
who goes:

- a 0/1 visit per suite, day and band where two of the panel are free (available, not away,
  the suite open, the band allowed), at most one a day, exactly what each suite-week requires
  (every visit filled, as the solver does at every size), and each part's weekday and band
  counts within fair share +- 1 (``rota_slots_bound.share``);
- per volunteer, suite on their panel, calendar month and cell (weekday, band) they are
  available at, integer places, at most that cell's visits that month on days they are not
  away; a cell's places that month are 2 x its visits; probationers at most one a visit;
- the monthly limit exactly; at most one visit a day; for each run of 3 weekdays in a row, at
  most one visit a block of such days within the month (the spacing rule, by month);
- the plain load of everyone counted (``could_go``) in [L, L + d], d minimised.

Left out: which visit of a cell a person takes within the month (so the spacing rule across a
month's end and within a block is only counted by block), pairs, people to avoid, pattern
repeats. Every rota the solver could make with full coverage and each part's rule is a
solution, so a least d above 3 proves the target impossible under the rule; ``--hint-seed``
starts the search from the solver's rota of that seed (itself a solution).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

try:
    from rota_slots_bound import Answer, share, weekday_runs  # run from bench/
except ImportError:
    from bench.rota_slots_bound import Answer, share, weekday_runs

from icv.rota.engine.horizon import parts
from icv.rota.engine.problem import Problem, Visit, parse_problem
from icv.rota.engine.quality import could_go, required_visits

Month = tuple[int, int]


def least_spread_by_month(
    problem: Problem, seconds: float, workers: int = 1, hint: list[Visit] | None = None
) -> Answer:
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    size = problem.visitors_per_visit
    required = required_visits(problem)
    weeks = problem.weeks()
    #: (suite, day, band) -> its 0/1 visit
    visits: dict[tuple[str, date, str], cp_model.IntVar] = {}
    for suite in problem.suites:
        panel = [v for v in problem.volunteers if suite.id in v.suites]
        for label, monday in weeks:
            week = []
            for day in (monday + timedelta(days=i) for i in range(7)):
                if not required[suite.id, label] or suite.closed_on(day):
                    continue
                today = []
                for band in problem.suite_bands(suite):
                    free = [
                        v
                        for v in panel
                        if (day.weekday(), band) in v.available and not problem.kept_off(v, day)
                    ]
                    if len(free) >= size:
                        y = model.new_bool_var(f"{suite.id}@{day}/{band}")
                        visits[suite.id, day, band] = y
                        today.append(y)
                model.add(sum(today) <= 1)
                week += today
            model.add(sum(week) == required[suite.id, label])
    for part in parts(problem):
        first, last = part.weeks()[0][1], part.weeks()[-1][1] + timedelta(days=6)
        for suite in part.suites:
            mine = {k: y for k, y in visits.items() if k[0] == suite.id and first <= k[1] <= last}
            wanted = sum(required[suite.id, label] for label, _ in part.weeks())
            low, high = share(wanted, 7)
            for w in range(7):
                chosen = [y for (_, day, _), y in mine.items() if day.weekday() == w]
                model.add_linear_constraint(sum(chosen), low, high)
            bands = part.suite_bands(suite)
            low, high = share(wanted, len(bands))
            for b in bands:
                model.add_linear_constraint(sum(y for k, y in mine.items() if k[2] == b), low, high)
    #: (suite, month, weekday, band) -> that cell's visits, day by day
    cells: dict[tuple[str, Month, int, str], list[tuple[date, cp_model.IntVar]]] = defaultdict(list)
    for (suite_id, day, band), y in visits.items():
        cells[suite_id, (day.year, day.month), day.weekday(), band].append((day, y))
    days_of: dict[Month, list[date]] = defaultdict(list)
    for _, monday in weeks:
        for day in (monday + timedelta(days=i) for i in range(7)):
            days_of[day.year, day.month].append(day)
    windows = {
        month: weekday_runs(days, max(problem.min_days_between, 1))
        for month, days in days_of.items()
    }
    load: dict[str, list] = defaultdict(list)
    places_at: dict[tuple[str, Month, int, str], list] = defaultdict(list)
    probationers_at: dict[tuple[str, Month, int, str], list] = defaultdict(list)
    named: dict[tuple[str, str, Month, int, str], cp_model.IntVar] = {}
    for v in problem.volunteers:
        by_month: dict[Month, dict[int, list]] = defaultdict(lambda: defaultdict(list))
        for key, chosen in sorted(cells.items()):
            suite_id, month, w, band = key
            if suite_id not in v.suites or (w, band) not in v.available:
                continue
            there = [y for day, y in chosen if not problem.kept_off(v, day)]
            if not there:
                continue
            x = model.new_int_var(0, len(there), f"x{v.id}{key}")
            model.add(x <= sum(there))
            named[v.id, suite_id, month, w, band] = x
            places_at[key].append(x)
            if v.probation:
                probationers_at[key].append(x)
            by_month[month][w].append(x)
            load[v.id].append(x)
        for month, weekdays in by_month.items():
            if v.max_per_month is not None:
                model.add(sum(x for xs in weekdays.values() for x in xs) <= v.max_per_month)
            for w, xs in weekdays.items():
                model.add(sum(xs) <= sum(day.weekday() == w for day in days_of[month]))
            for run, blocks in windows[month]:
                xs = [x for w in run for x in weekdays.get(w, [])]
                if xs:
                    model.add(sum(xs) <= blocks)
    for key, chosen in cells.items():
        model.add(sum(places_at[key]) == size * sum(y for _, y in chosen))
        if len(probationers_at[key]) > 1:
            model.add(sum(probationers_at[key]) <= sum(y for _, y in chosen))
    top = sum(required.values())
    floor, spread = model.new_int_var(0, top, "L"), model.new_int_var(0, top, "d")
    for person in could_go(problem):
        model.add(sum(load[person]) >= floor)
        model.add(sum(load[person]) <= floor + spread)
    model.minimize(spread)
    if hint is not None:
        _hint(model, visits, named, hint)
        loads = [sum(person in v.volunteers for v in hint) for person in could_go(problem)]
        model.add_hint(floor, min(loads))
        model.add_hint(spread, max(loads) - min(loads))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    chosen = sorted(key for key, y in visits.items() if found and solver.value(y))
    return Answer(
        slots=chosen,
        spread=solver.value(spread) if found else -1,
        bound=round(solver.best_objective_bound),
        optimal=status == cp_model.OPTIMAL,
        seconds=solver.wall_time,
        floor=solver.value(floor) if found else -1,
    )


def _hint(model, visits, named, rota: list[Visit]) -> None:
    """Start from ``rota``: its visits, and each person's places by suite, month and cell."""
    slots = {(v.suite, v.date, v.band) for v in rota}
    for key, y in visits.items():
        model.add_hint(y, key in slots)
    places: dict[tuple, int] = defaultdict(int)
    for visit in rota:
        day = visit.date
        for person in visit.volunteers:
            places[person, visit.suite, (day.year, day.month), day.weekday(), visit.band] += 1
    for key, x in named.items():
        model.add_hint(x, places.get(key, 0))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=["metropolitan-26w", "metropolitan-52w"])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--hint-seed", type=int, help="start from the solver's rota of this seed")
    parser.add_argument("--save", type=Path, help="write the slots found as JSON to this file")
    args = parser.parse_args(argv)
    from rota_instances import instance

    for name in args.names:
        problem = replace(parse_problem(instance(name)), allocation="day")
        started = time.perf_counter()
        hint = None
        if args.hint_seed is not None:
            from icv.rota.engine.solver import solve

            hint = solve(replace(problem, seed=args.hint_seed)).visits
        answer = least_spread_by_month(problem, args.seconds, args.workers, hint)
        proof = "proven least" if answer.optimal else f"proven >= {answer.bound}"
        if args.save:
            slots = [[suite, day.isoformat(), band] for suite, day, band in answer.slots]
            args.save.write_text(json.dumps(slots))
        took = time.perf_counter() - started
        print(
            f"{name}: least plain load spread by month {answer.spread} ({proof}; loads "
            f"{answer.floor} to {answer.floor + answer.spread}), {took:.1f} s"
        )


if __name__ == "__main__":
    main()
