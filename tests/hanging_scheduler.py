"""``icv scheduler`` with one job that never finishes, for tests that kill it mid-job.

    python -m tests.hanging_scheduler expiry_warnings

The real command in every other way: the same app, job store, threads and signals.
"""

from __future__ import annotations

import dataclasses
import sys
import threading

from icv.jobs import registry


def hang() -> None:
    threading.Event().wait()


def main() -> None:
    job_id = sys.argv[1]
    # Before anything imports JOBS by name (the scheduler module, the catch-up, the admin page).
    registry.JOBS = tuple(
        dataclasses.replace(job, func=hang) if job.id == job_id else job for job in registry.JOBS
    )
    from icv.cli import main as icv

    sys.argv = ["icv", "scheduler"]
    icv()


if __name__ == "__main__":
    main()
