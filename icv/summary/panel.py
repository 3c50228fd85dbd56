"""What the Police and Crime Panel asks beside the counts (issue 16, item 5): percentages,
each suite's visits, people in custody and issues, the issues chosen as "you said, we did",
coverage of the rota's targets, recruitment, vetting compliance and custody throughput.

``panel_figures`` is the summary's ``panel`` section (docs/summary-json.md). A year signed off
before it existed keeps its figures without it (``corrections.not_recorded``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import select

from icv.extensions import db
from icv.rota.coverage_figures import coverage_days_between, coverage_table
from icv.suites.models import Suite
from icv.summary.panel_rules import icva_offered, percent
from icv.summary.queries import within
from icv.summary.rules import Period, median
from icv.summary.tallies import Tallies
from icv.summary.throughput import throughput
from icv.visits.models import VisitIssue, VisitReport


def percentages(f: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    """Shares beside the counts: visits of those attempted, people of those in custody,
    issues of those raised."""
    visits, people, issues = f["visits"], f["detainees"], f["issues"]
    offered = icva_offered(people["spoken"], people["declined"])
    return {
        "visits": {
            key: percent(visits[key], visits["attempted"])
            for key in ("completed", "no_access", "abandoned")
        },
        "detainees": {
            "offered": percent(offered, people["in_custody"]),
            **{
                key: percent(people[key], people["in_custody"])
                for key in ("spoken", "declined", "observed", "not_offered")
            },
        },
        "issues": {
            key: percent(issues[key], issues["raised"]) for key in ("serious", "resolved", "open")
        },
    }


def by_suite(
    visits: dict[str, int], people: dict[str, int], issues: dict[str, int]
) -> dict[str, dict[str, int]]:
    """Completed visits, people in custody at them and issues raised, per suite that had a
    visit or an issue (suite name -> count, from the summary's tallies)."""
    found = {
        name: {"visits": n, "detainees": people.get(name, 0), "issues": 0}
        for name, n in visits.items()
        if n
    }
    for name, n in issues.items():
        found.setdefault(name, {"visits": 0, "detainees": 0, "issues": 0})["issues"] = n
    return dict(sorted(found.items(), key=lambda item: item[0].casefold()))


def you_said_we_did(period: Period) -> list[dict[str, str]]:
    """The issues raised in the period the coordinator chose for the Panel, with what the force
    did (no visitor is named in either)."""
    rows = db.session.execute(
        select(Suite.name, VisitIssue.raised_on, VisitIssue.category, VisitIssue.description)
        .add_columns(VisitIssue.panel_text)
        .join(VisitReport, VisitReport.id == VisitIssue.report_id)
        .join(Suite, Suite.id == VisitReport.suite_id)
        .where(within(VisitIssue.raised_on, period), VisitIssue.for_panel.is_(True))
        .order_by(VisitIssue.raised_on, VisitIssue.id)
    ).all()
    return [
        {
            "suite": suite,
            "raised_on": raised_on.isoformat(),
            "category": category,
            "you_said": description,
            "we_did": text or "",
        }
        for suite, raised_on, category, description, text in rows
    ]


def coverage(period: Period) -> dict[str, dict[str, Any]]:
    """Per suite, the visits the published rotas starting in the period required (by their
    targets) and those completed."""
    totals: dict[str, Counter] = {}
    counts = coverage_days_between(period.start, period.end)
    for _rota, rows in coverage_table(counts) if counts else []:
        for row in rows:
            counted = totals.setdefault(row.name, Counter())
            counted["required"] += row.required
            counted["completed"] += row.count("completed")
    return {
        name: {
            "required": c["required"],
            "completed": c["completed"],
            "percent": percent(c["completed"], c["required"]),
        }
        for name, c in sorted(totals.items(), key=lambda item: item[0].casefold())
    }


def recruitment(tallies: Tallies) -> dict[str, Any]:
    """Applications received in the period, volunteers appointed in it, and the median days
    from application to appointment of those appointed from an application."""
    days = {int(key): n for key, n in tallies.by("days_to_appoint").items()}
    return {
        "applications_received": tallies.count("applications"),
        "appointed": tallies.count("appointed"),
        "median_days_to_appoint": median(days),
    }


def vetting(tallies: Tallies) -> dict[str, Any]:
    """Volunteers active at the period's end with vetting in date that day, of all active."""
    active, vetted = tallies.count("active_at_end"), tallies.count("vetted")
    return {"active": active, "in_date": vetted, "percent": percent(vetted, active)}


def panel_figures(
    period: Period, today: date, f: dict[str, Any], suites: dict, tallies: Tallies
) -> dict[str, Any]:
    """``suites``: ``by_suite``'s; ``tallies``: the scheme's counts (``tallies.py``)."""
    return {
        "percentages": percentages(f),
        "by_suite": suites,
        "you_said_we_did": you_said_we_did(period),
        "coverage": coverage(period),
        "recruitment": recruitment(tallies),
        "vetting": {"as_at": period.as_at(today).isoformat(), **vetting(tallies)},
        "throughput": throughput(suites, tallies.by("booked_in")),
    }
