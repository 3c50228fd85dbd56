"""The rota solver: ``solve(problem) -> Solution`` (pure Python, deterministic for a seed).

The score, compared lexicographically in the order of docs/rota-problem.md, is kept up to date by
:class:`~icv.rota.engine.plan.Plan` (its docstring defines each part): unfilled required visits;
pattern repeats; weekdays and bands outside their fair share +- 1 per suite; the load (sum of
squared visits per volunteer); repeated pairs; then exact evenness of weekdays and bands. Hard
rules are never broken: every step only adds a visit whose people are candidates of its slot
(panel, availability, not away, suite open, band allowed), free (spacing, monthly limit) and a
valid group (one probationer at most, no avoid pair), on a day the suite has no visit, and
never beyond what a suite-week requires.

A period longer than 13 weeks by day is solved a quarter at a time, each part starting from the
loads, pairs and booked days of the parts before it (:mod:`icv.rota.engine.horizon`, which says
why); a seeded walk over the whole period then narrows the load spread the parts' times left,
moving visits within their week as well as people (:mod:`icv.rota.engine.reslot`). Then one
pass parts the pairs that meet again, moving people and never slots
(:mod:`icv.rota.engine.apart`): on every period, a quarter's too. On a long period a seeded
walk then finds partings that pass leaves (:mod:`icv.rota.engine.anneal`) and the pass runs
once more. Each part, and any shorter period, is first solved as follows.

Method, coverage first:

1. *Bound.* A maximum flow (:mod:`icv.rota.engine.bound`) bounds the visits any rota can fill. As
   soon as a rota reaches it, coverage is proven maximal and the search for coverage stops.
2. *Demand first.* Suite-weeks are filled in order of scarcity (fewest candidates per visit),
   each visit at the slot and with the people that cost least (:mod:`icv.rota.engine.search`).
3. *Augmenting paths* (:mod:`icv.rota.engine.augment`), as in matching: a gap takes a person from
   another visit, whose other people move to another slot or gap, and so on until the last
   person needed is free. Repeated while paths are found.
4. *People first* (:mod:`icv.rota.engine.people`), if a gap is left: the rota is built again
   person by person, the volunteer-month with fewest ways to go first with the partner of fewest
   ways, then steps 2 and 3; the best of these builds is kept.
5. *Large neighbourhood search* (:mod:`icv.rota.engine.coverage`), if a gap is still left: around a
   random gap, force a visit in or take out the nearby visits of the people who could fill it,
   rebuild neediest-first, keep it unless a visit is lost (so gaps wander), and look for
   augmenting paths again; for a number of rounds counted, never timed (:func:`effort`).

Then quality, in the order of the score and never losing a visit:

6. *Repeats and spread.* Every visit in turn is taken out and put back at the best slot of its
   week with the best people (:func:`search.improve`); a few related visits at a time are
   taken out and rebuilt, kept if the score is no worse (:func:`polish.polish`). If a repeat
   is left: a repeated visit is taken out and its week filled again by an augmenting path
   that adds no repeat; then a *walk* keeps every rebuild that leaves coverage and repeats no
   worse whatever it does to the rest, which crosses the plateaus where spread or load hold
   the polish back, and is undone unless it ends with fewer repeats (then polished again).
7. *Load.* Chains of replacements move a visit from a busy volunteer to one with two fewer
   (:mod:`icv.rota.engine.balance`); then, for the volunteers at either end of the load range,
   visits move to other times of their week, with a swap of weekday and band with another
   week of the suite so its spread stays, or by an augmenting path without the busy one
   (:mod:`icv.rota.engine.retime`).
8. *Pairs.* Repeated pairs are swapped apart where the load stays as it is.

Each gap left gets a reason diagnosed from the data (:mod:`icv.rota.engine.reasons`).

Every tie is broken by noise drawn from ``random.Random(seed)``, and every loop runs over sorted
integers (never a set of strings, whose order changes from process to process), so the same
problem and seed give the same rota, and another seed an equally good but different one.
On the benchmark instances (``bench/README.md``) coverage and repeats equal the optimum of an
exact integer program, and the load spread is within 2 wherever panels allow it.
"""

from __future__ import annotations

import random
from datetime import date

from icv.rota.engine import (
    anneal,
    apart,
    balance,
    coverage,
    horizon,
    polish,
    reslot,
    retime,
    search,
)
from icv.rota.engine.augment import Augmenter
from icv.rota.engine.bound import coverage_bound
from icv.rota.engine.index import Index
from icv.rota.engine.people import PeopleFirst
from icv.rota.engine.plan import Plan
from icv.rota.engine.problem import Problem, Solution, Visit
from icv.rota.engine.reasons import unfilled

#: Rounds of the large neighbourhood search between searches for augmenting paths.
ROUNDS = 200
#: Failed searches for an augmenting path (each in a new random order) before giving up.
AUGMENT_TRIES = 3
#: Passes of taking each visit out and putting it back (later passes rarely gain anything).
IMPROVE_PASSES = 4
#: Rounds of the quality search at least (one per four visits on a large rota); it stops sooner
#: after 60 rounds without a gain (more on a small rota, where rounds are cheap).
POLISH_ROUNDS = 150
#: Rounds of the walk among rotas as good on coverage and repeats while a repeat is left: at
#: most this many, on a large rota an eighth (its rounds cost more).
WALK_ROUNDS = 1200
#: Moves in time tried to even the load where swapping people cannot.
RETIME_TRIES = 2000
#: Passes over a long period's visits to part pairs that met before, at the full fairness bound
#: after one at each lower bound (they stop when one parts no pair: apart.pairs_apart).
PAIR_PASSES = 5


def effort(ix: Index) -> tuple[int, int, int]:
    """(people-first builds, rounds of search in all, rounds without a gain before giving up):
    counted, never timed, so the result is reproducible; a small problem affords more."""
    size = max(1, sum(map(sum, ix.required)))
    rounds = min(2500, max(600, 400_000 // size))
    return (3 if size <= 300 else 1), rounds, rounds // 5


def solve(problem: Problem) -> Solution:
    """Solve a period of a quarter or less at once, a longer one quarter by quarter, each part
    starting from what the parts before it planned (:mod:`icv.rota.engine.horizon`)."""
    visits: list[Visit] = []
    unfilled = []
    parts = horizon.parts(problem)
    for part in parts:
        earlier = horizon.Earlier.of(visits) if visits else None
        solution = _solve_part(horizon.with_booked(part, visits), earlier)
        visits += solution.visits
        unfilled += solution.unfilled
    long = len(parts) > 1 or (problem.by_week and len(problem.weeks()) > horizon.PART_WEEKS)
    visits = _over_period(problem, visits, long)
    visits.sort(key=lambda v: (v.date, v.suite, v.band, v.volunteers))
    return Solution(visits=visits, unfilled=unfilled)


def _over_period(problem: Problem, visits: list[Visit], long: bool) -> list[Visit]:
    """The visits over the whole period in one plan, the slots kept and only people moved:
    pairs that meet again parted where the loads allow (:func:`apart.pairs_apart`). A
    quarter's parts leave these because each keeps the load first; the pass trades a little
    evenness, within the bounds of :class:`apart.Bounds`, for partners who have not met.

    A ``long`` period (solved in parts, or by week over more than a quarter) first has the
    load spread the parts' times left narrowed by moving visits within their weeks and people
    (:func:`reslot.narrow`; within one part the Evener has already moved times), and after
    the pass a walk that finds what it could not (:func:`anneal.anneal`) and the pass again.
    On a quarter the walk would part a few more (0 to 9 of about 50 to 170 left on the
    bench's quarters) for ten times the pass's time (bench/README.md)."""
    plan = period_plan(problem, visits)
    if plan is None:
        return visits  # not visits of the whole weeks: leave the parts' rota as it is
    rng = random.Random(problem.seed)
    if long:
        reslot.narrow(plan, rng, reslot.MOVES_PER_VISIT * len(plan.visits))
    bounds = apart.Bounds(plan)
    apart.pairs_apart(plan, rng, PAIR_PASSES)
    if long:
        anneal.anneal(plan, rng, bounds, anneal.MOVES_PER_VISIT * len(plan.visits))
        apart.pairs_apart(plan, rng, PAIR_PASSES)  # its chains part a few the walk did not
    return _visits(plan)


def period_plan(problem: Problem, visits: list[Visit]) -> Plan | None:
    """The visits as one plan of the whole period, committed; None if one of them is not on
    a day of its whole weeks or in one of its bands."""
    ix = Index(problem, problem.seed)
    plan = Plan(ix)
    suite_at, person_at = ix.suite_at, ix.person_at
    for visit in visits:
        s, t = suite_at[visit.suite], (visit.date - ix.first).days
        if ix.weekly:  # the visits of a suite's week take its places in turn (weekly.py)
            t = next((d for d in range(t, t + 7) if (s, d) not in plan.suite_day), -1)
        if not 0 <= t < len(ix.dates) or visit.band not in ix.bands:
            return None
        group = tuple(sorted(person_at[person] for person in visit.volunteers))
        plan.add(s, t, ix.bands.index(visit.band), group)
    plan.commit()
    return plan


def _solve_part(problem: Problem, earlier: horizon.Earlier | None) -> Solution:
    ix = Index(problem, problem.seed, earlier)
    rng = random.Random(problem.seed)
    plan = _more_coverage(ix, rng)
    plan.for_coverage = False
    _repeats_and_spread(plan, rng)
    balance.even_load(plan, rounds=10 * len(ix.volunteers))
    retime.Evener(plan, rng, tries=RETIME_TRIES).run()
    balance.fewer_pairs(plan, rng)
    _drop_untrained_tact(plan)
    search.fill(plan, search.scarcity_order(plan))  # in case moving people freed a gap
    return Solution(visits=_visits(plan), unfilled=unfilled(plan))


def _drop_untrained_tact(plan: Plan) -> None:
    """Take out any visit to a TACT suite without a visitor TACT-trained on its day: the
    steps that move visits to other days or swap people check only probation and avoid, and
    training can run out between two days. The fill after puts a valid group back."""
    for vid, (s, t, _, group) in list(plan.visits.items()):
        if not plan.ix.valid_group(group, s, t):
            plan.remove(vid)


def _repeats_and_spread(plan: Plan, rng: random.Random) -> None:
    """Step 6 of the module docstring."""
    search.improve(plan, rng, IMPROVE_PASSES)
    visits = max(1, len(plan.visits))
    rounds, patience = max(POLISH_ROUNDS, visits // 4), max(60, 2000 // visits)
    polish.polish(plan, rng, rounds, patience)
    if plan.score[1]:
        polish.fewer_repeats(plan, rng)
        before = list(plan.score)
        polish.walk(plan, rng, min(WALK_ROUNDS, max(WALK_ROUNDS // 8, 40_000 // visits)))
        if plan.score != before:
            polish.polish(plan, rng, rounds, patience)
    search.improve(plan, rng, IMPROVE_PASSES // 2)


def _more_coverage(ix: Index, rng: random.Random) -> Plan:
    """Steps 1 to 5 of the module docstring: the plan with the most visits found."""
    fewest = sum(map(sum, ix.required)) - coverage_bound(ix)
    tries, all_rounds, patience = effort(ix)
    plan = _build(ix, rng, people_first=False)
    for _ in range(tries):
        if plan.score[0] <= fewest:
            return plan
        other = _build(ix, rng, people_first=True)
        if other.score < plan.score:
            plan = other
    done, best, since = 0, plan.score[0], 0
    while plan.score[0] > fewest and done < all_rounds and since < patience:
        coverage.rebuild(plan, rng, ROUNDS, stop_at=fewest)
        _augment(plan, rng)
        done, since = done + ROUNDS, since + ROUNDS
        if plan.score[0] < best:
            best, since = plan.score[0], 0
    return plan


def _build(ix: Index, rng: random.Random, people_first: bool) -> Plan:
    plan = Plan(ix)
    if people_first:
        plan.for_coverage = True
        PeopleFirst(plan, rng).run()
    search.fill(plan, search.scarcity_order(plan))
    plan.for_coverage = True
    _augment(plan, rng)
    return plan


def _augment(plan: Plan, rng: random.Random) -> None:
    failures = 0
    while failures < AUGMENT_TRIES and plan.score[0] > 0:
        failures = 0 if Augmenter(plan, rng).run(limit=10**6) else failures + 1
        plan.commit()


def _visits(plan: Plan) -> list[Visit]:
    ix = plan.ix
    visits = []
    for s, t, b, group in plan.visits.values():
        day: date = ix.dates[t]
        people = tuple(sorted(ix.volunteers[n].id for n in group))
        visits.append(Visit(ix.suites[s].id, day, ix.bands[b], people))
    visits.sort(key=lambda v: (v.date, v.suite, v.band, v.volunteers))
    return visits
