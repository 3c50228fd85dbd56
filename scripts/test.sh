#!/usr/bin/env bash
# Run the whole suite on SQLite, then again on PostgreSQL when ICV_TEST_POSTGRES_URL is set.
# Under CI=true the PostgreSQL pass and the browser tests are required, never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
pytest=.venv/bin/pytest

echo "== test suite on SQLite"
"$pytest" "$@"

if [ -n "${ICV_TEST_POSTGRES_URL:-}" ]; then
  echo "== test suite on PostgreSQL"
  ICV_TEST_DATABASE_URL="$ICV_TEST_POSTGRES_URL" "$pytest" "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true but ICV_TEST_POSTGRES_URL is not set: the PostgreSQL pass is required in CI" >&2
  exit 1
else
  echo "NOTE: PostgreSQL pass skipped (set ICV_TEST_POSTGRES_URL, or run .ci/run with CI=true)."
fi
