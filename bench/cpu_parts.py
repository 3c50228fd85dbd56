"""Figures of a load bench: percentiles, and the CPU used by its parts on Linux, read from
/proc: the app (a server process and its workers), the database server's processes
(PostgreSQL's) and this client.

    before = cpu_snapshot(server_pid)
    ...  # the work
    spent = cpu_spent(before, cpu_snapshot(server_pid))  # {"app": s, "database": s, ...}

A process that ends between the two snapshots is left out (its CPU cannot be read any more),
one that starts counts all its CPU: no part is ever negative. Elsewhere than Linux only the
client is counted."""

from __future__ import annotations

import os
import statistics
from collections import Counter
from pathlib import Path

#: pid -> (part, CPU seconds so far); the client is pid 0.
Snapshot = dict[int, tuple[str, float]]


def cpu_snapshot(server_pid: int) -> Snapshot:
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    found: Snapshot = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = stat.read_text().split(" (", 1)
        except OSError:  # the process ended meanwhile
            continue
        name, fields = rest.rsplit(") ", 1)
        values = fields.split()
        parent, seconds = int(values[1]), (int(values[11]) + int(values[12])) / tick
        if int(pid) == server_pid or parent == server_pid:
            found[int(pid)] = ("app", seconds)
        elif name.startswith("postgres"):
            found[int(pid)] = ("database", seconds)
    client = os.times()
    found[0] = ("client", client.user + client.system)
    return found


def cpu_spent(before: Snapshot, after: Snapshot) -> Counter[str]:
    """CPU seconds each part used between two snapshots."""
    spent: Counter[str] = Counter()
    for pid, (part, seconds) in after.items():
        spent[part] += seconds - before.get(pid, (part, 0.0))[1]
    return spent


def described(spent: Counter[str], requests: int) -> str:
    """Each part's CPU a request, in ms: "app 6.9, client 1.6, database 2.2"."""
    return ", ".join(f"{part} {s / requests * 1000:.1f}" for part, s in sorted(spent.items()))


def percentile(values: list[float], share: float) -> float:
    """A share's percentile of durations in seconds, in ms (0.95: the p95)."""
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] * 1000
