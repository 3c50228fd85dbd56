"""Two scheduler processes against one database for a simulated day send each message once.

Runs ``bench/scheduler_day.py`` (see its docstring) on the test database: on PostgreSQL in the
PostgreSQL pass, on SQLite otherwise. Only 06:00 to 09:00 of the day, to keep the suite quick:
the outage, the 07:00 warnings, the 07:30 digest and every retry fall within it; the bench's
own record in ``bench/README.md`` is for the whole day.
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
            "6-9",
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
    # Two volunteers of each of the nine kinds (36 messages), and the digest to two coordinators.
    assert "SMTP down 06:00-08:00; expected 38 messages, delivered 38, distinct 38" in lines
    assert "last message delivered at 08:03 (UK time)" in lines
    assert lines[-1] == "RESULT: each message was sent exactly once"
