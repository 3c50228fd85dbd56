#!/usr/bin/env bash
# Run the whole suite on SQLite, then again (but for the browser tests) on PostgreSQL when
# ICV_TEST_POSTGRES_URL is set, then the date-sensitive tests under a clock a year ahead on a
# Monday morning (libfaketime) when `faketime` is installed. Every pass runs even when an earlier one failed; the script fails at
# the end if any did, naming them. Under CI=true the PostgreSQL pass, the shifted clock and the
# browser tests are required, never skipped.
#   scripts/test.sh [pytest arguments]   e.g. scripts/test.sh tests/test_rota_rules.py -x
set -uo pipefail
cd "$(dirname "$0")/.."
pytest=.venv/bin/pytest
python=.venv/bin/python
failed=()

# The tests whose subject is dates and times: scheduled jobs, rotas, reminders, the summary,
# retention and the demo (whose history runs to yesterday).
DATE_SENSITIVE=(
  tests/test_jobs_*.py tests/test_rota_*.py tests/test_accounts_reminders.py
  tests/test_summary_*.py tests/test_applications_retention.py tests/test_demo.py
  tests/test_visits_rota_link.py tests/test_volunteers.py
)

echo "== test suite on SQLite"
"$pytest" "$@" || failed+=("SQLite")

# The browser tests drive the same pages on either engine: on PostgreSQL the whole suite runs
# but for them (unless arguments choose the tests), which keeps CI within its time.
pg_args=("$@")
[ $# -eq 0 ] && pg_args=(-m "not browser")
if [ -n "${ICV_TEST_POSTGRES_URL:-}" ]; then
  echo "== test suite on PostgreSQL (${pg_args[*]})"
  ICV_TEST_DATABASE_URL="$ICV_TEST_POSTGRES_URL" "$pytest" "${pg_args[@]}" || failed+=("PostgreSQL")
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true but ICV_TEST_POSTGRES_URL is not set: the PostgreSQL pass is required in CI" >&2
  failed+=("PostgreSQL (not run)")
else
  echo "NOTE: PostgreSQL pass skipped (set ICV_TEST_POSTGRES_URL, or run .ci/run with CI=true)."
fi

# Only with no arguments: a run of one file is not the whole suite.
if [ $# -eq 0 ]; then
  if command -v faketime >/dev/null; then
    # The first Monday at least a year from today, 07:45 in the UK (inside the weekly digest's
    # day of grace), written in UTC for faketime.
    shifted=$("$python" scripts/shifted_clock.py)
    offset=$("$python" scripts/shifted_clock.py --offset)
    echo "== date-sensitive tests on SQLite with the clock at $shifted UTC (faketime $offset s)"
    # Monotonic clocks stay real (timeouts and waits are measured on them); the sitecustomize
    # in scripts/faketime makes time.sleep work under libfaketime in every Python process.
    TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 PYTHONPATH=scripts/faketime \
      faketime -f "$offset" "$pytest" -p no:cacheprovider "${DATE_SENSITIVE[@]}" \
      || failed+=("clock at $shifted")
  elif [ "${CI:-}" = "true" ]; then
    echo "CI=true but faketime is not installed: the shifted-clock pass is required in CI" >&2
    failed+=("shifted clock (not run)")
  else
    echo "NOTE: shifted-clock pass skipped (install Debian's faketime to run it)."
  fi
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: $(IFS=,; echo "${failed[*]}" | sed 's/,/, /g')" >&2
  exit 1
fi
echo "== every pass succeeded"
