"""Two scheduler processes against one database for a simulated day send each message once.

Runs ``bench/scheduler_day.py`` (see its docstring) on the test database: on PostgreSQL in the
PostgreSQL pass, on SQLite otherwise. Only 06:00 to 10:00 of the day, to keep the suite quick:
the outage, the 07:00 warnings, the visit reminders and requests to confirm (07:10, 07:15), the
next-rota notice (07:20), the 07:30 digest, the 09:00 report chasers and every retry fall within
it; the bench's own record in ``bench/README.md`` is for the whole day.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_two_schedulers_for_a_simulated_day_send_each_message_exactly_once(
    app, database_url, free_port
):
    result = subprocess.run(
        [
            sys.executable,
            "bench/scheduler_day.py",
            database_url,
            "--volunteers",
            "18",
            "--hours",
            "6-10",
            "--smtp-port",
            str(free_port),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    # Two volunteers of each of the nine kinds (36 messages), the digest and the next-rota
    # notice to two coordinators (4), and the eight kinds of visit: 10 reminders and chasers to
    # visitors, 4 lists to the coordinators, one visit marked missed.
    assert lines[0].endswith("8 planned visits (1 to be marked missed)")
    assert "SMTP down 06:00-08:00; expected 54 messages, delivered 54, distinct 54" in lines
    # The outbox runs at the top of every minute, after the other jobs of that minute, so a
    # message is first tried the minute it is queued, then 1, 2, 4, 8, 16 and 32 minutes later:
    # the next-rota notice queued at 07:20 went on its 7th try.
    assert "last message queued in the outage delivered at 08:23 (UK time)" in lines
    # The chasers queued at 09:00 go in that minute's delivery run.
    assert "last message delivered at 09:00 (UK time)" in lines
    assert lines[-1] == "RESULT: each message was sent exactly once"
