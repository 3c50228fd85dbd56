#!/usr/bin/env bash
# Run the whole suite on SQLite and, at the same time, again (but for the browser tests) on
# PostgreSQL when ICV_TEST_POSTGRES_URL is set, followed by the date-sensitive tests under a
# clock a year ahead on a Monday morning (libfaketime) when `faketime` is installed. The two
# lanes share the machine's cores (CI's time); the second lane's output is printed when the
# first ends. With PostgreSQL, the tests that never reach the test database (no `app` or
# `database_url` fixture: the rota engine, the CLI's start, config) run once, on SQLite, after
# the others in the first lane (tests/conftest.py, ICV_TEST_SELECT). Every pass
# runs even when another failed; the script fails at the end if any did, naming them. Under
# CI=true the PostgreSQL pass, the shifted clock and the browser tests are required, never
# skipped.
#   scripts/test.sh [pytest arguments]   e.g. scripts/test.sh tests/test_rota_rules.py -x
set -uo pipefail
cd "$(dirname "$0")/.."
pytest=.venv/bin/pytest
python=.venv/bin/python
failed=()
lane=$(mktemp -d)
trap 'rm -rf "$lane"' EXIT

# The tests whose subject is dates and times: scheduled jobs, rotas, reminders, the summary,
# retention and the demo (whose history runs to yesterday).
DATE_SENSITIVE=(
  tests/test_jobs_*.py tests/test_rota_*.py tests/test_accounts_reminders.py
  tests/test_summary_*.py tests/test_applications_retention.py tests/test_demo.py
  tests/test_retention*.py
  tests/test_visits_rota_link.py tests/test_volunteers.py
)

postgres_pass() {
  # The browser tests drive the same pages on either engine: on PostgreSQL the whole suite
  # runs but for them (unless arguments choose the tests), which keeps CI within its time.
  local args=("$@") status=0
  [ $# -eq 0 ] && args=(-m "not browser")
  echo "== test suite on PostgreSQL, the tests that reach the database (${args[*]})"
  # Its own Redis database, so the two lanes' limit counts never meet.
  local redis="${ICV_TEST_REDIS_URL:-}"
  [ -n "$redis" ] && redis="${redis%/*}/1"
  ICV_TEST_DATABASE_URL="$ICV_TEST_POSTGRES_URL" ICV_TEST_REDIS_URL="$redis" \
    ICV_TEST_SELECT=database "$pytest" -p no:cacheprovider "${args[@]}" || status=$?
  # 5: pytest found nothing to run, as when the files chosen never reach the database.
  [ "$status" -eq 0 ] || [ "$status" -eq 5 ] || echo "PostgreSQL" >>"$lane/failed"
}

database_free_pass() {
  echo "== the tests that never reach the test database, once, on SQLite"
  ICV_TEST_SELECT=no-database "$pytest" -p no:cacheprovider
}

shifted_clock_pass() {
  # The first Monday at least a year from today, 07:45 in the UK (inside the weekly digest's
  # day of grace), written in UTC for faketime.
  local shifted offset
  shifted=$("$python" scripts/shifted_clock.py)
  offset=$("$python" scripts/shifted_clock.py --offset)
  echo "== date-sensitive tests on SQLite with the clock at $shifted UTC (faketime $offset s)"
  # Monotonic clocks stay real (timeouts and waits are measured on them); the sitecustomize
  # in scripts/faketime makes time.sleep work under libfaketime in every Python process.
  TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 PYTHONPATH=scripts/faketime \
    faketime -f "$offset" "$pytest" -p no:cacheprovider "${DATE_SENSITIVE[@]}" \
    || echo "clock at $shifted" >>"$lane/failed"
}

second_lane() {
  if [ -n "${ICV_TEST_POSTGRES_URL:-}" ]; then
    postgres_pass "$@"
  elif [ "${CI:-}" = "true" ]; then
    echo "CI=true but ICV_TEST_POSTGRES_URL is not set: the PostgreSQL pass is required in CI"
    echo "PostgreSQL (not run)" >>"$lane/failed"
  else
    echo "NOTE: PostgreSQL pass skipped (set ICV_TEST_POSTGRES_URL, or run .ci/run with CI=true)."
  fi
  # Only with no arguments: a run of one file is not the whole suite.
  [ $# -eq 0 ] || return 0
  if command -v faketime >/dev/null; then
    shifted_clock_pass
  elif [ "${CI:-}" = "true" ]; then
    echo "CI=true but faketime is not installed: the shifted-clock pass is required in CI"
    echo "shifted clock (not run)" >>"$lane/failed"
  else
    echo "NOTE: shifted-clock pass skipped (install Debian's faketime to run it)."
  fi
}

second_lane "$@" >"$lane/log" 2>&1 &
second=$!
if [ $# -eq 0 ] && [ -n "${ICV_TEST_POSTGRES_URL:-}" ]; then
  echo "== test suite on SQLite, the tests that reach the database, then the others (the"
  echo "   PostgreSQL and shifted-clock passes run alongside)"
  ICV_TEST_SELECT=database "$pytest" || failed+=("SQLite")
  database_free_pass || failed+=("tests without the database")
else
  echo "== test suite on SQLite (the PostgreSQL and shifted-clock passes run alongside)"
  "$pytest" "$@" || failed+=("SQLite")
fi
wait "$second"
echo
cat "$lane/log"
[ -f "$lane/failed" ] && mapfile -t -O "${#failed[@]}" failed <"$lane/failed"

if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: $(IFS=,; echo "${failed[*]}" | sed 's/,/, /g')" >&2
  exit 1
fi
echo "== every pass succeeded"
