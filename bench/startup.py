"""How long ``icv`` takes to start: the median of N fresh processes for each of

- ``icv --help``,
- ``icv rota solve --help``,
- ``python -c "from icv import create_app; create_app()"`` (what a gunicorn worker, or the
  master with ``--preload``, does before it serves anything),
- ``python -c pass`` (the interpreter alone, for scale).

Usage: ``.venv/bin/python bench/startup.py [--runs N] [--source DIR]``. ``--source`` measures
the icv package found in DIR instead (put first on PYTHONPATH), e.g. an older commit exported
with ``git archive <commit> icv templates | tar -x -C DIR``, to compare before and after.
Each process gets a fresh instance folder made once beforehand (the first start in a folder
writes its development keys), so every run counted is a warm start.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
CASES = {
    "icv --help": [str(BIN / "icv"), "--help"],
    "icv rota solve --help": [str(BIN / "icv"), "rota", "solve", "--help"],
    "create_app()": [sys.executable, "-c", "from icv import create_app; create_app()"],
    "python -c pass": [sys.executable, "-c", "pass"],
}


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def modules_imported(command: list[str], env: dict[str, str]) -> int:
    """How many modules the command imports (a figure the machine's load does not change),
    counted from ``python -X importtime``'s one line per module."""
    script = command[1:] if command[0] == sys.executable else command
    run = [sys.executable, "-X", "importtime", *script]
    result = subprocess.run(run, env=env, check=True, capture_output=True, text=True)
    lines = result.stderr.splitlines()
    return sum(1 for line in lines if line.startswith("import time:") and "|" in line) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--source", type=Path, help="measure the icv package in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as instance:
        env = {"PATH": os.environ.get("PATH", "/usr/bin"), "ICV_INSTANCE_PATH": instance}
        if args.source:
            env["PYTHONPATH"] = str(args.source.resolve())
        for command in CASES.values():
            timed(command, env)  # warm-up: writes the instance's keys, fills the OS's caches
        print(f"{args.runs} runs each, median (min-max) in ms, source {args.source or 'here'}")
        for name, command in CASES.items():
            times = [timed(command, env) * 1000 for _ in range(args.runs)]
            median = statistics.median(times)
            modules = modules_imported(command, env)
            print(
                f"  {name:24} {median:6.0f}  ({min(times):.0f}-{max(times):.0f})"
                f"  {modules} modules imported"
            )


if __name__ == "__main__":
    main()
