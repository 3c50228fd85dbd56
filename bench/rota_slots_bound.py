"""The least plain load spread any times could give a long rota, by its parts' spread rule.

    .venv/bin/pip install -e '.[bench]'
    cd bench && ../.venv/bin/python rota_slots_bound.py [metropolitan-52w ...] [--seconds 300]
        [--generator-seed N] [--workers 1]

``least_spread.py`` bounds the plain load spread (``Quality.load_spread``, over everyone who
``could_go``) of any rota at the slots a rota chose. This asks the question one step back:
whatever slots the solver chose, as long as each part (``horizon.parts``: 13 weeks) keeps every
suite's weekdays and bands within fair share +- 1 (the score's spread term, ``plan.beyond``),
how narrow could the year's plain load spread be? It reads the instance only, never the
solver, so it is the same for every solver seed.

An aggregated integer model (OR-Tools CP-SAT), a relaxation of the rota's rules:

- per suite, part and cell (weekday, band the suite allows) an integer count of visits, at
  most the days of that weekday in the part on which the suite is open in a week that needs a
  visit; the counts of a suite and part add up to the visits its weeks require, and its counts
  per weekday and per band each lie in [floor(n / kinds) - 1, ceil(n / kinds) + 1];
- per volunteer, suite on their panel, part and cell at which they are available, an integer
  number of places, at most the cell's count (one place a visit) and at most the days of that
  weekday in the part on which they are not away; a cell's places add up to the visit size
  times its count; probationers take at most one place a visit;
- per volunteer and part, at most their monthly limit times the calendar months the part's
  weeks touch, and over the period at most the limit times the months the period touches
  (a relaxation of the monthly limit, which counts calendar months, not parts); at most one
  visit a day on each weekday;
- the load of everyone counted (``could_go``) in [L, L + d]; minimise d.

Left out: the weekly counts (only each part's sum is kept), away days beyond the per-weekday
count, the spacing rule, pairs, people to avoid, TACT, pattern repeats. So every rota whose
parts keep the spread rule is a solution of the model, and if the model's least d is above 3,
no such rota has a plain load spread of 3 or less: proven. A least d of 3 or less proves
nothing either way (the rules left out might still forbid it).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from icv.rota.engine.horizon import parts
from icv.rota.engine.problem import Problem, parse_problem
from icv.rota.engine.quality import could_go, required_visits

Cell = tuple[int, str]  # (weekday, band id)


@dataclass(frozen=True)
class Answer:
    """The least spread CP-SAT found, the bound it proved, and how long it took."""

    spread: int
    bound: int
    optimal: bool
    seconds: float
    floor: int
    #: (part, suite id, weekday, band id) -> visits, in the solution found
    counts: dict[tuple[int, str, int, str], int] | None = None
    #: the (suite id, date, band id) of the visits found, where the model places them
    slots: list[tuple[str, date, str]] = field(default_factory=list)


def share(n: int, kinds: int) -> tuple[int, int]:
    """The counts one of ``kinds`` may have out of ``n`` without adding to the spread term."""
    return max(0, n // kinds - 1), -(-n // kinds) + 1


def _open_days(part: Problem, suite_id: str) -> dict[int, list[date]]:
    """Weekday -> the days of the part on which suite ``suite_id`` could have a visit."""
    suite = part.suite_by_id[suite_id]
    required = required_visits(part)
    days: dict[int, list[date]] = defaultdict(list)
    for label, monday in part.weeks():
        if not required[suite_id, label]:
            continue
        for offset in range(7):
            day = monday + timedelta(days=offset)
            if not suite.closed_on(day):
                days[offset].append(day)
    return days


def weekday_runs(days: list[date], gap: int) -> list[tuple[tuple[int, ...], int]]:
    """For each run of ``gap`` weekdays in a row (Saturday, Sunday, Monday wraps): the
    weekdays, and how many blocks of consecutive days of those weekdays the part has. Two
    visits of one person are at least ``gap`` days apart, so at most one falls in a block."""
    found = []
    for first in range(7):
        weekdays = tuple(sorted({(first + i) % 7 for i in range(min(gap, 7))}))
        blocks = sum(
            day.weekday() in weekdays
            and (
                i == 0
                or days[i - 1] != day - timedelta(days=1)
                or days[i - 1].weekday() not in weekdays
            )
            for i, day in enumerate(days)
        )
        found.append((weekdays, blocks))
    return found


def _months(days: list[date]) -> int:
    return len({(day.year, day.month) for day in days})


def least_year_spread(
    problem: Problem, seconds: float = 300.0, workers: int = 1, at_most: int | None = None
) -> Answer:
    """Minimise the plain load spread of the aggregated model (or, with ``at_most``, only ask
    whether it can be at most that: then ``spread`` is -1 when it cannot)."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    size = problem.visitors_per_visit
    pieces = parts(problem)
    load: dict[str, list] = defaultdict(list)
    cells = {}
    for p, part in enumerate(pieces):
        required = required_visits(part)
        part_days = [monday + timedelta(days=i) for _, monday in part.weeks() for i in range(7)]
        #: volunteer id -> weekday -> their places on that weekday in this part
        by_weekday: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
        per_part: dict[str, list] = defaultdict(list)
        for suite in part.suites:
            wanted = sum(required[suite.id, label] for label, _ in part.weeks())
            if not wanted:
                continue
            bands = part.suite_bands(suite)
            days = _open_days(part, suite.id)
            counts = {
                (w, b): model.new_int_var(0, len(days[w]), f"n{p}{suite.id}{w}{b}")
                for w in range(7)
                for b in bands
            }
            model.add(sum(counts.values()) == wanted)
            cells.update({(p, suite.id, w, b): var for (w, b), var in counts.items()})
            low, high = share(wanted, 7)
            for w in range(7):
                model.add_linear_constraint(sum(counts[w, b] for b in bands), low, high)
            low, high = share(wanted, len(bands))
            for b in bands:
                model.add_linear_constraint(sum(counts[w, b] for w in range(7)), low, high)
            on_panel = [v for v in part.volunteers if suite.id in v.suites]
            for (w, b), count in counts.items():
                places, probationers = [], []
                for v in on_panel:
                    if (w, b) not in v.available:
                        continue
                    free = sum(not v.away_on(day) for day in days[w])
                    if not free:
                        continue
                    x = model.new_int_var(0, free, f"x{p}{v.id}{suite.id}{w}{b}")
                    model.add(x <= count)
                    places.append(x)
                    by_weekday[v.id][w].append(x)
                    per_part[v.id].append(x)
                    load[v.id].append(x)
                    if v.probation:
                        probationers.append(x)
                model.add(sum(places) == size * count)
                if len(probationers) > 1:
                    model.add(sum(probationers) <= count)
        months = _months(part_days)
        windows = weekday_runs(part_days, max(problem.min_days_between, 1))
        for v in part.volunteers:
            for w, places in by_weekday[v.id].items():
                model.add(sum(places) <= sum(d.weekday() == w for d in part_days))
            for weekdays, blocks in windows:
                places = [x for w in weekdays for x in by_weekday[v.id].get(w, [])]
                if places:
                    model.add(sum(places) <= blocks)
            if v.max_per_month is not None and per_part[v.id]:
                model.add(sum(per_part[v.id]) <= v.max_per_month * months)
    period_days = [m + timedelta(days=i) for _, m in problem.weeks() for i in range(7)]
    for v in problem.volunteers:
        if v.max_per_month is not None and load[v.id]:
            model.add(sum(load[v.id]) <= v.max_per_month * _months(period_days))
    top = sum(required_visits(problem).values())
    floor = model.new_int_var(0, top, "L")
    spread = model.new_int_var(0, top, "d")
    for person in could_go(problem):
        total = sum(load[person])
        model.add(total >= floor)
        model.add(total <= floor + spread)
    if at_most is None:
        model.minimize(spread)
    else:
        model.add(spread <= at_most)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if at_most is not None:
        if status == cp_model.INFEASIBLE:
            return Answer(-1, at_most + 1, True, solver.wall_time, -1)
        if not found:
            return Answer(-2, 0, False, solver.wall_time, -1)  # not answered in time
        value, counts = solver.value(spread), {k: solver.value(v) for k, v in cells.items()}
        return Answer(value, 0, False, solver.wall_time, solver.value(floor), counts)
    return Answer(
        spread=solver.value(spread) if found else -1,
        bound=round(solver.best_objective_bound),
        optimal=status == cp_model.OPTIMAL,
        seconds=solver.wall_time,
        floor=solver.value(floor) if found else -1,
        counts={k: solver.value(v) for k, v in cells.items()} if found else None,
    )


def witness(
    problem: Problem,
    spread: int,
    seconds: float,
    workers: int = 1,
    hint: list | None = None,
    slots: set[tuple[str, date, str]] | None = None,
) -> Answer:
    """Look for a real rota (``rota_exact.rota_model``: every hard rule) that fills every
    required visit, keeps each part's weekdays and bands within fair share +- 1 and has a plain
    load spread of at most ``spread``: an answer the other way, if one is found in time.
    ``hint``: a rota's visits to start the search from (e.g. the solver's); ``slots``: the
    (suite id, date, band id) of the visits, fixed (then only the people are looked for)."""
    from ortools.sat.python import cp_model

    try:
        from rota_exact import rota_model  # run from bench/, as the other scripts
    except ImportError:
        from bench.rota_exact import rota_model

    model, visits, goes = rota_model(problem)
    model.add(sum(visits.values()) == sum(required_visits(problem).values()))
    for part in parts(problem):
        spread_rule(model, part, visits)
    top = sum(required_visits(problem).values())
    floor = model.new_int_var(0, top, "L")
    for person in could_go(problem):
        load = sum(var for _, var in goes[person])
        model.add(load >= floor)
        model.add(load <= floor + spread)
    for key, var in visits.items() if slots is not None else ():
        model.add(var == (key in slots))
    if hint is not None:
        _hint(model, visits, goes, hint)
        model.add_hint(floor, min(sum(p in v.volunteers for v in hint) for p in could_go(problem)))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Answer(spread, 0, True, solver.wall_time, solver.value(floor))
    proven = status == cp_model.INFEASIBLE
    return Answer(-1 if proven else -2, 0, proven, solver.wall_time, -1)


def spread_rule(model, part: Problem, visits) -> None:
    """Each suite's weekdays and bands within fair share +- 1 over ``part`` (``visits``: the
    model's visit variables by (suite id, date, band id), of the part's days or more)."""
    first, last = part.weeks()[0][1], part.weeks()[-1][1] + timedelta(days=6)
    for suite in part.suites:
        bands = part.suite_bands(suite)
        mine = {
            key: var
            for key, var in visits.items()
            if key[0] == suite.id and first <= key[1] <= last
        }
        wanted = sum(required_visits(part)[suite.id, label] for label, _ in part.weeks())
        low, high = share(wanted, 7)
        for w in range(7):
            chosen = [var for (_, day, _), var in mine.items() if day.weekday() == w]
            model.add_linear_constraint(sum(chosen), low, high)
        low, high = share(wanted, len(bands))
        for b in bands:
            model.add_linear_constraint(
                sum(var for (_, _, band), var in mine.items() if band == b), low, high
            )


def _hint(model, visits, goes, rota: list) -> None:
    """Hint the visits and places of ``rota`` (the model names a place "person:suite@day/band")."""
    slots = {(v.suite, v.date, v.band) for v in rota}
    places = {f"{p}:{v.suite}@{v.date}/{v.band}" for v in rota for p in v.volunteers}
    for key, var in visits.items():
        model.add_hint(var, key in slots)
    for chosen in goes.values():
        for _, var in chosen:
            model.add_hint(var, var.name in places)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=["metropolitan-26w", "metropolitan-52w"])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--generator-seed", type=int, help="another draw of the instance")
    parser.add_argument(
        "--witness", type=int, metavar="D", help="look for a real rota of load spread <= D"
    )
    parser.add_argument(
        "--slots", type=Path, help="with --witness: the visits' slots, fixed (rota_slots_month)"
    )
    parser.add_argument(
        "--hint-seed", type=int, help="with --witness: start from the solver's rota of this seed"
    )
    args = parser.parse_args(argv)
    from rota_instances import instance  # run from bench/, as the other scripts

    for name in args.names:
        raw = instance(name, args.generator_seed)
        problem = replace(parse_problem(raw), allocation="day")
        started = time.perf_counter()
        if args.witness is not None:
            hint = None
            if args.hint_seed is not None:
                from icv.rota.engine.solver import solve

                hint = solve(replace(problem, seed=args.hint_seed)).visits
            slots = None
            if args.slots is not None:
                raw_slots = json.loads(args.slots.read_text())
                slots = {(s, date.fromisoformat(d), b) for s, d, b in raw_slots}
            found = witness(problem, args.witness, args.seconds, args.workers, hint, slots)
            found_words = f"found (loads {found.floor} to at most {found.floor + args.witness})"
            words = {-1: "none exists (proven)", -2: "none found in time"}
            print(
                f"{name}: a rota with every hard rule, full coverage, each part's spread rule "
                f"and plain load spread <= {args.witness}: "
                f"{words.get(found.spread, found_words)}, {found.seconds:.1f} s"
            )
            continue
        answer = least_year_spread(problem, args.seconds, args.workers)
        proof = "proven least" if answer.optimal else f"best found, proven >= {answer.bound}"
        print(
            f"{name}: {len(parts(problem))} parts, {len(could_go(problem))} counted; "
            f"least plain load spread {answer.spread} ({proof}; loads {answer.floor} to "
            f"{answer.floor + answer.spread}), {time.perf_counter() - started:.1f} s"
        )


if __name__ == "__main__":
    main()
