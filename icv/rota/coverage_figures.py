"""Rota coverage for the commissioner and the office: per published period and suite, the
visits required (by the targets the period was published with) and what became of the visits
planned. Counts only: no days and no names."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Select, exists, extract, func, or_, select
from sqlalchemy.orm import defer, joinedload, lazyload

from icv.extensions import db
from icv.rota import problem_from_db
from icv.rota.engine.checker import required_visits
from icv.rota.models import PeriodStatus, PlannedVisit, RotaPeriod, RotaRequirement
from icv.suites.models import Suite


@dataclass
class CoverageRow:
    name: str
    required: int = 0
    counts: dict[str, int] | None = None

    def count(self, status: str) -> int:
        return (self.counts or {}).get(status, 0)

    @property
    def done_share(self) -> str:
        """Completed visits as a share of those required, e.g. ``92%``."""
        if not self.required:
            return "Not applicable"
        return f"{round(100 * self.count('completed') / self.required)}%"


class PeriodDays(NamedTuple):
    """A published period as its coverage needs it, where no heading names it (the annual
    summary's)."""

    id: int
    starts_on: date
    ends_on: date


def published_with_visits() -> Select:
    return (
        select(RotaPeriod)
        .join(PlannedVisit, PlannedVisit.period_id == RotaPeriod.id)
        .where(RotaPeriod.status == PeriodStatus.PUBLISHED)
    )


def coverage_years() -> list[int]:
    """The years in which a published period with visits starts, newest first."""
    year = extract("year", RotaPeriod.starts_on)
    # Asks whether a period has a visit (by index) rather than joining every visit of every
    # period since the start to throw the duplicates away.
    query = (
        select(year)
        .where(
            RotaPeriod.status == PeriodStatus.PUBLISHED,
            exists().where(PlannedVisit.period_id == RotaPeriod.id),
        )
        .distinct()
        .order_by(year.desc())
    )
    return [int(y) for y in db.session.scalars(query)]


def coverage_counts(year: int) -> list:
    """(period, suite id, status, visits) of the published periods starting in ``year``,
    newest first: what ``coverage_table`` takes."""
    return coverage_counts_between(date(year, 1, 1), date(year, 12, 31))


def coverage_counts_between(start: date, end: date) -> list:
    """The same for the published periods starting from ``start`` to ``end`` (the annual
    summary's year or quarter, on either basis)."""
    # Each row brings its period: not its stored gaps and quality figures (JSON decoded
    # once per row, suite and status: most of the page's time).
    options = (defer(RotaPeriod.unfilled), defer(RotaPeriod.quality))
    return db.session.execute(counts_between(start, end, RotaPeriod).options(*options)).all()


def coverage_days_between(start: date, end: date) -> list:
    """``coverage_counts_between`` with each period as its ``PeriodDays``: the annual summary
    names no period, and a period object for each of some 500 rows (suite and status) took a
    third of its coverage's CPU."""
    period = (RotaPeriod.id, RotaPeriod.starts_on, RotaPeriod.ends_on)
    rows = db.session.execute(counts_between(start, end, *period))
    return [(PeriodDays(*row[:3]), *row[3:]) for row in rows]


def counts_between(start: date, end: date, *period: Any) -> Select:
    """(``period``..., suite id, status, visits) of the published periods starting from
    ``start`` to ``end``, newest first."""
    return (
        published_with_visits()
        .with_only_columns(*period, PlannedVisit.suite_id, PlannedVisit.status, func.count())
        .where(RotaPeriod.starts_on.between(start, end))
        .group_by(RotaPeriod.id, PlannedVisit.suite_id, PlannedVisit.status)
        .order_by(RotaPeriod.starts_on.desc())
    )


def coverage_table(rows) -> list[tuple[RotaPeriod | PeriodDays, list[CoverageRow]]]:
    """Per published period, per suite: visits required (by the targets the period was
    published with), and visits by outcome (no dates). A fixed number of statements."""
    periods: dict[int, RotaPeriod | PeriodDays] = {}
    counts: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for period, suite_id, status, n in rows:
        periods[period.id] = period
        counts[period.id][suite_id][status] = n
    targets = stored_targets(list(periods))
    kept_ids = sorted({suite_id for kept in targets.values() for suite_id in kept})
    suites = {
        suite.id: suite
        for suite in db.session.scalars(
            select(Suite)
            # Closures count (joined: one statement, not two), liaisons do not.
            .options(lazyload(Suite.liaisons), joinedload(Suite.closures))
            .where(or_(Suite.is_active.is_(True), Suite.id.in_(kept_ids)))
        ).unique()
    }
    return [
        (period, coverage_rows(period, targets.get(period.id), suites, counts[period.id]))
        for period in periods.values()
    ]


def coverage_rows(
    period: RotaPeriod | PeriodDays,
    kept: dict[int, int] | None,
    suites: dict[int, Suite],
    counts: dict[int, dict[str, int]],
) -> list[CoverageRow]:
    """One period's rows: the suites it required (as published, else the active ones now)."""
    if kept:
        chosen = [suites[suite_id] for suite_id in sorted(kept)]
    else:
        chosen = [suite for suite in suites.values() if suite.is_active]
    built = problem_from_db.build_problem(
        period.starts_on, period.ends_on, 0, period.starts_on, suites_only=chosen, targets=kept
    )
    by_key: dict[str, int] = defaultdict(int)
    for (suite, _week), n in required_visits(built.problem).items():
        by_key[suite] += n
    required = {problem_from_db.key_id(suite): n for suite, n in by_key.items()}
    names = {suite.id: suite.name for suite in chosen}
    rows = [
        CoverageRow(names.get(i, "Suite no longer in use"), required.get(i, 0), counts[i])
        for i in set(required) | set(counts)
    ]
    return sorted(rows, key=lambda row: row.name)


def stored_targets(period_ids: list[int]) -> dict[int, dict[int, int]]:
    """period id -> suite id -> visits a week, as published, for these periods (one query)."""
    found: dict[int, dict[int, int]] = defaultdict(dict)
    r = RotaRequirement
    rows = db.session.execute(
        select(r.period_id, r.suite_id, r.visits_per_week).where(r.period_id.in_(period_ids))
    )
    for period_id, suite_id, visits_per_week in rows:
        found[period_id][suite_id] = visits_per_week
    return found
