"""Every list page, as the role that reads it, on a national-scale database: SQL statements
per page and the median server time of a GET (issue 15: at most 15 statements and 150 ms on
PostgreSQL at 150k reports).

    .venv/bin/python bench/pages_at_scale.py sqlite:////tmp/icv_pages.sqlite [--runs 7]
    ICV_BENCH_POSTGRES_URL=postgresql+psycopg://icv_ci:icv_ci@127.0.0.1:5432/icv_lists \\
        .venv/bin/python bench/pages_at_scale.py sqlite:////tmp/icv_pages.sqlite

An empty database is first filled with the history of ``bench/summary_history.py`` (ten years,
48 suites, about 150,000 reports, 600 volunteers; all but the last month's reports reviewed and
confirmed, as in a scheme at work), then this script adds 500 volunteers on
panels, 5,000 applications, 20,000 audit rows and 20,000 mails, 2,000 requests to swap a
visit (100 open), 20,000 job runs that did something, an expense claim for every third
report (by its first visitor: the last month's waiting, the rest approved), the training
area's courses, meetings, reviews and memorandum (``pages_training.py``), and one account
per role
(the volunteer is one of the history's, with its reports; the liaison answers for every
suite). ``--years`` makes a smaller history (the last N years) when a full one takes too long.
With ``ICV_BENCH_POSTGRES_URL`` set, the same is done on that (empty) database too.

Each page is asked for once while its statements are counted, then ``--runs`` times through
the test client (the server's whole work: session, user, queries, template; no network), and
the median is printed. Exits non-zero if a page misses a target.

A filled database is kept and measured again as it is (fill once, measure many times: after
a migration, run ``icv db upgrade`` on it first). ``--only /issues`` measures only the pages
whose address contains "/issues"; ``--show`` prints each page's statements (for ``EXPLAIN``);
``--first-view`` forgets the summary's kept figures before each of its measured views, as a
report sent does, to measure the view that works them out.
The page list is the tests' (``tests/list_pages.py``).
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pyotp
import summary_history as history  # beside this script
from pages_training import training  # beside this script
from sqlalchemy import event, func, insert, select, text, update

from icv import create_app
from icv.accounts.models import SecondFactor, User
from icv.accounts.passwords import hash_password
from icv.accounts.roles import Role
from icv.applications.models import Application
from icv.applications.stages import Stage
from icv.audit.models import AuditEvent
from icv.clock import now_utc
from icv.expenses.models import ExpenseClaim
from icv.extensions import db
from icv.hashing import digest
from icv.jobs.models import JobRun
from icv.notifications.models import OutboxMessage
from icv.rota.models import PlannedVisitor, RotaPeriod, SwapRequest
from icv.suites.models import Suite, suite_liaisons
from icv.visits.models import VisitReport
from icv.volunteers.models import Volunteer, volunteer_suites

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the page list of the tests
from tests.list_pages import LIST_PAGES, list_pages  # imports nothing else

#: The year of the history the summary is read for.
SUMMARY_YEAR = 2024

PASSWORD = "bench pages password"
SECRET = "BENCHPAGESKEYAAAABBBBCCCCDDDDEEE"
KEY = "aWN2IGJlbmNoIHBhZ2VzIGVuY3J5cHRpb24ga2V5ISE="
MORE_VOLUNTEERS, APPLICATIONS, AUDIT_ROWS, MAILS = 500, 5000, 20_000, 20_000
SWAP_REQUESTS, OPEN_REQUESTS, JOB_RUNS = 2000, 100, 20_000
TARGET_STATEMENTS, TARGET_MS = 15, 150
STAGES = [s.value for s in Stage]
#: role -> (email, roles) of the accounts this script signs in as.
ROLES = {
    "volunteer": ("volunteer@bench.example.org", {Role.VOLUNTEER}),
    "coordinator": ("coordinator@bench.example.org", {Role.COORDINATOR}),
    "admin": ("admin@bench.example.org", {Role.ADMIN}),
    "commissioner": ("commissioner@bench.example.org", {Role.COMMISSIONER}),
    "liaison": ("liaison@bench.example.org", {Role.LIAISON}),
}


def config(url: str) -> dict:
    return {**history.config(url), "ICV_ENCRYPTION_KEY": KEY}


def fill(url: str, years: int) -> None:
    """The history, then what the list pages need on top (see the module's docstring)."""
    history.FIRST = date(history.LAST.year - years + 1, 1, 1)
    history.generate(url, 2016)
    app = create_app(config(url))
    with app.app_context():
        rng = random.Random(15)
        reviewed()
        more_volunteers(rng)
        applications(rng)
        audit_and_mail()
        requests_and_runs(rng)
        expense_claims()
        training(rng, history.VOLUNTEERS + MORE_VOLUNTEERS)
        reset_sequences()  # before accounts() adds rows with ids of the database's choosing
        accounts()
        db.session.commit()
        if db.engine.dialect.name == "postgresql":  # statistics, as autovacuum would gather
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text("VACUUM ANALYZE"))


def reviewed() -> None:
    """The office reviews reports and partners confirm them within weeks: all but the last
    month's are reviewed and confirmed (the history leaves every one waiting, which no scheme
    has, and which would make "not reviewed" the whole table)."""
    db.session.execute(
        update(VisitReport)
        .where(VisitReport.visit_date < history.LAST - timedelta(days=30))
        .values(reviewed_at=VisitReport.submitted_at, cosigned_at=VisitReport.submitted_at)
    )


def more_volunteers(rng: random.Random) -> None:
    now, first = now_utc(), history.VOLUNTEERS + 1
    ids = range(first, first + MORE_VOLUNTEERS)
    history.write(User, [{"id": n, "email": f"v{n}@bench.test", "name": f"Volunteer {n}",
                          "created_at": now} for n in ids])  # fmt: skip
    history.write(Volunteer, [{"id": n, "user_id": n, "status": "active",
                               "appointed_on": date(2024, 1, 1), "term_ends_on": date(2027, 1, 1),
                               "weekly_availability": [], "status_changed_at": now}
                              for n in ids])  # fmt: skip
    panels = [(n, s) for n in range(1, first + MORE_VOLUNTEERS) for s in
              rng.sample(range(1, history.SUITES + 1), 2)]  # fmt: skip
    db.session.execute(
        insert(volunteer_suites), [{"volunteer_id": n, "suite_id": s} for n, s in panels]
    )


def applications(rng: random.Random) -> None:
    now = now_utc()
    rows = []
    for n in range(1, APPLICATIONS + 1):
        rows.append(
            {
                "id": n,
                "reference": f"ICV-{n:06d}",
                "status_token_hash": digest(secrets.token_urlsafe(16)),
                "applied_on": date(2025, 1, 1) + timedelta(days=rng.randrange(700)),
                "stage": rng.choice(STAGES),
                "stage_changed_at": now - timedelta(days=rng.randrange(200)),
                "name": f"Applicant {n}",
                "email": f"a{n}@bench.test",
                "eligibility": "pass",
            }
        )
    history.write(Application, rows)


def audit_and_mail() -> None:
    now = now_utc()
    history.write(AuditEvent, [{"at": now - timedelta(minutes=n), "actor_id": 1 + n % 1000,
                                "action": "bench.row", "object_type": "volunteer",
                                "object_id": str(1 + n % 1000), "summary": f"Row {n}"}
                               for n in range(AUDIT_ROWS)])  # fmt: skip
    history.write(OutboxMessage, [{"kind": "bench", "to_address": f"v{1 + n % 1000}@bench.test",
                                   "subject": f"Mail {n}", "body_text": "Hello",
                                   "status": "sent" if n % 50 else "failed"}
                                  for n in range(MAILS)])  # fmt: skip


def requests_and_runs(rng: random.Random) -> None:
    """Requests to swap a visit of the history's rotas, by one of its visitors, the last
    ``OPEN_REQUESTS`` still open; and the scheduler's runs that did something."""
    now = now_utc()
    places = db.session.execute(
        select(PlannedVisitor.visit_id, PlannedVisitor.volunteer_id).order_by(PlannedVisitor.id)
    ).all()
    rows = []
    chosen = rng.sample(places, min(SWAP_REQUESTS, len(places)))  # fewer in a short history
    for n, (visit_id, volunteer_id) in enumerate(chosen):
        decided = n >= OPEN_REQUESTS
        asked = now - timedelta(hours=n)
        rows.append({"visit_id": visit_id, "volunteer_id": volunteer_id, "kind": "swap",
                     "reason": f"Away {n}", "status": "declined" if decided else "open",
                     "created_at": asked, "resolved_at": asked + timedelta(hours=1)
                     if decided else None})  # fmt: skip
    history.write(SwapRequest, rows)
    history.write(JobRun, [{"job_id": "deliver_outbox", "started_at": now - timedelta(minutes=n),
                            "finished_at": now - timedelta(minutes=n), "status": "succeeded",
                            "did_something": True, "summary": f"sent {n % 7 + 1} mails"}
                           for n in range(JOB_RUNS)])  # fmt: skip


def expense_claims() -> None:
    """A claim for every third report, by its first visitor, for miles and sometimes parking:
    the last month's wait for the office (the queue lists them first), the rest approved."""
    now, recent = now_utc(), history.LAST - timedelta(days=30)
    claimed = db.session.execute(
        select(VisitReport.id, VisitReport.visitor_1_id, VisitReport.visit_date).where(
            VisitReport.id % 3 == 0, VisitReport.visitor_1_id.is_not(None)
        )
    )
    history.write(ExpenseClaim, [{"volunteer_id": volunteer, "kind": "visit", "report_id": report,
                                  "spent_on": day, "miles": 10 + report % 40, "pence_per_mile": 45,
                                  "parking_pence": 250 * (report % 2), "submitted_at": now,
                                  "status": "submitted" if day >= recent else "approved"}
                                 for report, volunteer, day in claimed])  # fmt: skip


def accounts() -> None:
    """One account per role, signed in with PASSWORD (and SECRET's codes for staff); the
    volunteer is the active one of the history with the most reports."""
    busiest = db.session.execute(
        select(VisitReport.visitor_1_id, func.count())
        .join(Volunteer, Volunteer.id == VisitReport.visitor_1_id)
        .where(Volunteer.status == "active")
        .group_by(VisitReport.visitor_1_id)
        .order_by(func.count().desc())
        .limit(1)
    ).first()[0]
    db.session.get(Volunteer, busiest).user.email = ROLES["volunteer"][0]
    db.session.flush()
    password = hash_password(PASSWORD)
    for email, roles in ROLES.values():
        user = db.session.scalars(User.by_email(email)).first()
        if user is None:
            user = User(email=email, name=email.split("@")[0].title())
            db.session.add(user)
        user.password_hash = password
        user.set_roles(roles)
        db.session.flush()
        if Role.VOLUNTEER not in roles:
            db.session.add(SecondFactor(user_id=user.id, secret=SECRET, enrolled_at=now_utc()))
    liaison = db.session.scalars(User.by_email(ROLES["liaison"][0])).one()
    db.session.execute(
        insert(suite_liaisons),
        [{"suite_id": s, "user_id": liaison.id} for s in range(1, history.SUITES + 1)],
    )


def reset_sequences() -> None:
    if db.engine.dialect.name != "postgresql":
        return
    for table in ("users", "volunteers", "applications", "audit_events", "outbox"):
        db.session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
        )


def engine_name(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


def misses(engine: str, statements: int, ms: float) -> bool:
    """Over the issue's targets: statements on either engine, time on PostgreSQL."""
    return statements > TARGET_STATEMENTS or (engine == "PostgreSQL" and ms > TARGET_MS)


def print_row(cells: str, statements: int, median: float, best: float, late: bool) -> None:
    """One page's line under the header both scripts print."""
    line = f"  {cells}{statements:>11}{median:>11.1f}{best:>9.1f}"
    print(f"{line}{'  MISSED' if late else ''}")


def signed_in(app, role: str):
    """A test client signed in as ``role``. Requests run outside any app context of this
    script: one pushed around them would be shared, and with it the signed-in user."""
    client = app.test_client()
    email = ROLES[role][0]
    answer = client.post("/sign-in", data={"email": email, "password": PASSWORD})
    if answer.headers.get("Location", "").startswith("/sign-in/code"):
        with app.app_context():
            db.session.execute(db.update(SecondFactor).values(last_used_step=None))
            db.session.commit()
        answer = client.post("/sign-in/code", data={"code": pyotp.TOTP(SECRET).now()})
    assert answer.status_code == 302, (role, answer.status_code)
    return client


def forget_kept_figures(app) -> None:
    """As a report sent does: the summary's next view works its figures out again."""
    with app.app_context():
        db.session.execute(text("DELETE FROM summary_stored_figures"))
        db.session.commit()


def measure(
    url: str, runs: int, only: str, show: bool, first_view: bool = False
) -> list[tuple[str, str, int, float, float]]:
    """(role, page, statements, median ms, best ms) of every list page whose address contains
    ``only``; with ``show``, each page's statements are printed as they are sent; with
    ``first_view``, every measured view of the summary is the first after a change."""
    app = create_app(config(url))
    with app.app_context():
        rota = db.session.scalar(select(func.max(RotaPeriod.id)))
        engine = db.engine
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: sent.append(a[2]))
    found = []
    for role in LIST_PAGES:
        pages = [p for p in list_pages(role, rota, SUMMARY_YEAR) if only in p]
        client = signed_in(app, role) if pages else None
        for page in pages:
            client.get(page)  # once unmeasured: a rota's first view works out its figures
            forget = first_view and "/summary" in page
            if forget:
                forget_kept_figures(app)
            sent.clear()
            answer = client.get(page)
            assert answer.status_code == 200, (role, page, answer.status_code)
            statements = len(sent)
            if show:
                print(f"--- {role} {page}", *sent, sep="\n\n")
            times = []
            for _ in range(runs):
                if forget:
                    forget_kept_figures(app)
                began = time.perf_counter()
                client.get(page)
                times.append(time.perf_counter() - began)
            found.append(
                (role, page, statements, statistics.median(times) * 1000, min(times) * 1000)
            )
    return found


def report(url: str, arguments: argparse.Namespace) -> bool:
    with create_app(config(url)).app_context():
        if not db.inspect(db.engine).has_table("suites") or not db.session.scalar(
            select(func.count()).select_from(Suite)
        ):
            began = time.perf_counter()
            fill(url, arguments.years)
            print(f"  filled in {time.perf_counter() - began:.0f} s")
    with create_app(config(url)).app_context():
        reports = db.session.scalar(text("SELECT count(*) FROM visit_reports"))
    engine = engine_name(url)
    print(f"{engine}: {reports} reports, median of {arguments.runs} GETs per page")
    print(f"  {'role':<13}{'page':<32}{'statements':>11}{'median ms':>11}{'best ms':>9}")
    missed = False
    measured = measure(url, arguments.runs, arguments.only, arguments.show, arguments.first_view)
    for role, page, statements, ms, best in measured:
        late = misses(engine, statements, ms)
        missed |= late
        print_row(f"{role:<13}{page:<32}", statements, ms, best, late)
    return missed


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="a SQLite database URL (filled by this script if empty)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--years", type=int, default=10, help="years of history (up to 10)")
    parser.add_argument("--only", default="", help="only the pages whose address contains this")
    parser.add_argument("--show", action="store_true", help="print each page's statements")
    parser.add_argument(
        "--first-view",
        action="store_true",
        help="the summary's first view after a change: its kept figures forgotten each time",
    )
    arguments = parser.parse_args()
    urls = [arguments.url, *filter(None, [os.environ.get("ICV_BENCH_POSTGRES_URL")])]
    missed = [report(url, arguments) for url in urls]
    sys.exit(1 if any(missed) else 0)
