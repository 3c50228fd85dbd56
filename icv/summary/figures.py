"""A period's figures as the summary JSON of docs/summary-json.md (and a little more).

The same dictionary feeds the page, the exports, ``icv summary`` and the API, so they agree.
Every count comes from ``queries.py``; this module only arranges what the database returns.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from icv.applications.small_numbers import shown_count
from icv.applications.totals import published_tables
from icv.expenses.rules import cost_of_scheme
from icv.extensions import db
from icv.settings import get_settings, time_bands
from icv.summary import issue_queries, queries
from icv.summary.checks import check_figures, reports_counted
from icv.summary.panel import by_suite, panel_figures
from icv.summary.rules import (
    WEEKDAYS,
    Period,
    Records,
    headline,
    hours,
    median,
    unaccounted,
    visit_bands,
    weekday_key,
)
from icv.summary.tallies import EQUALITY_GROUPS, Tallies, scheme_tallies
from icv.visits.issue_rules import categories_from_setting
from icv.visits.rules import NOT_OFFERED_REASONS, Mode, Outcome
from icv.visits.values import REASON_COLUMNS

#: The key for visits whose arrival fell in no time band of the scheme's setting.
NO_BAND = "unbanded"


def summary_figures(period: Period, today: date, records: Records | None = None) -> dict[str, Any]:
    """Everything the summary shows for ``period``, with the period before for comparison
    (its figures empty when it ended before ``records`` begin: asked for if not given)."""
    records = records or Records(queries.records_begin())
    threshold = int(get_settings()["delay_threshold_minutes"])
    previous = period.previous()
    # Five statements for every figure of both periods, grouping by what they count (the
    # statements of the Panel's "you said, we did" and coverage apart).
    totals, tallied = queries.visit_totals(period, previous, threshold)
    breakdowns = queries.visit_breakdowns(period) + tallied
    issue_rows = issue_queries.issue_tallies(period, previous)
    tallies = scheme_tallies(period, previous, today)
    counts = tallies.counts()
    visits = visit_figures(period, breakdowns, counts)
    issues = issue_figures(issue_rows, counts)
    # A year still running is named so in its headline ("2026 so far, to 4 December").
    named = period.label if period.is_complete(today) else records.title(period, today)
    current = totals.get(1, {})
    checked = reports_counted(current, queries.CHECKS)
    figures = {
        "period": period_json(period, today, records),
        "headline": headline(visits["completed"], issues["serious"], named),
        "visits": {**visits, "tact": current.get("tact", 0)},
        "time": time_figures(current),
        "access": access_figures(current, queries.distribution(breakdowns, "wait"), threshold),
        "detainees": detainee_figures(current),
        "issues": issues,
        "checks": check_figures(db.session, period.start, period.end, reports=checked),
        "volunteers": volunteer_figures(
            period, today, counts, queries.distribution(breakdowns, "per_volunteer")
        ),
        "diversity": diversity_figures(tallies),
        "cost": cost_figures(tallies, visits["attempted"]),
    }
    suites = by_suite(
        queries.tally(breakdowns, "suite"),
        queries.tally(breakdowns, "people"),
        issue_queries.issue_counts(issue_rows, "suite"),
    )
    figures["panel"] = panel_figures(period, today, figures, suites, tallies)
    before = previous_figures(breakdowns, totals, issue_rows, counts)
    figures["previous"] = compared(before, period_json(previous, today, records))
    return figures


def cost_figures(tallies: Tallies, attempted: int) -> dict[str, Any]:
    """Approved expenses for what was done in the period, in pounds (two decimal places)."""
    approved = [
        (kind, claims, tallies.by("cost", amount=True)[kind])
        for kind, claims in tallies.by("cost").items()
    ]
    cost = cost_of_scheme(approved, attempted)
    per_visit = cost.per_visit
    return {
        "claims": cost.claims,
        "total": cost.total / 100,
        **{kind: pence / 100 for kind, pence in cost.by_kind.items()},
        "per_visit": None if per_visit is None else per_visit / 100,
    }


def period_json(period: Period, today: date, records: Records) -> dict[str, Any]:
    return {
        "label": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "basis": period.basis.value,
        "year": period.year,
        "quarter": period.quarter,
        "months": period.months_label,
        "complete": period.is_complete(today),
        # How the page names it: "2026 so far, to 4 December", "2024 (records from ...)".
        "title": records.title(period, today),
        "records_begin": records.begin.isoformat() if records.begin else None,
        "has_records": records.cover(period, today),
    }


def compared(before: dict[str, Any], period: dict[str, Any]) -> dict[str, Any]:
    """The period before as described by ``period`` (period_json): its figures as they are,
    or, when it ended before records began, every one of them None (the keys are kept)."""
    figures = {key: value for key, value in before.items() if key != "period"}
    if not period["has_records"]:
        figures = emptied(figures)
    return {"period": period, **figures}


def emptied(figures: dict[str, Any]) -> dict[str, Any]:
    return {k: emptied(v) if isinstance(v, dict) else None for k, v in figures.items()}


def outcome_counts(breakdowns: list[tuple], current: int) -> dict[str, int]:
    found = {o.value: 0 for o in Outcome}
    for dimension, key, flag, count in breakdowns:
        if dimension == "outcome" and int(flag) == current:
            found[key] = count
    return {"attempted": sum(found.values()), **found}


def visit_figures(period: Period, breakdowns: list[tuple], counts: dict) -> dict[str, Any]:
    by: dict[str, dict[str, int]] = {
        "mode": {m.value: 0 for m in Mode},
        "suite": {},
        "month": dict.fromkeys(period.months(), 0),
        "weekday": dict.fromkeys(WEEKDAYS, 0),
        "band": {band.id: 0 for band in time_bands()},
    }
    for dimension, key, _, count in breakdowns:
        if dimension == "weekday":
            key = weekday_key(int(key))
        elif dimension == "band":
            key = key or NO_BAND
        if dimension in by:
            by[dimension][key] = by[dimension].get(key, 0) + count
    quarters = {f"Q{q.quarter}": 0 for q in period.quarters() if q.start <= period.end}
    if period.quarter:
        quarters = {f"Q{period.quarter}": 0}
    for month, count in by["month"].items():
        quarters[f"Q{period.quarter_of(month)}"] += count
    return {
        **outcome_counts(breakdowns, 1),
        "planned": counts["planned"],
        "missed": counts["missed"],
        "by_mode": by["mode"],
        "by_suite": dict(sorted(by["suite"].items(), key=lambda item: item[0].casefold())),
        "by_month": by["month"],
        "by_quarter": quarters,
        "by_weekday": by["weekday"],
        "by_band": by["band"],
    }


def time_figures(totals: dict) -> dict[str, float]:
    """Hours given to attempted visits, and those hours times each visit's visitors."""
    return {
        "visit_hours": hours(int(totals.get("visit_minutes", 0))),
        "visitor_hours": hours(int(totals.get("visitor_minutes", 0))),
    }


def access_figures(totals: dict, waits: dict[int, int], threshold: int) -> dict[str, Any]:
    delayed = {minutes: n for minutes, n in waits.items() if minutes > threshold}
    return {
        "visits_delayed": totals.get("delayed", 0),
        "median_delay_minutes": median(delayed),
        # Of the delayed visits only: a wait within the threshold is not a delay.
        "longest_delay_minutes": max(delayed, default=None),
        "median_wait_minutes": median(waits),
        "delay_threshold_minutes": threshold,
    }


def detainee_figures(totals: dict) -> dict[str, Any]:
    value = {name: int(totals.get(name, 0)) for name in queries.SUMMED}
    return {
        "in_custody": value["in_custody"],
        "offered": value["offered"],
        "spoken": value["spoken"],
        "observed": value["observed"],
        "declined": value["declined"],
        "not_offered": value["not_offered"],
        "unaccounted": unaccounted(
            value["in_custody"], value["offered"], value["observed"], value["not_offered"]
        ),
        "juveniles": value["juveniles"],
        "vulnerable_adults": value["vulnerable_adults"],
        "not_offered_by_reason": {
            reason: value[REASON_COLUMNS[reason]] for reason in NOT_OFFERED_REASONS
        },
    }


def issue_figures(issue_rows: list[tuple], counts: dict) -> dict:
    """From the rows of ``issue_queries.issue_tallies`` and the scheme's counts."""
    rows = issue_queries.issue_groups(issue_rows)
    resolved_in = issue_queries.issue_counts(issue_rows, "resolve")
    resolve_days = {int(days): n for days, n in resolved_in.items()}
    categories = categories_from_setting(get_settings()["issue_categories"])
    by_category = dict.fromkeys(categories, 0)
    raised = serious = resolved = serious_open = 0
    for flag, category, is_serious, is_resolved, count in rows:
        if int(flag) != 1:
            continue
        by_category[category] = by_category.get(category, 0) + count
        raised += count
        serious += count if is_serious else 0
        resolved += count if is_resolved else 0
        serious_open += count if is_serious and not is_resolved else 0
    return {
        "raised": raised,
        "serious": serious,
        "resolved": resolved,
        "open": raised - resolved,
        "serious_open": serious_open,
        "median_days_to_resolve": median(resolve_days),
        "resolved_during_period": counts["resolved_during"],
        "by_category": by_category,
    }


def volunteer_figures(
    period: Period, today: date, counts: dict, per_volunteer: dict[int, int]
) -> dict[str, Any]:
    return {
        "active_at_end": counts["active_at_end"],
        "appointed": counts["appointed"],
        "left": counts["left"],
        "as_at": period.as_at(today).isoformat(),
        "visits_per_volunteer": visit_bands(per_volunteer),
        "median_visits_per_volunteer": median(per_volunteer),
    }


def published_count(count: int) -> int | str:
    """A count fit to publish: "fewer than 5" for 1 to 4 (small_numbers.shown_count)."""
    shown = shown_count(count)
    return count if shown == str(count) else shown


def diversity_group(total: int, totals: dict[str, dict[str, int]]) -> dict[str, Any]:
    return {"responses": published_count(total), **published_tables(totals)}


def diversity_figures(tallies: Tallies) -> dict[str, Any]:
    """Equality answers of those who applied in the period and of the volunteers active at its
    end, as totals only, small numbers suppressed."""
    applicants, volunteers = (tallies.equality(group) for group in EQUALITY_GROUPS)
    return {
        "applicants": diversity_group(*applicants),
        "volunteers": diversity_group(*volunteers),
    }


def previous_figures(
    breakdowns: list[tuple], totals: dict, issue_rows: list[tuple], counts: dict
) -> dict[str, Any]:
    """The headline figures of the period before, for comparison."""
    before = totals.get(0, {})
    groups = issue_queries.issue_groups(issue_rows)
    raised = sum(row[4] for row in groups if int(row[0]) == 0)
    return {
        "visits": outcome_counts(breakdowns, 0),
        "time": time_figures(before),
        "access": {"visits_delayed": before.get("delayed", 0)},
        "detainees": {
            "in_custody": int(before.get("in_custody", 0)),
            "spoken": int(before.get("spoken", 0)),
        },
        "issues": {
            "raised": raised,
            "serious": sum(row[4] for row in groups if int(row[0]) == 0 and row[2]),
        },
        "volunteers": {"active_at_end": counts["previous_active_at_end"]},
    }


def labels() -> dict[str, dict[str, str]]:
    """Names for the ids the figures use (time bands, issue categories, modes, reasons)."""
    return {
        "bands": {band.id: band.label for band in time_bands()} | {NO_BAND: "No time band"},
        "categories": categories_from_setting(get_settings()["issue_categories"]),
        "modes": {m.value: m.label for m in Mode},
        "reasons": dict(NOT_OFFERED_REASONS),
    }
