"""Why a required visit is unfilled, diagnosed from the data, in words a coordinator can act on."""

from __future__ import annotations

from itertools import combinations

from icv.rota.plan import Plan
from icv.rota.problem import Unfilled


def unfilled(plan: Plan) -> list[Unfilled]:
    """One entry per required visit the plan leaves unfilled."""
    gaps = []
    for s, weeks in enumerate(plan.ix.required):
        for w in range(len(weeks)):
            missing = plan.missing(s, w)
            if missing > 0:
                suite, week = plan.ix.suites[s].id, plan.ix.week_labels[w]
                gaps += [Unfilled(suite, week, reason) for reason in _reasons(plan, s, w, missing)]
    return gaps


def _reasons(plan: Plan, s: int, w: int, missing: int) -> list[str]:
    ix = plan.ix
    name, week = ix.suites[s].label, ix.week_labels[w]
    word = ix.problem.group_word
    panel = [n for n, v in enumerate(ix.volunteers) if ix.suites[s].id in v.suites]
    if not panel:
        return [f"no volunteers on the panel for {name}"] * missing
    if len(panel) < ix.k:
        some = "only one volunteer is" if len(panel) == 1 else f"only {len(panel)} volunteers are"
        return [f"{some} on the panel for {name}"] * missing
    slots = ix.slots[s][w]
    if not slots:
        return [f"no available {word} on the panel for {name} in week {week}"] * missing
    valid = [(t, b) for t, b in slots if _can_form(ix, ix.candidates[s, t, b], True)]
    if not valid:
        if any(_can_form(ix, ix.candidates[s, t, b], False) for t, b in slots):
            reason = (
                f"every {word} available for {name} in week {week} "
                "includes people who avoid each other"
            )
        else:
            reason = f"only probationers are available for {name} in week {week}"
        return [reason] * missing
    days = len({t for t, _ in valid})
    short = min(missing, ix.required[s][w] - days) if days < ix.required[s][w] else 0
    plural = "day" if days == 1 else "days"
    reasons = [f"a {word} is available for {name} on only {days} {plural} in week {week}"] * short
    return reasons + [_busy(plan, s, w, valid)] * (missing - short)


def _can_form(ix, people, with_avoid: bool) -> bool:
    """Whether some k of ``people`` may go together (probation, and avoid if asked)."""
    for group in combinations(people, ix.k):
        if sum(ix.probation[n] for n in group) <= 1 and (not with_avoid or ix.valid_group(group)):
            return True
    return False


def _busy(plan: Plan, s: int, w: int, valid: list[tuple[int, int]]) -> str:
    """The reason when people could go in principle but the rest of the rota uses them."""
    ix = plan.ix
    name, week, gap = ix.suites[s].label, ix.week_labels[w], ix.problem.min_days_between
    full = near = unpaired = False
    for t, b in valid:
        if (s, t) in plan.suite_day:
            continue
        free = 0
        for n in ix.candidates[s, t, b]:
            held, at_limit = plan.blockers(n, t)
            full, near = full or at_limit, near or bool(held)
            free += not held and not at_limit
        unpaired = unpaired or free >= ix.k
    everyone = f"everyone available for {name} in week {week}"
    close = "that day" if gap <= 1 else f"less than {gap} days away"
    if unpaired:
        return f"the volunteers still free for {name} in week {week} may not go together"
    if full and near:
        return f"{everyone} has reached their monthly limit or has another visit {close}"
    if full:
        return f"{everyone} has reached their monthly limit"
    if near:
        return f"{everyone} already has another visit {close}"
    word = ix.problem.group_word
    return f"{name} already has a visit on every day a {word} is available in week {week}"
