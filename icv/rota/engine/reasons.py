"""Why a required visit is unfilled, diagnosed from the data, as a code a coordinator can act on.

Each gap gets the reason that applies to it: who could go that week, and what stops each of
them (their monthly limit, another visit too close, the people they could go with), counted,
rather than one sentence naming every possible cause. ``diagnose`` does the same for a rota as
it stands after changes by hand. Each reason is a code and its parameters; ``reason_words``
writes it in English (the solver's JSON) or, given the page's translations, the reader's
language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from icv.rota.engine.index import Index
from icv.rota.engine.plan import Plan
from icv.rota.engine.problem import Problem, Unfilled, Visit
from icv.rota.engine.reason_words import words


def unfilled(plan: Plan) -> list[Unfilled]:
    """One entry per required visit the plan leaves unfilled."""
    gaps = []
    for s, weeks in enumerate(plan.ix.required):
        for w in range(len(weeks)):
            missing = plan.missing(s, w)
            if missing > 0:
                suite, week = plan.ix.suites[s].id, plan.ix.week_labels[w]
                gaps += [why.unfilled(suite, week) for why in _reasons(plan, s, w, missing)]
    return gaps


def diagnose(problem: Problem, visits: Iterable[Visit]) -> list[Unfilled]:
    """The unfilled required visits of a rota as it stands (its visits may have been changed
    by hand since the solver made it), each with the reason that applies now. Visits the
    rules do not count (an unknown suite, band or volunteer, a day outside the weeks) are
    left out, as the checker leaves them out of coverage."""
    ix = Index(problem, problem.seed)
    plan = Plan(ix)
    suites, people = ix.suite_at, ix.person_at
    bands = {band: b for b, band in enumerate(ix.bands)}
    for visit in visits:
        t = (visit.date - ix.first).days
        if ix.weekly:  # the next free place of the suite's week (weekly.py)
            t = next(
                (d for d in range(t, t + 7) if (suites.get(visit.suite), d) not in plan.suite_day),
                t,
            )
        if visit.suite in suites and visit.band in bands and 0 <= t < len(ix.dates):
            group = tuple(sorted(people[p] for p in set(visit.volunteers) if p in people))
            plan.add(suites[visit.suite], t, bands[visit.band], group)
    return unfilled(plan)


def _reasons(plan: Plan, s: int, w: int, missing: int) -> list[Why]:
    ix = plan.ix
    where = {"suite": ix.suites[s].label}
    panel = [n for n, v in enumerate(ix.volunteers) if ix.suites[s].id in v.suites]
    if not panel:
        return [Why("no_panel", where)] * missing
    if len(panel) < ix.k:
        return [Why("small_panel", {**where, "count": len(panel)})] * missing
    where |= {"week": ix.week_labels[w], "visitors": ix.k}
    slots = ix.slots[s][w]
    if not slots:
        return [Why("none_available", where)] * missing
    slots = [(t, b) for t, b in slots if _tact_candidate(ix, s, t, b)]
    if not slots:
        return [Why("no_tact", where)] * missing
    valid = [(t, b) for t, b in slots if _can_form(ix, ix.candidates[s, t, b], True)]
    if not valid:
        if any(_can_form(ix, ix.candidates[s, t, b], False) for t, b in slots):
            return [Why("avoid", where)] * missing
        return [Why("only_probationers", where)] * missing
    days = len({t for t, _ in valid})
    short = min(missing, ix.required[s][w] - days) if days < ix.required[s][w] else 0
    reasons = [Why("few_days", {**where, "days": days})] * short
    return reasons + [_busy(plan, s, valid, where)] * (missing - short)


def _tact_candidate(ix, s: int, t: int, b: int) -> bool:
    """Whether a candidate of the slot keeps the TACT rule (always, at other suites)."""
    people = tuple(ix.volunteers[n].id for n in ix.candidates[s, t, b])
    return ix.problem.tact_ok(ix.suites[s].id, ix.dates[t], people)


def _can_form(ix, people, with_avoid: bool) -> bool:
    """Whether some k of ``people`` may go together (probation, and avoid if asked)."""
    for group in combinations(people, ix.k):
        if sum(ix.probation[n] for n in group) <= 1 and (not with_avoid or ix.valid_group(group)):
            return True
    return False


@dataclass(frozen=True)
class Why:
    """A reason as a code and its parameters (the words are written where it is read)."""

    code: str
    params: dict

    def unfilled(self, suite: str, week: str) -> Unfilled:
        """The gap, with the reason's English words beside its code (the solver's JSON)."""
        return Unfilled(suite, week, words(self.code, self.params), self.code, self.params)


@dataclass
class Busy:
    """Who could go to a suite in a week, on the days it has no visit yet, and what stops them:
    ``free`` can still go on some day; ``full`` have reached their monthly limit on every
    day they could go; ``near`` have another visit too close on at least one of them."""

    free: set[int]
    full: set[int]
    near: set[int]
    #: a day on which k of the free people may go together (the gap could be filled)
    room: bool
    #: a day with k free people who may not go together (probation, people to avoid)
    unpaired: bool


def _who_is_busy(plan: Plan, s: int, open_slots: list[tuple[int, int]]) -> Busy:
    ix = plan.ix
    free: set[int] = set()
    blocked: dict[int, set[str]] = {}
    room = unpaired = False
    for t, b in open_slots:
        free_now = []
        for n in ix.candidates[s, t, b]:
            at_limit = plan.in_month[n][ix.month[t]] >= ix.limit[n]
            if not at_limit and not plan.near[n][t]:
                free_now.append(n)
            else:
                blocked.setdefault(n, set()).add("full" if at_limit else "near")
        free.update(free_now)
        if len(free_now) >= ix.k:
            fits = any(ix.valid_group(g, s, t) for g in combinations(free_now, ix.k))
            room, unpaired = room or fits, unpaired or not fits
    stuck = {n: why for n, why in blocked.items() if n not in free}
    full = {n for n, why in stuck.items() if why == {"full"}}
    return Busy(free, full, set(stuck) - full, room, unpaired)


def _busy(plan: Plan, s: int, valid: list[tuple[int, int]], where: dict) -> Why:
    """The reason when people could go in principle but the rest of the rota uses them."""
    ix = plan.ix
    open_slots = [(t, b) for t, b in valid if (s, t) not in plan.suite_day]
    if not open_slots:
        return Why("every_day_taken", where)
    busy = _who_is_busy(plan, s, open_slots)
    if busy.room:
        return Why("add_a_visit", where)
    if busy.unpaired:
        return Why("not_together", where)
    gap = ix.problem.min_days_between
    close = {"close": "day"} if gap <= 1 else {"close": "days", "gap": gap}
    if ix.weekly:
        close = {"close": "week"}
    return _counted(busy, {**where, **close})


def _counted(busy: Busy, where: dict) -> Why:
    """What stops the people available: one cause for everyone, or how many each cause stops."""
    if not busy.free and not busy.near:
        return Why("all_at_limit", where)
    if not busy.free and not busy.full:
        return Why("all_near", where)
    total = len(busy.free) + len(busy.full) + len(busy.near)
    counts = {"total": total, "full": len(busy.full), "near": len(busy.near)}
    if busy.free:
        return Why("some_free", {**where, **counts, "free": len(busy.free)})
    return Why("none_free", {**where, **counts})
