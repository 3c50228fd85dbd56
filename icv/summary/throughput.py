"""Custody throughput: people booked in per suite per calendar quarter, entered by the
coordinator or read from a CSV file, and "visits per 1,000 detained" beside the summary's
visits (context for the Panel: a busy suite seen as often as a quiet one is seen less).

The CSV file has the columns ``suite, quarter_start, booked_in`` (``quarter_start`` the first
day of a calendar quarter, e.g. ``2025-04-01``); all or nothing: every bad line is listed and
nothing is stored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select

from icv.accounts.models import User
from icv.audit.services import record
from icv.extensions import db
from icv.suites.models import Suite
from icv.suites.rules import name_key
from icv.summary.models import CustodyThroughput
from icv.summary.panel_rules import per_thousand
from icv.summary.queries import Bounds, within
from icv.summary.rules import Period
from icv.text import is_whole_number

COLUMNS = ("suite", "quarter_start", "booked_in")
QUARTER_MONTHS = (1, 4, 7, 10)


class ThroughputError(ValueError):
    """A file or entry that cannot be stored; ``problems`` lists each line's."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Entry:
    suite_id: int
    quarter_start: date
    booked_in: int


def quarter_problem(day: date) -> str | None:
    if day.day != 1 or day.month not in QUARTER_MONTHS:
        return (
            f"{day.isoformat()} is not the first day of a quarter "
            "(1 January, April, July or October)"
        )
    return None


def save_entries(actor: User, entries: list[Entry]) -> int:
    """Store each suite's figure for its quarter (replacing one given before); the caller
    commits. Returns how many were stored."""
    for entry in entries:
        row = db.session.scalars(
            select(CustodyThroughput).where(
                CustodyThroughput.suite_id == entry.suite_id,
                CustodyThroughput.quarter_start == entry.quarter_start,
            )
        ).first()
        if row is None:
            row = CustodyThroughput(suite_id=entry.suite_id, quarter_start=entry.quarter_start)
            db.session.add(row)
        row.booked_in, row.updated_by_id = entry.booked_in, actor.id
    db.session.flush()
    if entries:
        record(
            actor,
            "summary.throughput",
            "summary",
            f"Custody throughput entered for {len(entries)} suite quarter(s)",
            {"quarters": sorted({e.quarter_start.isoformat() for e in entries})},
        )
    return len(entries)


def read_csv(text: str) -> list[Entry]:
    """The entries of a CSV file, or ThroughputError listing every bad line."""
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or set(reader.fieldnames) != set(COLUMNS):
        raise ThroughputError([f"The first line must name the columns {', '.join(COLUMNS)}"])
    suites = {name_key(s.name): s.id for s in db.session.scalars(select(Suite))}
    entries, problems = [], []
    for n, line in enumerate(reader, 2):
        entry, problem = read_line(line, suites)
        if problem:
            problems.append(f"Line {n}: {problem}")
        else:
            entries.append(entry)
    if problems:
        raise ThroughputError(problems)
    return entries


def read_line(line: dict[str, Any], suites: dict[str, int]) -> tuple[Any, str | None]:
    suite_id = suites.get(name_key(line.get("suite") or ""))
    if suite_id is None:
        return None, f"no suite called {line.get('suite') or '(empty)'}"
    try:
        day = date.fromisoformat((line.get("quarter_start") or "").strip())
    except ValueError:
        return None, "quarter_start must be a date like 2025-04-01"
    if problem := quarter_problem(day):
        return None, problem
    booked = (line.get("booked_in") or "").strip()
    if not is_whole_number(booked) or int(booked) > 1_000_000:
        return None, "booked_in must be a whole number from 0 to 1,000,000"
    return Entry(suite_id, day, int(booked)), None


def booked_in_query(period: Period | Bounds) -> Select:
    """(suite name, people booked in) over the quarters of the period entered so far."""
    return (
        select(Suite.name, func.sum(CustodyThroughput.booked_in).label("booked_in"))
        .join(Suite, Suite.id == CustodyThroughput.suite_id)
        .where(within(CustodyThroughput.quarter_start, period))
        .group_by(Suite.name)
    )


def throughput(suites: dict[str, dict[str, int]], booked: dict[str, int]) -> dict[str, Any]:
    """Booked in (suite name -> people, from ``booked_in_query``) and visits per 1,000
    detained, per suite that has a figure and in all."""
    by_suite = {
        name: {
            "booked_in": n,
            "visits": suites.get(name, {}).get("visits", 0),
            "visits_per_1000": per_thousand(suites.get(name, {}).get("visits", 0), n),
        }
        for name, n in sorted(booked.items(), key=lambda item: item[0].casefold())
    }
    total = sum(booked.values())
    visits = sum(row["visits"] for row in by_suite.values())
    return {
        "booked_in": total,
        "visits_per_1000": per_thousand(visits, total),
        "by_suite": by_suite,
    }
