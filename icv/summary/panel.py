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

from sqlalchemy import func, select

from icv.applications.models import Application
from icv.extensions import db
from icv.rota.coverage_figures import coverage_counts_between, coverage_table
from icv.suites.models import Suite
from icv.summary.panel_rules import icva_offered, percent
from icv.summary.queries import active_on, within
from icv.summary.rules import Period, median
from icv.summary.throughput import throughput
from icv.visits.models import VisitIssue, VisitReport
from icv.visits.rules import Outcome
from icv.volunteers.models import Volunteer


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


def by_suite(period: Period) -> dict[str, dict[str, int]]:
    """Completed visits, people in custody at them and issues raised, per suite."""
    completed = VisitReport.outcome == Outcome.COMPLETED
    visits = db.session.execute(
        select(Suite.name, func.count(), func.coalesce(func.sum(VisitReport.in_custody), 0))
        .join(Suite, Suite.id == VisitReport.suite_id)
        .where(within(VisitReport.counted_on, period), completed)
        .group_by(Suite.name)
    ).all()
    issues = dict(
        db.session.execute(
            select(Suite.name, func.count())
            .select_from(VisitIssue)
            .join(VisitReport, VisitReport.id == VisitIssue.report_id)
            .join(Suite, Suite.id == VisitReport.suite_id)
            .where(within(VisitIssue.raised_on, period))
            .group_by(Suite.name)
        ).all()
    )
    found = {
        name: {"visits": n, "detainees": int(people), "issues": 0} for name, n, people in visits
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
    counts = coverage_counts_between(period.start, period.end)
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


def recruitment(period: Period) -> dict[str, Any]:
    """Applications received in the period, volunteers appointed in it, and the median days
    from application to appointment of those appointed from an application."""
    received = db.session.scalar(
        select(func.count()).select_from(Application).where(within(Application.applied_on, period))
    )
    appointed = db.session.execute(
        select(Volunteer.appointed_on, Application.applied_on)
        .outerjoin(Application, Application.id == Volunteer.application_id)
        .where(within(Volunteer.appointed_on, period))
    ).all()
    days = Counter((on - applied).days for on, applied in appointed if applied is not None)
    return {
        "applications_received": received,
        "appointed": len(appointed),
        "median_days_to_appoint": median(days),
    }


def vetting(as_at: date) -> dict[str, Any]:
    """Volunteers active at the period's end with vetting in date that day, of all active."""
    in_date = Volunteer.vetting_expires_on >= as_at
    active, vetted = db.session.execute(
        select(func.count(), func.count().filter(in_date)).where(active_on(as_at))
    ).one()
    return {"active": active, "in_date": vetted, "percent": percent(vetted, active)}


def panel_figures(period: Period, today: date, f: dict[str, Any]) -> dict[str, Any]:
    suites = by_suite(period)
    return {
        "percentages": percentages(f),
        "by_suite": suites,
        "you_said_we_did": you_said_we_did(period),
        "coverage": coverage(period),
        "recruitment": recruitment(period),
        "vetting": {"as_at": period.as_at(today).isoformat(), **vetting(period.as_at(today))},
        "throughput": throughput(period, suites),
    }
