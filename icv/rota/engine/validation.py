"""The checks a :class:`~icv.rota.engine.problem.Problem` makes when it is built: numbers in range,
ids unique, every reference known. Each failure is a :class:`ProblemError` of one line."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from icv.rota.engine.reading import ProblemError, flag, shown, whole

if TYPE_CHECKING:
    from icv.rota.engine.problem import Problem, SuiteSpec, VolunteerSpec


def check_problem(problem: Problem) -> None:
    if problem.end < problem.start:
        raise ProblemError(
            f"period: end {problem.end.isoformat()} is before start {problem.start.isoformat()}"
        )
    whole(problem.visitors_per_visit, "rules", "visitors_per_visit", 1)
    whole(problem.min_days_between, "rules", "min_days_between", 0)
    whole(problem.seed, "instance", "seed", 0)
    if problem.allocation not in ("day", "week"):
        raise ProblemError(
            f'rules: allocation must be "day" or "week", got {shown(problem.allocation)}'
        )
    if not problem.bands:
        raise ProblemError("bands: there must be at least one band")
    _unique([band.id for band in problem.bands], "bands")
    _unique([suite.id for suite in problem.suites], "suites")
    _unique([volunteer.id for volunteer in problem.volunteers], "volunteers")
    bands = {band.id for band in problem.bands}
    for suite in problem.suites:
        _check_suite(suite, bands)
    suites = {suite.id for suite in problem.suites}
    volunteers = {volunteer.id for volunteer in problem.volunteers}
    for volunteer in problem.volunteers:
        _check_volunteer(volunteer, suites, bands, volunteers)


def _unique(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(ids):
        if item in seen:
            raise ProblemError(f"{where}[{index}]: duplicate id {shown(item)}")
        seen.add(item)


def _check_suite(suite: SuiteSpec, bands: set[str]) -> None:
    where = f"suite {suite.id}"
    whole(suite.visits_per_week, where, "visits_per_week", 0, 7)
    for band in suite.bands or ():
        _known(band, bands, where, "band", "bands")
    if suite.bands is not None and not suite.bands:
        raise ProblemError(f"{where}: bands must name at least one band (leave it out for all)")
    _check_ranges(suite.closed, where, "closed")


def _check_volunteer(
    volunteer: VolunteerSpec, suites: set[str], bands: set[str], volunteers: set[str]
) -> None:
    where = f"volunteer {volunteer.id}"
    for suite in sorted(volunteer.suites):
        _known(suite, suites, where, "suite", "suites")
    for weekday, band in sorted(volunteer.available):
        if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
            raise ProblemError(
                f"{where}: weekday {shown(weekday)} in available must be 0 (Monday) to 6 (Sunday)"
            )
        _known(band, bands, where, "band", "available")
    _check_ranges(volunteer.away, where, "away")
    flag(volunteer.probation, where, "probation")
    if volunteer.max_per_month is not None:
        whole(volunteer.max_per_month, where, "max_per_month", 0)
    for other in sorted(volunteer.avoid):
        _known(other, volunteers, where, "volunteer", "avoid")
        if other == volunteer.id:
            raise ProblemError(f"{where}: cannot avoid themselves")


def _known(value: str, known: set[str], where: str, what: str, field: str) -> None:
    if value not in known:
        raise ProblemError(f"{where}: unknown {what} {shown(value)} in {field}")


def _check_ranges(ranges: tuple[tuple[date, date], ...], where: str, name: str) -> None:
    for index, (first, last) in enumerate(ranges):
        if last < first:
            raise ProblemError(
                f"{where}: {name}[{index}] ends {last.isoformat()} before it starts "
                f"{first.isoformat()}"
            )
