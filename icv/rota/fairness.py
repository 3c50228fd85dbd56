"""Fairness the coordinator can see on a rota: visits per volunteer (planned and made) against
the scheme's minimum, pairs doing too large a share of a suite's visits, and who is left out of
the rota and why (reasons from icv/rota/engine/left_out.py, with the record's own first)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from icv.rota import problem_from_db
from icv.rota.engine.left_out import left_out
from icv.rota.models import RotaPeriod, VisitStatus
from icv.rota.rules import concentrated_pairs, minimum_in_period
from icv.settings import get_settings
from icv.suites.models import Suite
from icv.volunteers.models import Volunteer


@dataclass(frozen=True)
class Load:
    volunteer: Volunteer
    planned: int  # on the rota, not cancelled (made ones included)
    made: int  # completed by a report

    def below(self, minimum: int) -> bool:
        return self.planned < minimum


@dataclass(frozen=True)
class PairShare:
    suite: Suite
    names: str
    visits: int
    of: int

    @property
    def percent(self) -> int:
        return round(100 * self.visits / self.of)


@dataclass(frozen=True)
class Fairness:
    minimum: int
    per_month: int
    loads: list[Load]
    pairs: list[PairShare]
    left_out: list[tuple[Volunteer, str]]
    share: int


def of(period: RotaPeriod) -> Fairness:
    settings = get_settings()
    per_month, share = (
        int(settings["minimum_visits_per_month"]),
        int(settings["pair_share_percent"]),
    )
    counted = [v for v in period.visits if v.status != VisitStatus.CANCELLED]
    planned, made = Counter(), Counter()
    built = problem_of(period)
    # The problem's volunteers are the visiting ones: read once, for both.
    people: dict[int, Volunteer] = {v.id: v for v in built.volunteers.values()}
    groups: dict[int, list[tuple[int, ...]]] = defaultdict(list)
    suites: dict[int, Suite] = {}
    for visit in counted:
        ids = tuple(sorted(pv.volunteer_id for pv in visit.visitors))
        groups[visit.suite_id].append(ids)
        suites[visit.suite_id] = visit.suite
        for place in visit.visitors:
            people.setdefault(place.volunteer_id, place.volunteer)
            planned[place.volunteer_id] += 1
            made[place.volunteer_id] += visit.status == VisitStatus.COMPLETED
    loads = sorted(
        (Load(v, planned[i], made[i]) for i, v in people.items()),
        key=lambda load: (load.planned, load.volunteer.user.name),
    )
    return Fairness(
        minimum=minimum_in_period(per_month, period.starts_on, period.ends_on),
        per_month=per_month,
        loads=loads,
        pairs=[
            PairShare(suites[s], " and ".join(people[i].user.name for i in pair), n, total)
            for s, pair, n, total in concentrated_pairs(groups, share)
        ],
        left_out=left_out_of(period, built),
        share=share,
    )


def problem_of(period: RotaPeriod) -> problem_from_db.LiveProblem:
    """The rota's problem judged as on its first day, as the draft was."""
    booked = problem_from_db.booked_nearby(period.id, period.starts_on, period.ends_on)
    return problem_from_db.build_for(period, period.starts_on, booked=booked)


def left_out_of(
    period: RotaPeriod, built: problem_from_db.LiveProblem
) -> list[tuple[Volunteer, str]]:
    """Rosterable volunteers with no visit on the rota, each with why (judged as on its first
    day, as the draft was: ``problem_of``)."""
    reasons = left_out(built.problem, problem_from_db.period_visits(period))
    found = [
        (built.volunteers[key], with_record(reason, record_reason(built.volunteers[key], period)))
        for key, reason in reasons.items()
    ]
    return sorted(found, key=lambda row: row[0].user.name)


def with_record(reason: str, note: str | None) -> str:
    """The solver's reason, or the record's when it explains the whole period away."""
    if note is None:
        return reason
    return note if reason.startswith("away") else f"{reason}; {note}"


def record_reason(volunteer: Volunteer, period: RotaPeriod) -> str | None:
    """What the volunteer's record says stops them, before the solver's reason."""
    for what, last in (
        ("police vetting lapses", volunteer.vetting_expires_on),
        ("their term ends", volunteer.term_ends_on),
    ):
        if last is not None and last < period.ends_on:
            return f"{what} on {last:%-d %B %Y}" + (
                ", before the rota starts" if last < period.starts_on else ""
            )
    return None
