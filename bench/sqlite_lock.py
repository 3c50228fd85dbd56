"""Saves on SQLite while another connection holds the write lock for 5 seconds.

    .venv/bin/python bench/sqlite_lock.py [--clients 8] [--hold 5]

For each busy timeout (0 s: no wait, as a locked database behaved before; and the default
15 s), on a fresh migrated SQLite file in a temporary directory: N volunteers each start a
report; a separate connection takes SQLite's write lock (BEGIN IMMEDIATE, as a long import
does) and holds it; half a second later each volunteer posts a section without JavaScript
and reads their reports page, all at once, in threads. It prints how many saves were stored
(302), how many were answered "not saved yet" (503, words shown again), any other status, how
long the slowest save took, and how the reads fared (WAL lets them through).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade

from icv import create_app
from icv.accounts.roles import Role
from icv.extensions import db
from tests.conftest import app_config, sign_in
from tests.factories import make_suite, make_user, make_volunteer
from tests.reporting import start_report

TIMES = {"arrived_at": "09:30", "admitted_at": "09:40", "left_at": "10:50"}


def run(timeout: int, clients: int, hold: float) -> dict:
    path = Path(tempfile.mkdtemp()) / "icv.sqlite"
    app = create_app(app_config(f"sqlite:///{path}", ICV_SQLITE_BUSY_TIMEOUT=timeout))
    with app.app_context():
        upgrade()
        suite = make_suite()
        for n in range(clients):
            make_volunteer(make_user(f"v{n}@example.org", roles={Role.VOLUNTEER}), suites=[suite])
        db.session.commit()
    sessions = []
    for n in range(clients):
        client = app.test_client()
        sign_in(client, f"v{n}@example.org")
        sessions.append((client, start_report(client)))
    saves: list[tuple[int, float]] = []
    reads: list[tuple[int, float]] = []

    def volunteer(client, key) -> None:
        time.sleep(0.5)
        started = time.monotonic()
        status = client.post(f"/reports/draft/{key}/times", data=TIMES).status_code
        saves.append((status, time.monotonic() - started))
        started = time.monotonic()
        reads.append((client.get("/reports").status_code, time.monotonic() - started))

    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    threads = [threading.Thread(target=volunteer, args=s) for s in sessions]
    for thread in threads:
        thread.start()
    time.sleep(hold)
    holder.execute("ROLLBACK")
    holder.close()
    for thread in threads:
        thread.join()
    with app.app_context():
        db.engine.dispose()
    return {
        "saves": Counter(status for status, _ in saves),
        "slowest_save": max(seconds for _, seconds in saves),
        "reads": Counter(status for status, _ in reads),
        "slowest_read": max(seconds for _, seconds in reads),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--hold", type=float, default=5.0)
    args = parser.parse_args()
    for timeout in (0, 15):
        found = run(timeout, args.clients, args.hold)
        print(
            f"busy timeout {timeout:>2} s: saves {dict(found['saves'])}, slowest "
            f"{found['slowest_save']:.2f} s; reads {dict(found['reads'])}, slowest "
            f"{found['slowest_read']:.2f} s"
        )


if __name__ == "__main__":
    main()
