"""The summary page against the raw SQL it needs, on the same database in one run.

    .venv/bin/python bench/summary_history.py sqlite:////tmp/icv_bench.sqlite   # once
    .venv/bin/python bench/summary_page.py sqlite:////tmp/icv_bench.sqlite [--year 2025]

Signs in as a commissioner (added if missing) through the test client and asks once for the
summary page, recording every SQL statement it sends and, apart, those sent while the figures
are worked out (``services.summary_for``): the aggregate queries the page needs. Then, in turn,
N times each: the whole page (a GET with ``Accept-Encoding: br``, as a browser sends it: signing
in from the session, settings, the figures, the template, compression), and those aggregate
statements alone, sent with their parameters through a raw DB-API cursor with every row
fetched. Taking turns keeps a busy machine from favouring either. Prints the medians, the ratio
page / raw SQL (target at most 1.5) and the statement count (target at most 15).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from sqlalchemy import event, select
from summary_history import config  # beside this script

from icv import create_app
from icv.accounts.models import User
from icv.accounts.passwords import hash_password
from icv.accounts.roles import Role
from icv.extensions import db
from icv.summary import routes

EMAIL, PASSWORD = "commissioner@bench.example.org", "bench-commissioner-password"


class Recorder:
    """Every statement sent, and apart those sent while the figures are worked out."""

    def __init__(self) -> None:
        self.all: list[str] = []
        self.figures: list[tuple[str, object]] = []
        self.working = False

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.all.append(statement)
        if self.working:
            self.figures.append((statement, parameters))

    def around(self, work):
        def wrapped(*args, **kwargs):
            self.working = True
            try:
                return work(*args, **kwargs)
            finally:
                self.working = False

        return wrapped


def commissioner() -> None:
    if db.session.scalars(User.by_email(EMAIL)).first() is None:
        user = User(email=EMAIL, name="Bench Commissioner", password_hash=hash_password(PASSWORD))
        user.set_roles({Role.COMMISSIONER})
        db.session.add(user)
        db.session.commit()


def raw_sql(statements: list[tuple[str, object]]) -> float:
    """Seconds to send the statements through a raw DB-API cursor and fetch every row."""
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        began = time.perf_counter()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            cursor.fetchall()
        took = time.perf_counter() - began
        cursor.close()
        return took
    finally:
        connection.close()


def page(client, path: str) -> float:
    began = time.perf_counter()
    response = client.get(path, headers={"Accept-Encoding": "br"})
    took = time.perf_counter() - began
    assert response.status_code == 200, response.status_code
    return took


def run(url: str, path: str, runs: int) -> None:
    app = create_app(config(url))
    with app.app_context():
        commissioner()
        recorder = Recorder()
        client = app.test_client()
        signed = client.post("/sign-in", data={"email": EMAIL, "password": PASSWORD})
        assert signed.status_code == 302, signed.text
        routes.services.summary_for = recorder.around(routes.services.summary_for)
        event.listen(db.engine, "before_cursor_execute", recorder)
        first = client.get(path, headers={"Accept-Encoding": "br"})
        event.remove(db.engine, "before_cursor_execute", recorder)
        reports = db.session.scalar(select(db.func.count()).select_from(db.table("visit_reports")))
        pages, raws = [], []
        for _ in range(runs):
            pages.append(page(client, path))
            raws.append(raw_sql(recorder.figures))
    page_ms, raw_ms = statistics.median(pages) * 1000, statistics.median(raws) * 1000
    print(f"{db_name(url)}, {reports} reports, GET {path} ({len(first.data)} bytes brotli)")
    print(f"  statements per page: {len(recorder.all)} ({len(recorder.figures)} for the figures)")
    print(f"  page:    median {page_ms:7.1f} ms  (min {min(pages) * 1000:.1f}, {runs} runs)")
    print(f"  raw SQL: median {raw_ms:7.1f} ms  (min {min(raws) * 1000:.1f})")
    ratio = page_ms / raw_ms
    print(f"  page / raw SQL = {ratio:.2f} (target 1.5); statements {len(recorder.all)} (15)")
    if ratio > 1.5 or len(recorder.all) > 15:
        sys.exit(1)


def db_name(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="a database filled by bench/summary_history.py")
    parser.add_argument("--year", default="2024")
    parser.add_argument("--basis", default="financial", choices=("calendar", "financial"))
    parser.add_argument("--runs", type=int, default=21)
    arguments = parser.parse_args()
    run(arguments.url, f"/summary/{arguments.year}?basis={arguments.basis}", arguments.runs)
