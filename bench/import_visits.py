"""How long `icv import visits` takes, and how much memory, for 10,000 and 100,000 visits.

    .venv/bin/python bench/import_visits.py                       # SQLite only
    .venv/bin/python bench/import_visits.py --postgres postgresql+psycopg://icv:pw@127.0.0.1/bench

Each run is a fresh database migrated to head (the PostgreSQL one's schema is dropped first:
never point it at a database you need) and a seeded file of N visits to 48 suites over ten
years, with names, counts and notes like a spreadsheet's. The command runs as its own process,
as an office runs it; its wall time and peak resident memory (the kernel's rusage, wait4) are
printed as a Markdown table for bench/README.md. A second import of the same file (nothing to
add) is timed too.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time as clock
from datetime import date, timedelta
from pathlib import Path

ICV = str(Path(sys.executable).with_name("icv"))
HEADER = [
    *("date", "suite", "arrived", "admitted", "left", "mode", "outcome", "visitor_1"),
    *("visitor_2", "in_custody", "offered", "spoken", "observed", "declined", "not_offered"),
    *("juveniles", "notes"),
]
FIRST = date(2016, 1, 1)


def visits_file(path: Path, n: int, seed: int = 14) -> None:
    """N distinct visits (suite, day and arrival never repeat), about half of them named."""
    rng = random.Random(seed)
    taken: set[tuple[int, int, int]] = set()
    with path.open("w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(HEADER)
        while len(taken) < n:
            suite, day, minute = (
                rng.randrange(48),
                rng.randrange(3650),
                rng.randrange(7 * 60, 21 * 60),
            )
            if (suite, day, minute) in taken:
                continue
            taken.add((suite, day, minute))
            visit_day = FIRST + timedelta(days=day)
            length = rng.randrange(30, 180)
            arrived = f"{minute // 60:02}:{minute % 60:02}"
            left = f"{(minute + length) // 60 % 24:02}:{(minute + length) % 60:02}"
            custody = rng.randrange(0, 20)
            offered = rng.randrange(0, custody + 1)
            spoken = rng.randrange(0, offered + 1)
            out.writerow([
                visit_day.isoformat(), f"Suite {suite:02}", arrived, arrived, left, "", "",
                f"Visitor {rng.randrange(300)}", f"Visitor {rng.randrange(300)}",
                custody, offered, spoken, 0, offered - spoken, custody - offered,
                rng.randrange(0, 2) if custody else 0, "Cells clean, one blanket short",
            ])  # fmt: skip


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident MB and the last line of output of one command."""
    start = clock.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = clock.perf_counter() - start
    output = process.stdout.read().decode() if process.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{output}")
    return seconds, usage.ru_maxrss / 1024, output.strip().splitlines()[-1]


def fresh(url: str | None, folder: Path) -> dict[str, str]:
    """The environment of a new, migrated database."""
    env = {**os.environ, "ICV_INSTANCE_PATH": str(folder)}
    if url is None:
        env["ICV_DATABASE_URL"] = f"sqlite:///{folder / 'icv.sqlite'}"
    else:
        env["ICV_DATABASE_URL"] = url
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    subprocess.run([ICV, "db", "upgrade"], env=env, check=True, capture_output=True)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL to run on too (its schema is dropped)")
    parser.add_argument("--sizes", default="10000,100000")
    options = parser.parse_args()
    engines = [("SQLite", None)] + ([("PostgreSQL", options.postgres)] if options.postgres else [])
    print("| engine | visits | import (s) | peak memory (MB) | again (s) | said |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, url in engines:
        for n in map(int, options.sizes.split(",")):
            with tempfile.TemporaryDirectory() as folder:
                env = fresh(url, Path(folder))
                path = Path(folder) / "visits.csv"
                visits_file(path, n)
                seconds, peak, said = timed([ICV, "import", "visits", str(path)], env)
                again, _, said_again = timed([ICV, "import", "visits", str(path)], env)
                figures = f"{seconds:.1f} | {peak:.0f} | {again:.1f}"
                print(f"| {name} | {n:,} | {figures} | {said} / {said_again} |")


if __name__ == "__main__":
    main()
