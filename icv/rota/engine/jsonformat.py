"""The rota instance and solution as JSON (docs/rota-problem.md, with the extensions of problem.py).

Reading checks the shape (objects, lists, dates, times, field names) with messages that point at
the place in the file; the numbers and references are checked when the Problem is built.
"""

from __future__ import annotations

from datetime import date

from icv.rota.engine.problem import (
    WEEK_BAND,
    BandSpec,
    Problem,
    Solution,
    SuiteSpec,
    Unfilled,
    Visit,
    VolunteerSpec,
    week_monday,
)
from icv.rota.engine.reading import (
    ProblemError,
    a_date,
    a_time,
    date_ranges,
    fields,
    items,
    kind,
    shown,
    strings,
    text,
)


def problem_from_json(raw: object) -> Problem:
    top = fields(
        raw, "instance", ("period", "bands", "suites", "volunteers"), ("rules", "seed", "tact")
    )
    period = fields(top["period"], "period", ("start", "end"))
    rules = fields(
        top.get("rules", {}), "rules", (), ("visitors_per_visit", "min_days_between", "allocation")
    )
    return Problem(
        start=a_date(period["start"], "period", "start"),
        end=a_date(period["end"], "period", "end"),
        bands=tuple(
            _band(item, i) for i, item in enumerate(items(top["bands"], "instance", "bands"))
        ),
        suites=tuple(
            _suite(item, i) for i, item in enumerate(items(top["suites"], "instance", "suites"))
        ),
        volunteers=tuple(
            _volunteer(item, i)
            for i, item in enumerate(items(top["volunteers"], "instance", "volunteers"))
        ),
        visitors_per_visit=rules.get("visitors_per_visit", 2),
        min_days_between=rules.get("min_days_between", 3),
        seed=top.get("seed", 0),
        **_tact(top.get("tact", {})),
        allocation=rules.get("allocation", "day"),
    )


def _tact(raw: object) -> dict:
    """``"tact": {"suites": ["S01"], "trained": {"v002": [["2026-02-06", "2027-02-05"]]}}``:
    suites holding TACT detainees, and when each volunteer's TACT training is in date."""
    tact = fields(raw, "tact", (), ("suites", "trained"))
    trained = tact.get("trained", {})
    if not isinstance(trained, dict):
        raise ProblemError(f"tact: trained must be an object, got {shown(trained)}")
    return {
        "tact_suites": frozenset(strings(tact.get("suites", []), "tact", "suites")),
        "tact_trained": tuple(
            (key, date_ranges(ranges, "tact", f"trained.{key}"))
            for key, ranges in sorted(trained.items())
        ),
    }


def _band(raw: object, index: int) -> BandSpec:
    where = f"bands[{index}]"
    band = fields(raw, where, ("id", "start", "end"))
    return BandSpec(
        id=text(band["id"], where, "id"),
        start=a_time(band["start"], where, "start"),
        end=a_time(band["end"], where, "end"),
    )


def _where(raw: object, plural: str, index: int, singular: str) -> str:
    """``volunteer v003`` once the item has a usable id, else ``volunteers[2]``."""
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"].strip():
        return f"{singular} {raw['id']}"
    return f"{plural}[{index}]"


def _suite(raw: object, index: int) -> SuiteSpec:
    where = _where(raw, "suites", index, "suite")
    suite = fields(raw, where, ("id", "visits_per_week"), ("name", "bands", "closed"))
    text(suite["id"], where, "id")
    return SuiteSpec(
        id=suite["id"],
        visits_per_week=suite["visits_per_week"],
        name=text(suite["name"], where, "name") if "name" in suite else None,
        bands=strings(suite["bands"], where, "bands") if "bands" in suite else None,
        closed=date_ranges(suite.get("closed", []), where, "closed"),
    )


def _volunteer(raw: object, index: int) -> VolunteerSpec:
    optional = ("away", "probation", "max_per_month", "avoid", "name", "booked")
    where = _where(raw, "volunteers", index, "volunteer")
    person = fields(raw, where, ("id", "suites", "available"), optional)
    text(person["id"], where, "id")
    return VolunteerSpec(
        id=person["id"],
        suites=frozenset(strings(person["suites"], where, "suites")),
        available=frozenset(_available(person["available"], where)),
        away=date_ranges(person.get("away", []), where, "away"),
        probation=person.get("probation", False),
        max_per_month=person.get("max_per_month"),
        avoid=frozenset(strings(person.get("avoid", []), where, "avoid")),
        name=text(person["name"], where, "name") if "name" in person else None,
        booked=tuple(
            a_date(day, where, f"booked[{i}]")
            for i, day in enumerate(items(person.get("booked", []), where, "booked"))
        ),
    )


def _available(raw: object, where: str) -> list[tuple[int, str]]:
    pairs = []
    for index, pair in enumerate(items(raw, where, "available")):
        weekday, band = pair if isinstance(pair, list) and len(pair) == 2 else (None, None)
        if not (type(weekday) is int and 0 <= weekday <= 6 and isinstance(band, str) and band):
            raise ProblemError(
                f"{where}: available[{index}] must be [weekday 0-6, band], got {shown(pair)}"
            )
        pairs.append((weekday, band))
    return pairs


def problem_as_json(problem: Problem) -> dict:
    return {
        "period": {"start": problem.start.isoformat(), "end": problem.end.isoformat()},
        "bands": [
            {"id": band.id, "start": f"{band.start:%H:%M}", "end": f"{band.end:%H:%M}"}
            for band in problem.bands
        ],
        "suites": [_suite_json(suite) for suite in problem.suites],
        "volunteers": [_volunteer_json(volunteer) for volunteer in problem.volunteers],
        "rules": {
            "visitors_per_visit": problem.visitors_per_visit,
            "min_days_between": problem.min_days_between,
            "allocation": problem.allocation,
        },
        "seed": problem.seed,
        **_tact_json(problem),
    }


def _tact_json(problem: Problem) -> dict:
    if not problem.tact_suites:
        return {}
    trained = {key: _ranges_json(ranges) for key, ranges in problem.tact_trained}
    return {"tact": {"suites": sorted(problem.tact_suites), "trained": trained}}


def _ranges_json(ranges: tuple) -> list[list[str]]:
    return [[first.isoformat(), last.isoformat()] for first, last in ranges]


def _suite_json(suite: SuiteSpec) -> dict:
    out: dict = {"id": suite.id, "visits_per_week": suite.visits_per_week}
    if suite.name is not None:
        out["name"] = suite.name
    if suite.bands is not None:
        out["bands"] = list(suite.bands)
    if suite.closed:
        out["closed"] = _ranges_json(suite.closed)
    return out


def _volunteer_json(volunteer: VolunteerSpec) -> dict:
    out: dict = {
        "id": volunteer.id,
        "suites": sorted(volunteer.suites),
        "available": [[weekday, band] for weekday, band in sorted(volunteer.available)],
        "away": _ranges_json(volunteer.away),
        "probation": volunteer.probation,
        "max_per_month": volunteer.max_per_month,
        "avoid": sorted(volunteer.avoid),
    }
    if volunteer.name is not None:
        out["name"] = volunteer.name
    if volunteer.booked:
        out["booked"] = [day.isoformat() for day in volunteer.booked]
    return out


def solution_from_json(raw: object) -> Solution:
    top = fields(raw, "solution", ("visits", "unfilled"))
    visits = []
    for index, item in enumerate(items(top["visits"], "solution", "visits")):
        visits.append(_visit(item, f"visits[{index}]"))
    unfilled = []
    for index, item in enumerate(items(top["unfilled"], "solution", "unfilled")):
        unfilled.append(_unfilled(item, f"unfilled[{index}]"))
    return Solution(visits=visits, unfilled=unfilled)


def _unfilled(item: object, where: str) -> Unfilled:
    """A gap with its English reason, and its code and parameters when given (a solution
    written before codes has the words only: its code is ``other``)."""
    gap = fields(item, where, ("suite", "week", "reason"), ("code", "params"))
    suite, week, reason = (text(gap[key], where, key) for key in ("suite", "week", "reason"))
    code = text(gap.get("code", "other"), where, "code")
    params = gap.get("params", {})
    if not isinstance(params, dict):
        raise ProblemError(f"{where}: params must be an object, got {kind(params)}")
    return Unfilled(suite, week, reason, code, {} if code == "other" else params)


def _visit(item: object, where: str) -> Visit:
    """A visit with a ``date`` and ``band``, or (allocated by week) a ``week`` instead."""
    by_week = isinstance(item, dict) and "week" in item
    when = ("week",) if by_week else ("date", "band")
    visit = fields(item, where, ("suite", *when, "volunteers"))
    people = items(visit["volunteers"], where, "volunteers")
    if by_week:
        day, band = a_week(visit["week"], where), WEEK_BAND
    else:
        day, band = a_date(visit["date"], where, "date"), text(visit["band"], where, "band")
    return Visit(
        suite=text(visit["suite"], where, "suite"),
        date=day,
        band=band,
        volunteers=tuple(text(p, where, f"volunteers[{i}]") for i, p in enumerate(people)),
    )


def a_week(raw: object, where: str) -> date:
    """The Monday of an ISO week written ``2027-W05``."""
    label = text(raw, where, "week")
    try:
        return week_monday(label)
    except ValueError:
        raise ProblemError(f'{where}: week must be like "2027-W05", got {shown(raw)}') from None
