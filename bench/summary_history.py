"""A national-scale history for the summary benchmark, written straight into a database.

    .venv/bin/python bench/summary_history.py sqlite:////tmp/icv_bench.sqlite
    .venv/bin/python bench/summary_history.py postgresql+psycopg://icv:pw@127.0.0.1/icv_bench

Migrates the database to head, then adds ten years (2016 to 2025) of visits to 48 suites, about
six a week each (about 150,000 reports), with the issues they raised (most followed up and
closed, some open), 600 volunteers appointed and leaving over the years, a published rota for
every quarter and equality answers. Seeded, so every run writes the same history; bulk inserts
in batches (no ORM objects). The database must hold no suites yet.
"""

from __future__ import annotations

import argparse
import random
import sys
import time as clock
from datetime import date, datetime, time, timedelta

from flask_migrate import upgrade
from sqlalchemy import func, insert, select, text

from icv import create_app
from icv.accounts.models import User
from icv.applications.forms import EQUALITY_QUESTIONS
from icv.applications.models import DiversityResponse
from icv.clock import now_utc
from icv.extensions import db
from icv.rota.models import PlannedVisit, RotaPeriod
from icv.suites.models import Suite
from icv.suites.rules import DEFAULT_BANDS, band_for, day_started
from icv.visits.issue_rules import DEFAULT_ISSUE_CATEGORIES
from icv.visits.models import VisitIssue, VisitReport
from icv.visits.rules import NOT_OFFERED_REASONS
from icv.volunteers.models import Volunteer

FIRST, LAST = date(2016, 1, 1), date(2025, 12, 31)
SUITES, VOLUNTEERS, BATCH = 48, 600, 5000
#: Arrival hours (first, last, weight), as the demo draws them.
ARRIVALS = [(7, 9, 1), (10, 13, 3), (14, 17, 3), (18, 21, 3), (22, 25, 2)]


def config(url: str) -> dict:
    return {
        "ICV_ENV": "testing",
        "TESTING": True,
        "SECRET_KEY": "bench",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "ICV_BASE_URL": "http://icv.test",
    }


def write(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start : start + BATCH])


def people(rng: random.Random) -> list[dict]:
    """Volunteers appointed from 2014 on, a third of them leaving some years later."""
    now = now_utc()
    users = [
        {"id": n, "email": f"v{n}@bench.test", "name": f"Volunteer {n}", "created_at": now}
        for n in range(1, VOLUNTEERS + 1)
    ]
    write(User, users)
    volunteers = []
    for n in range(1, VOLUNTEERS + 1):
        appointed = date(2014, 1, 1) + timedelta(days=rng.randrange(12 * 365))
        left = appointed + timedelta(days=rng.randrange(300, 3000)) if rng.random() < 0.35 else None
        left = left if left and left <= LAST else None
        volunteers.append(
            {
                "id": n,
                "user_id": n,
                "status": "resigned" if left else "active",
                "appointed_on": appointed,
                "term_ends_on": appointed + timedelta(days=3 * 365),
                "left_on": left,
                "weekly_availability": [],
                "status_changed_at": now,
            }
        )
    write(Volunteer, volunteers)
    return volunteers


def pairs_by_month(volunteers: list[dict]) -> dict[tuple[int, int], list[int]]:
    """Ids of the volunteers active in each month, to draw visiting pairs from."""
    active: dict[tuple[int, int], list[int]] = {}
    for year in range(FIRST.year, LAST.year + 1):
        for month in range(1, 13):
            day = date(year, month, 15)
            active[(year, month)] = [
                v["id"]
                for v in volunteers
                if v["appointed_on"] <= day and (v["left_on"] is None or v["left_on"] > day)
            ]
    return active


def counts(rng: random.Random) -> dict:
    total = rng.randint(0, 18)
    not_offered = rng.randint(0, total // 3)
    declined = rng.randint(0, (total - not_offered) // 3)
    observed = rng.randint(0, (total - not_offered - declined) // 4)
    spoken = total - not_offered - declined - observed
    reasons = dict.fromkeys(NOT_OFFERED_REASONS, 0)
    for _ in range(not_offered):
        reasons[rng.choice(list(NOT_OFFERED_REASONS))] += 1
    return {
        "in_custody": total,
        "offered": spoken + observed + declined,
        "spoken": spoken,
        "observed": observed,
        "declined": declined,
        "not_offered": not_offered,
        "juveniles": rng.choice((0, 0, 0, 1)) if total else 0,
        "vulnerable_adults": min(total, rng.choice((0, 0, 1, 2))),
        **{f"not_offered_{reason}": n for reason, n in reasons.items()},
    }


def one_visit(rng, n: int, suite: int, day: date, pair: list[int], arrived: time) -> dict:
    roll = rng.random()
    outcome = "no_access" if roll < 0.03 else "abandoned" if roll < 0.04 else "completed"
    wait = rng.randint(16, 60) if rng.random() < 0.07 else rng.randint(0, 10)
    start = datetime.combine(day, arrived)
    admitted = None if outcome == "no_access" else (start + timedelta(minutes=wait)).time()
    return {
        "id": n,
        "suite_id": suite,
        "visit_date": day,
        # The day it counts on (a column added after this script was written).
        "counted_on": day_started(day, arrived, DEFAULT_BANDS),
        "band": band_for(arrived, DEFAULT_BANDS),
        "mode": rng.choices(("in_person", "virtual", "telephone"), (94, 4, 2))[0],
        "outcome": outcome,
        "arrived_at": arrived,
        "admitted_at": admitted,
        "left_at": (start + timedelta(minutes=wait + rng.randint(40, 120))).time(),
        "delay_minutes": None if admitted is None else wait,
        "visitor_1_id": pair[0] if pair else None,
        "visitor_2_id": pair[1] if len(pair) > 1 else None,
        "tact_visited": rng.random() < 0.002,
        "source": "form",
        **(counts(rng) if outcome == "completed" else {}),
    }


def issues_of(rng, visit: dict, first_id: int) -> list[dict]:
    if visit["outcome"] != "completed" or rng.random() > 0.28:
        return []
    found = []
    for position in range(1, rng.choice((1, 1, 1, 2)) + 1):
        raised = visit["visit_date"]
        closed = rng.random() < (0.95 if raised < date(2025, 6, 1) else 0.5)
        found.append(
            {
                "id": first_id + len(found),
                "report_id": visit["id"],
                "position": position,
                "category": rng.choice(list(DEFAULT_ISSUE_CATEGORIES)),
                "is_serious": rng.random() < 0.12,
                "description": "An issue raised at the visit",
                "status": "closed" if closed else rng.choice(("new", "with_force", "responded")),
                "raised_on": raised,
                "resolved_on": raised + timedelta(days=rng.randint(1, 120)) if closed else None,
            }
        )
    return found


def visits(rng: random.Random, volunteers: list[dict]) -> tuple[int, int]:
    """Reports and their issues, a year at a time."""
    active, report_id, issue_id = pairs_by_month(volunteers), 1, 1
    monday = FIRST - timedelta(days=FIRST.weekday())
    weights = [a[2] for a in ARRIVALS]
    while monday <= LAST:
        reports, issues, seen = [], [], set()
        for _ in range(52):
            for suite in range(1, SUITES + 1):
                # About six a week, now and then two on one day (at different times).
                for weekday in rng.choices(range(7), k=rng.randint(4, 8)):
                    day = monday + timedelta(days=weekday)
                    first, last, _ = rng.choices(ARRIVALS, weights)[0]
                    arrived = time(rng.randint(first, last) % 24, rng.randrange(60))
                    if not FIRST <= day <= LAST or (suite, day, arrived) in seen:
                        continue
                    seen.add((suite, day, arrived))
                    pool = active[(day.year, day.month)]
                    pair = rng.sample(pool, 2) if len(pool) > 1 else pool
                    visit = one_visit(rng, report_id, suite, day, pair, arrived)
                    reports.append(visit)
                    found = issues_of(rng, visit, issue_id)
                    issues += found
                    report_id, issue_id = report_id + 1, issue_id + len(found)
            monday += timedelta(days=7)
        write(VisitReport, reports)
        write(VisitIssue, issues)
        db.session.commit()
    return report_id - 1, issue_id - 1


def rotas(rng: random.Random) -> int:
    """A published rota for each quarter, one planned visit a week per suite."""
    planned, period_id = [], 1
    start = FIRST - timedelta(days=FIRST.weekday())
    while start <= LAST:
        end = start + timedelta(weeks=13) - timedelta(days=1)
        db.session.execute(
            insert(RotaPeriod),
            [{"id": period_id, "starts_on": start, "ends_on": end, "status": "published",
              "seed": period_id, "unfilled": []}],
        )  # fmt: skip
        for week in range(13):
            for suite in range(1, SUITES + 1):
                day = start + timedelta(weeks=week, days=rng.randrange(7))
                status = rng.choices(("completed", "missed", "cancelled"), (90, 6, 4))[0]
                planned.append(
                    {"period_id": period_id, "suite_id": suite, "visit_on": day,
                     "band": rng.choice(DEFAULT_BANDS).id, "status": status}
                )  # fmt: skip
        start, period_id = end + timedelta(days=1), period_id + 1
    write(PlannedVisit, planned)
    return len(planned)


def equality(rng: random.Random) -> None:
    rows = []
    for _ in range(3000):
        answers = {
            name: rng.choice([*choices, None]) for name, (_, choices) in EQUALITY_QUESTIONS.items()
        }
        day = FIRST + timedelta(days=rng.randrange((LAST - FIRST).days))
        rows.append({"submitted_on": day, **answers})
    write(DiversityResponse, rows)


def reset_sequences() -> None:
    """Ids were given explicitly; PostgreSQL's sequences must carry on after them."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in ("users", "volunteers", "visit_reports", "visit_issues", "rota_periods"):
        db.session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
        )


def generate(url: str, seed: int) -> None:
    app = create_app(config(url))
    with app.app_context():
        upgrade()
        if db.session.scalar(select(func.count()).select_from(Suite)):
            sys.exit("summary_history: the database already has suites; use an empty one")
        began = clock.perf_counter()
        rng = random.Random(seed)
        write(Suite, [{"id": n, "name": f"Suite {n:02d}", "address": ""} for n in range(1, 49)])
        volunteers = people(rng)
        reports, issues = visits(rng, volunteers)
        planned = rotas(rng)
        equality(rng)
        reset_sequences()
        db.session.commit()
        print(
            f"{url.split('://')[0]}: {SUITES} suites, {len(volunteers)} volunteers, "
            f"{reports} reports, {issues} issues, {planned} planned visits "
            f"in {clock.perf_counter() - began:.0f} s"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="database URL (migrated to head by this script)")
    parser.add_argument("--seed", type=int, default=2016)
    arguments = parser.parse_args()
    generate(arguments.url, arguments.seed)
