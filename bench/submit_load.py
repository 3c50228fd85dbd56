"""Sending reports under load, against a bare endpoint of the same stack (issue 15, item 1).

    .venv/bin/python bench/submit_load.py                       # SQLite (a temporary file)
    ICV_BENCH_POSTGRES_URL=postgresql+psycopg://icv_ci:icv_ci@127.0.0.1:5432/icv_send \\
        .venv/bin/python bench/submit_load.py                   # and PostgreSQL
    .venv/bin/python bench/submit_load.py --users 16 --rounds 4 --sends 5
    .venv/bin/python bench/submit_load.py --postgres-only       # PostgreSQL alone

Builds a migrated database with ``--users`` volunteers, each on the panel of a suite of their
own, and for each of them one complete report draft per send to come (each of another day, so
none is refused as a second report of a visit). Starts gunicorn with 4 workers on a free
loopback port, signs every volunteer in, then runs rounds in turn (bare, send, bare, send...):
in a round every volunteer is a thread that posts ``--sends`` times one after another.

- send: ``POST /reports/draft/<key>/check``, as the "Send report" button does. Every fifth send
  is a double tap: two posts of the same draft at once (every other one asking for JSON, as the
  phone's queue does); both must be answered with the report (a redirect to it, or its JSON).
- bare: ``POST /bench/bare`` of the same app (session, sign-in, CSRF off), inserting one row
  into a table of its own and committing: what the stack and the database cost by themselves.

Prints each kind's throughput (requests a second), p50, p95 and CPU a request of the app, the
database server and this client (``cpu_parts.py``), the ratio of the throughputs,
the rows lost (answered as sent, not stored) and duplicated, and the double taps answered
wrongly. Targets: ratio >= 0.5, send p95 <= 3x bare p95, 0 lost, 0 duplicated, 0 wrong.
The PostgreSQL database's schema is dropped first: never point it at a database you need.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import requests
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, func, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's icv (a copy of another commit serves its own)
PASSWORD = "bench-password-" + "x" * 12
BARE = Table(
    "bench_bare",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("key", String(64), unique=True, nullable=False),
    Column("at", DateTime, nullable=False, server_default=func.now()),
)


def served():
    """The app gunicorn serves: icv as configured by the environment, plus the bare endpoint."""
    from flask import abort, redirect, request
    from flask_login import current_user

    from icv import config, create_app
    from icv.extensions import csrf, db

    # The environment's settings (as gunicorn would serve them), with the limits off: every
    # volunteer signs in from the same address.
    app = create_app({**config.read_environment(os.environ), "RATELIMIT_ENABLED": False})

    @app.post("/bench/bare")
    @csrf.exempt
    def bare():
        if not current_user.is_authenticated:
            abort(401)
        row = db.session.execute(BARE.insert().values(key=request.form["key"]))
        db.session.commit()
        return redirect(f"/bench/bare/{row.inserted_primary_key[0]}")

    return app


def answers(suite_id: int, volunteer_id: int, day: date) -> dict[str, dict[str, list[str]]]:
    """A complete report, as typed (the structured checks of issue 16 answered, so sends of
    a draft made for the form before them are not refused): one person in custody, one
    urgent issue."""
    typed = {
        "visit": {
            "suite_id": str(suite_id),
            "visit_date": [str(day.day), str(day.month), str(day.year)],
            "mode": "in_person",
            "outcome": "completed",
            "outcome_reason": "",
            "tact_visited": "no",
            "staff_on_duty": "Custody sergeant",
        },
        "times": {"arrived_at": "14:00", "admitted_at": "14:05", "left_at": "15:00"},
        "visitors": {"visitor_1": str(volunteer_id), "visitor_2": ""},
        "people": {"in_custody": "1", "spoken": "1"},
        "checks": {"check_told_rights": "1", "check_cctv_working": "yes", "rating": "concerns"},
        "issues": {
            "raised": "yes",
            "issues-0-category": "supplies",
            "issues-0-is_urgent": "y",
            "issues-0-description": "No blankets in stock",
            "issues-0-raised_with": "Custody sergeant",
            "issues-0-immediate_response": "",
        },
    }
    return {
        slug: {name: value if isinstance(value, list) else [value] for name, value in s.items()}
        for slug, s in typed.items()
    }


def prepare(url: str, users: int, drafts_each: int) -> dict[str, list[str]]:
    """A fresh database: the volunteers, their suites, their drafts. Email -> draft keys."""
    from flask_migrate import upgrade

    from icv import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" + "k" * 40})
    from icv.accounts.models import User
    from icv.accounts.passwords import hash_password
    from icv.accounts.roles import Role
    from icv.extensions import db
    from icv.suites.models import Suite
    from icv.visits.models import ReportDraft
    from icv.volunteers.models import Volunteer
    from icv.wizard import new_key

    keys: dict[str, list[str]] = {}
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade()
        BARE.create(db.engine)
        coordinator = User(email="office@example.org", name="Office Person", password_hash="-")
        coordinator.set_roles({Role.COORDINATOR})
        db.session.add(coordinator)
        password = hash_password(PASSWORD)
        yesterday = date.today() - timedelta(days=1)
        for n in range(users):
            user = User(email=f"v{n}@example.org", name=f"Volunteer {n:03}", password_hash=password)
            user.set_roles({Role.VOLUNTEER})
            suite = Suite(name=f"Suite {n:03}", address="Somewhere")
            volunteer = Volunteer(
                user=user, status="active", appointed_on=date(2025, 1, 6),
                term_ends_on=date(2035, 1, 5), vetting_level="NPPV2",
                vetting_cleared_on=date(2024, 12, 1), vetting_expires_on=date(2035, 12, 1),
                suites=[suite],
            )  # fmt: skip
            db.session.add_all([user, suite, volunteer])
            db.session.flush()
            keys[user.email] = []
            for d in range(drafts_each):
                key = new_key()
                data = answers(suite.id, volunteer.id, yesterday - timedelta(days=d))
                db.session.add(ReportDraft(key=key, owner=user, on_behalf=False, data=data))
                keys[user.email].append(key)
        db.session.commit()
    return keys


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url: str, port: int, folder: Path) -> subprocess.Popen:
    env = {
        # icv refuses ICV_ settings it does not know, such as this bench's own
        **{k: v for k, v in os.environ.items() if not k.startswith("ICV_BENCH_")},
        "ICV_ENV": "development",
        "ICV_DATABASE_URL": url,
        "ICV_SECRET_KEY": "bench-" + "k" * 40,
        "ICV_INSTANCE_PATH": str(folder),
        "ICV_BASE_URL": "http://icv.bench",
        "PYTHONPATH": str(ROOT),
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "-w", "4", "-b", f"127.0.0.1:{port}", "--chdir", str(ROOT),
         "--log-level", "warning", "bench.submit_load:served()"],
        env=env,
    )  # fmt: skip
    for _ in range(300):
        try:
            requests.get(f"http://127.0.0.1:{port}/sign-in", timeout=10)
            return server
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def sign_in(base: str, email: str) -> tuple[requests.Session, str]:
    """A signed-in session and its CSRF token."""
    session = requests.Session()
    page = session.get(f"{base}/sign-in").text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    data = {"email": email, "password": PASSWORD, "csrf_token": token[1] if token else ""}
    answer = session.post(f"{base}/sign-in", data=data, allow_redirects=False)
    assert answer.status_code == 302, (answer.status_code, answer.text[:500])
    page = session.get(f"{base}/reports").text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert token, "no CSRF token on Your reports"
    return session, token[1]


class Tally:
    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.cpu: dict[str, Counter[str]] = {"bare": Counter(), "send": Counter()}
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {"bare": [], "send": []}
        self.elapsed: Counter[str] = Counter()
        self.sent: list[str] = []  # keys answered as sent
        self.bare: list[str] = []
        self.taps = 0
        self.wrong: list[str] = []


def one_send(base, session, token, key, tally: Tally, as_json: bool = False) -> str | None:
    """Post "Send report"; the report's address it was answered with, else None."""
    headers = {"Accept": "application/json"} if as_json else {}
    started = time.perf_counter()
    answer = session.post(
        f"{base}/reports/draft/{key}/check",
        data={"csrf_token": token}, headers=headers, allow_redirects=False,
    )  # fmt: skip
    took = time.perf_counter() - started
    with tally.lock:
        tally.times["send"].append(took)
    if as_json and answer.status_code == 200:
        return answer.json().get("report")
    if answer.status_code == 302 and "/reports/" in answer.headers["Location"]:
        return answer.headers["Location"]
    return None


def double_tap(base, session, token, key: str, tally: Tally, as_json: bool) -> None:
    """Two posts of one draft at once: both must be answered with the same report."""
    found: list[str | None] = [None, None]

    def tap(i: int) -> None:
        found[i] = one_send(base, session, token, key, tally, as_json=as_json and i == 1)

    pair = [threading.Thread(target=tap, args=(i,)) for i in range(2)]
    for t in pair:
        t.start()
    for t in pair:
        t.join()
    with tally.lock:
        tally.taps += 1
        if None in found or found[0].rsplit("/", 1)[-1] != found[1].rsplit("/", 1)[-1]:
            tally.wrong.append(f"{key}: {found}")
        if found[0] or found[1]:
            tally.sent.append(key)


def sender(base, session, token, keys: list[str], tally: Tally) -> None:
    for n, key in enumerate(keys):
        if n % 5 == 4:  # a double tap, every other one from the phone's queue (JSON)
            double_tap(base, session, token, key, tally, as_json=n % 10 == 9)
        elif one_send(base, session, token, key, tally):
            with tally.lock:
                tally.sent.append(key)


def barer(base, session, prefix: str, count: int, tally: Tally) -> None:
    for n in range(count):
        key = f"{prefix}-{n}"
        started = time.perf_counter()
        answer = session.post(f"{base}/bench/bare", data={"key": key}, allow_redirects=False)
        took = time.perf_counter() - started
        with tally.lock:
            tally.times["bare"].append(took)
            if answer.status_code == 302:
                tally.bare.append(key)


def run_round(kind: str, work: list[threading.Thread], tally: Tally) -> None:
    from bench.cpu_parts import cpu_snapshot, cpu_spent  # not in gunicorn's served()

    started, cpu_before = time.perf_counter(), cpu_snapshot(tally.server_pid)
    for t in work:
        t.start()
    for t in work:
        t.join()
    tally.elapsed[kind] += time.perf_counter() - started
    tally.cpu[kind].update(cpu_spent(cpu_before, cpu_snapshot(tally.server_pid)))


def stored(url: str, table: str, column: str) -> Counter[str]:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT {column} FROM {table}")).scalars()
        found = Counter(rows)
    engine.dispose()
    return found


def bench(url: str, args) -> None:
    from bench.cpu_parts import described, percentile

    folder = Path(tempfile.mkdtemp(prefix="icv-submit-load-"))
    drafts_each = 1 + args.rounds * args.sends  # the first for warming up
    keys = prepare(url, args.users, drafts_each)
    port = free_port()
    server = start_gunicorn(url, port, folder)
    base = f"http://127.0.0.1:{port}"
    tally = Tally(server.pid)
    try:
        signed = {email: sign_in(base, email) for email in keys}
        # Warm up (not counted): each worker's first send loads templates and imports.
        warm = Tally(server.pid)
        run_round(
            "send",
            [
                threading.Thread(target=sender, args=(base, s, t, keys[e][:1], warm))
                for e, (s, t) in signed.items()
            ],
            warm,
        )
        run_round(
            "bare",
            [
                threading.Thread(target=barer, args=(base, s, f"{e}-warm", 1, warm))
                for e, (s, _) in signed.items()
            ],
            warm,
        )
        tally.sent.extend(warm.sent)
        tally.bare.extend(warm.bare)
        for r in range(args.rounds):
            bare = [
                threading.Thread(target=barer, args=(base, s, f"{e}-{r}", args.sends, tally))
                for e, (s, _) in signed.items()
            ]
            run_round("bare", bare, tally)
            chunk = slice(1 + r * args.sends, 1 + (r + 1) * args.sends)
            send = [
                threading.Thread(target=sender, args=(base, s, t, keys[e][chunk], tally))
                for e, (s, t) in signed.items()
            ]
            run_round("send", send, tally)
    finally:
        server.terminate()
        server.wait()
    reports = stored(url, "visit_reports", "submission_key")
    bare_rows = stored(url, "bench_bare", "key")
    print(f"engine: {url.split(':', 1)[0]}, users: {args.users}, rounds: {args.rounds} each,")
    print(f"  {args.sends} posts per user per round (every fifth send a double tap)")
    rate = {}
    for kind in ("bare", "send"):
        times = tally.times[kind]
        rate[kind] = len(times) / tally.elapsed[kind]
        print(
            f"{kind:>5}: {len(times)} requests, {rate[kind]:.1f}/s, "
            f"p50 {percentile(times, 0.5):.0f} ms, p95 {percentile(times, 0.95):.0f} ms"
        )
    for kind in ("bare", "send"):
        if not url.startswith("postgresql"):  # SQLite works inside the app
            tally.cpu[kind].pop("database", None)
        print(f"{kind:>5}: CPU ms a request: {described(tally.cpu[kind], len(tally.times[kind]))}")
    p95 = percentile(tally.times["send"], 0.95) / percentile(tally.times["bare"], 0.95)
    print(f"throughput send/bare: {rate['send'] / rate['bare']:.2f}; p95 send/bare: {p95:.1f}x")
    lost = [k for k in tally.sent if reports[k] == 0] + [k for k in tally.bare if not bare_rows[k]]
    every_key = {k for ks in keys.values() for k in ks}
    unanswered = len(every_key) - len(set(tally.sent))
    duplicated = sum(1 for c in (*reports.values(), *bare_rows.values()) if c > 1)
    print(f"lost: {len(lost)}, duplicated: {duplicated}, sends not answered as sent: {unanswered}")
    print(f"double taps: {tally.taps}, answered wrongly: {len(tally.wrong)}")
    for wrong in tally.wrong[:5]:
        print("  ", wrong)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--sends", type=int, default=5)
    parser.add_argument("--postgres-only", action="store_true", help="skip SQLite")
    args = parser.parse_args()
    postgres = os.environ.get("ICV_BENCH_POSTGRES_URL")
    if args.postgres_only and not postgres:
        parser.error("--postgres-only needs ICV_BENCH_POSTGRES_URL")
    if not args.postgres_only:
        bench(f"sqlite:///{Path(tempfile.mkdtemp(prefix='icv-submit-db-')) / 'db.sqlite'}", args)
    if postgres:
        bench(postgres, args)


if __name__ == "__main__":
    main()
