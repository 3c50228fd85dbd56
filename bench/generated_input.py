"""Generated input in bulk: the properties of tests/test_generated_*.py with many examples.

Runs each test file with ``ICV_GENERATED_EXAMPLES`` set to its count here (or ``--scale`` times
it), collects every target's tally (``ICV_GENERATED_STATS``) and prints the cases run and the
server errors met, per target and in all. Exits non-zero if any test failed.

    .venv/bin/python bench/generated_input.py             # about 10,000 cases
    .venv/bin/python bench/generated_input.py --scale 0.1 # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess  # nosec B404: runs this project's own pytest
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Examples per target in each file: a form takes far longer than an import or an API call,
#: and there are some eighty forms, so each gets fewer.
EXAMPLES = {
    "tests/test_generated_forms.py": 40,
    "tests/test_generated_import.py": 1200,
    "tests/test_generated_api.py": 1500,
}


def run(path: str, examples: int, stats: Path) -> int:
    env = {**os.environ, "ICV_GENERATED_EXAMPLES": str(examples), "ICV_GENERATED_STATS": str(stats)}
    command = [str(ROOT / ".venv/bin/pytest"), "-q", "-p", "no:cacheprovider", path]
    return subprocess.call(command, cwd=ROOT, env=env)  # nosec B603: fixed arguments


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="times the examples per target")
    scale = parser.parse_args().scale
    failed = []
    with tempfile.TemporaryDirectory() as folder:
        stats = Path(folder) / "stats.jsonl"
        started = time.monotonic()
        for path, examples in EXAMPLES.items():
            if run(path, max(1, round(examples * scale)), stats) != 0:
                failed.append(path)
        seconds = time.monotonic() - started
        tallies = [json.loads(line) for line in stats.read_text().splitlines()]
    print(f"\n{'target':<34} {'cases':>7}  server errors")
    for tally in tallies:
        errors = "; ".join(tally["errors"]) or "0"
        print(f"{tally['target']:<34} {tally['cases']:>7}  {errors}")
    cases = sum(tally["cases"] for tally in tallies)
    errors = sum(len(tally["errors"]) for tally in tallies)
    print(f"{'in all':<34} {cases:>7}  {errors} ({seconds:.0f} s)")
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed or errors else 0


if __name__ == "__main__":
    sys.exit(main())
