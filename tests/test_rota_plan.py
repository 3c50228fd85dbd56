"""The solver's bookkeeping and moves: what ``Plan.free`` says agrees with the checker, and
the evener reaches an idle volunteer by an augmenting path."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from bench.rota_instances import SHAPES, generate
from icv.rota.engine import retime
from icv.rota.engine.checker import violations
from icv.rota.engine.index import Index
from icv.rota.engine.plan import Plan
from icv.rota.engine.problem import Visit, parse_problem
from icv.rota.engine.solver import _visits

PERSONAL = {"same_day", "spacing", "monthly"}


def rules_allow(problem, plan: Plan, n: int, t: int) -> bool:
    """Whether the checker finds no spacing or monthly problem for ``n`` going on day ``t``."""
    ix, person = plan.ix, plan.ix.volunteers[n].id
    extra = Visit(ix.suites[0].id, ix.date(t), ix.bands[0], (person,))
    found = violations(problem, [*_visits(plan), extra])
    return not any(v.rule in PERSONAL and person in v.volunteers for v in found)


def test_free_agrees_with_the_rules_after_adding_and_removing_visits():
    raw = generate(SHAPES["small-4"], 3)
    problem = parse_problem(raw)
    # one volunteer has visits booked elsewhere: the day before the period and one inside it
    first = problem.weeks()[0][1]
    booked = (first - timedelta(days=1), first + timedelta(days=16))
    people = (replace(problem.volunteers[0], max_per_month=2, booked=booked),)
    problem = replace(problem, volunteers=people + problem.volunteers[1:])
    ix, rng = Index(problem, 0), random.Random(5)
    plan = Plan(ix)
    slots = sorted(ix.candidates)
    for step in range(40):
        if plan.visits and rng.random() < 0.3:
            plan.remove(rng.choice(sorted(plan.visits)))
        else:
            s, t, b = rng.choice(slots)
            free = [n for n in ix.candidates[s, t, b] if plan.free(n, t)]
            if (s, t) not in plan.suite_day and len(free) >= ix.k:
                plan.add(s, t, b, tuple(sorted(rng.sample(free, ix.k))))
        if step % 8 == 7:
            for n in range(len(ix.volunteers)):
                for t in range(len(ix.dates)):
                    assert plan.free(n, t) == rules_allow(problem, plan, n, t), (n, t)


def idle_behind_a_busy_partner():
    """Two weeks, one band. At Leamington (A) Pat and Xan go on Mondays; at Bedworth (B) Max
    and Quin on Wednesday, then Thursday. Nia, free only on Wednesdays for A, needs Max, who
    is at B that Wednesday: moving A's Monday to Wednesday needs Max taken from B and B
    filled again with Quin and Rae, who is free then."""
    day = [{"id": "day", "start": "10:00", "end": "14:00"}]

    def person(name, suites, weekdays):
        return {"id": name, "suites": suites, "available": [[d, "day"] for d in weekdays]}

    raw = {
        "period": {"start": "2027-02-01", "end": "2027-02-14"},
        "bands": day,
        "suites": [{"id": "A", "visits_per_week": 1}, {"id": "B", "visits_per_week": 1}],
        "volunteers": [
            person("Nia", ["A"], [2]),
            person("Max", ["A", "B"], [0, 2, 3]),
            person("Pat", ["A"], [0]),
            person("Xan", ["A"], [0]),
            person("Quin", ["B"], [2, 3]),
            person("Rae", ["B"], [2]),
        ],
    }
    problem = parse_problem(raw)
    plan = Plan(Index(problem, 0))
    for s, t, group in [(0, 0, (2, 3)), (0, 7, (2, 3)), (1, 2, (1, 4)), (1, 10, (1, 4))]:
        plan.add(s, t, 0, group)
    plan.commit()
    return problem, plan


def test_the_evener_gives_an_idle_volunteer_a_visit_by_an_augmenting_path():
    problem, plan = idle_behind_a_busy_partner()
    evener = retime.Evener(plan, random.Random(0), tries=50)
    assert not evener._first_kept(retime.gives(plan, 0))  # no partner free by moving A alone
    assert evener._give(0)
    assert violations(problem, _visits(plan)) == []
    assert plan.score[0] == 0  # every visit still filled
    assert [(v.suite, v.date, v.volunteers) for v in _visits(plan) if v.date.day < 8] == [
        ("A", date(2027, 2, 3), ("Max", "Nia")),
        ("B", date(2027, 2, 3), ("Quin", "Rae")),
    ]
