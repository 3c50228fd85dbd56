"""Exact answers for the rota benchmark, by integer programming (OR-Tools CP-SAT).

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/rota_exact.py INSTANCE.json [--seconds 120] [--workers 1]
        [--quality [repeats] [load]]

Prints the most required visits the hard rules allow, and whether CP-SAT proved it (else the
best found and the proven upper bound). With ``--quality``, also, among rotas with that many
visits, the fewest pattern repeats and/or the smallest load spread (each on its own). It reads only
the instance and never uses the solver, so the benchmark can compare the two independently.

Model: y[s,d,b] = 1 if suite s is visited on day d in band b; x[v,s,d,b] = 1 if volunteer v goes.
A visit has exactly visitors_per_visit people, each on the panel, available, not away, at most
one on probation, no avoid pair; a suite gets at most one visit a day and at most its visits a
week (never more than it needs, so every visit counts); each volunteer has at most one visit in
any min_days_between consecutive days and at most max_per_month in a calendar month.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from icv.rota.engine.checker import required_visits
from icv.rota.engine.problem import Problem, parse_problem
from icv.rota.engine.quality import could_go

#: CP-SAT workers: one core, like the solver it is compared with (``--workers`` for more).
WORKERS = 1


@dataclass(frozen=True)
class Exact:
    """The best value CP-SAT found, the bound it proved, and whether they meet."""

    value: int
    bound: int
    optimal: bool
    seconds: float


def maximum_coverage(problem: Problem, seconds: float = 120.0) -> Exact:
    model, visits, _ = rota_model(problem)
    model.maximize(sum(visits.values()))
    return _solve(model, seconds)


def least_repeats(problem: Problem, filled: int, seconds: float = 120.0) -> Exact:
    """The fewest visits at the same weekday and band as their suite's visit a week before."""
    return _least(problem, filled, _repeats, seconds)


def least_load_spread(problem: Problem, filled: int, seconds: float = 120.0) -> Exact:
    """The smallest most-minus-fewest visits over the volunteers who could have gone."""
    return _least(problem, filled, _load_spread, seconds)


def _repeats(_problem: Problem, model, visits, _goes):
    repeats = []
    for (suite, day, band), visit in visits.items():
        before = visits.get((suite, day - timedelta(days=7), band))
        if before is not None:
            both = model.new_bool_var(f"repeat {suite}@{day}/{band}")
            model.add(both >= visit + before - 1)
            repeats.append(both)
    return sum(repeats)


def _load_spread(problem: Problem, model, _visits, goes):
    most = model.new_int_var(0, 400, "most")
    fewest = model.new_int_var(0, 400, "fewest")
    eligible = set(could_go(problem))
    for volunteer in problem.volunteers:
        load = sum(var for _, var in goes[volunteer.id])
        model.add(most >= load)
        if volunteer.id in eligible:
            model.add(fewest <= load)
    return most - fewest


def _least(problem: Problem, filled: int, measure, seconds: float) -> Exact:
    """Minimise ``measure`` among rotas with ``filled`` visits. If that is not proven in
    ``seconds``, ask "is there one with at most k?" upwards from the proven bound, then
    downwards from the best found, each question with ``seconds`` of its own, until one is
    not answered: CP-SAT often answers such a question far sooner than it proves a minimum."""
    model, visits, goes = rota_model(problem)
    model.add(sum(visits.values()) == filled)
    model.minimize(measure(problem, model, visits, goes))
    found = _solve(model, seconds)
    low, high, spent = found.bound, found.value, found.seconds
    while high < 0 or low < high:
        answer, took = _at_most(problem, filled, measure, low, seconds)
        spent += took
        if answer is None:
            break
        low, high = (low, low) if answer else (low + 1, high)
    while 0 <= low < high:
        answer, took = _at_most(problem, filled, measure, high - 1, seconds)
        spent += took
        if answer is None:
            break
        low, high = (low, high - 1) if answer else (high, high)
    return Exact(value=high, bound=low, optimal=low == high, seconds=spent)


def _at_most(problem: Problem, filled: int, measure, k: int, seconds: float):
    """(True, False or None when unanswered, seconds) for "a rota with at most k"."""
    from ortools.sat.python import cp_model

    model, visits, goes = rota_model(problem)
    model.add(sum(visits.values()) == filled)
    model.add(measure(problem, model, visits, goes) <= k)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = WORKERS
    status = solver.solve(model)
    answers = {cp_model.OPTIMAL: True, cp_model.FEASIBLE: True, cp_model.INFEASIBLE: False}
    return answers.get(status), solver.wall_time


def _solve(model, seconds: float) -> Exact:
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = WORKERS
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Exact(
            value=-1,
            bound=round(solver.best_objective_bound),
            optimal=False,
            seconds=solver.wall_time,
        )
    return Exact(
        value=round(solver.objective_value),
        bound=round(solver.best_objective_bound),
        optimal=status == cp_model.OPTIMAL,
        seconds=solver.wall_time,
    )


def rota_model(problem: Problem, places: dict | None = None):
    """The CP-SAT model of the hard rules, its visit variables by (suite, day, band) and each
    volunteer's (day, variable) pairs. Given ``places``, it is filled with each possible
    visit's variables by volunteer id, under the same (suite, day, band)."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    visits: dict[tuple[str, date, str], cp_model.IntVar] = {}
    goes: dict[str, list[tuple[date, cp_model.IntVar]]] = defaultdict(list)
    weeks = dict(problem.weeks())
    for (suite_id, week), need in sorted(required_visits(problem).items()):
        week_visits = []
        for day in (weeks[week] + timedelta(days=i) for i in range(7 if need else 0)):
            day_visits = []
            for band in problem.suite_bands(problem.suite_by_id[suite_id]):
                visit = _visit(model, problem, suite_id, day, band, goes, places)
                if visit is not None:
                    visits[suite_id, day, band] = visit
                    day_visits.append(visit)
            model.add(sum(day_visits) <= 1)
            week_visits += day_visits
        model.add(sum(week_visits) <= need)
    for volunteer in problem.volunteers:
        _volunteer_limits(model, problem, volunteer, goes[volunteer.id])
    return model, visits, goes


def _visit(model, problem: Problem, suite_id: str, day: date, band: str, goes, places=None):
    """The variable of one possible visit and its people, or None if no one could go."""
    suite = problem.suite_by_id[suite_id]
    if suite.closed_on(day):
        return None
    people = [
        v
        for v in problem.volunteers
        if suite_id in v.suites and (day.weekday(), band) in v.available and not v.away_on(day)
    ]
    if len(people) < problem.visitors_per_visit:
        return None
    visit = model.new_bool_var(f"{suite_id}@{day}/{band}")
    chosen = {v.id: model.new_bool_var(f"{v.id}:{suite_id}@{day}/{band}") for v in people}
    model.add(sum(chosen.values()) == problem.visitors_per_visit * visit)
    if places is not None:
        places[suite_id, day, band] = chosen
    model.add(sum(chosen[v.id] for v in people if v.probation) <= 1)
    for v in people:
        goes[v.id].append((day, chosen[v.id]))
        for other in v.avoid:
            if other in chosen:
                model.add(chosen[v.id] + chosen[other] <= 1)
    return visit


def _volunteer_limits(model, problem: Problem, volunteer, goes) -> None:
    for chances, most in limit_groups(problem, volunteer, goes):
        model.add(sum(chances) <= most)


def limit_groups(problem: Problem, volunteer, goes) -> list[tuple[list, int]]:
    """Each limit on one volunteer's ``goes`` ((day, variable) pairs) as (variables, most):
    one visit in any ``min_days_between`` days, and their monthly limit less the visits
    booked outside the problem that month. Only groups that could break their limit."""
    groups = []
    window = timedelta(days=max(problem.min_days_between, 1))
    for first in sorted({day for day, _ in goes}):
        near = [var for day, var in goes if first <= day < first + window]
        if len(near) > 1:
            groups.append((near, 1))
    if volunteer.max_per_month is not None:
        months = defaultdict(list)
        for day, var in goes:
            months[day.year, day.month].append(var)
        for (year, month), chances in sorted(months.items()):
            room = volunteer.max_per_month - volunteer.booked_in(year, month)
            if len(chances) > room:
                groups.append((chances, room))
    return groups


def describe(exact: Exact, what: str) -> str:
    if exact.value < 0:
        return f"{what}: none found in {exact.seconds:.0f} s (bound {exact.bound})"
    proof = "optimal" if exact.optimal else f"best found; bound {exact.bound}"
    return f"{what}: {exact.value} ({proof}, {exact.seconds:.1f} s)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("--seconds", type=float, default=120.0, help="per question")
    parser.add_argument(
        "--quality",
        nargs="*",
        choices=["repeats", "load"],
        help="also the fewest repeats and/or the smallest load spread (both if none named)",
    )
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    global WORKERS  # a command-line setting for the whole run
    WORKERS = args.workers
    problem = parse_problem(json.loads(args.instance.read_text()))
    required = sum(required_visits(problem).values())
    coverage = maximum_coverage(problem, args.seconds)
    print(describe(coverage, f"required visits filled, of {required}"))
    asked = set(args.quality or ["repeats", "load"]) if args.quality is not None else set()
    if asked and coverage.optimal:
        if "repeats" in asked:
            repeats = least_repeats(problem, coverage.value, args.seconds)
            print(describe(repeats, "fewest repeats"))
        if "load" in asked:
            spread = least_load_spread(problem, coverage.value, args.seconds)
            print(describe(spread, "smallest load spread"))


if __name__ == "__main__":
    main()
