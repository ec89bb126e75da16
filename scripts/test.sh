#!/usr/bin/env bash
# The whole test suite: starts the real engines (Elasticsearch, MinIO, PostgreSQL) with
# scripts/services.sh, then runs pytest on the embedded engines and on the real ones.
# CI=true: a real engine that cannot start fails the run (never a silent skip).
# CATALOGUE_TEST_EMBEDDED_ONLY=1: skip the real engines (their tests are skipped, outside CI).
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}

if [[ ${CATALOGUE_TEST_EMBEDDED_ONLY:-} == 1 ]]; then
  [[ ${CI:-} == true ]] && { echo "CI=true: CATALOGUE_TEST_EMBEDDED_ONLY is not allowed in CI" >&2; exit 2; }
  echo "[test] embedded engines only (CATALOGUE_TEST_EMBEDDED_ONLY=1)"
elif bash scripts/services.sh start; then
  # shellcheck disable=SC1090
  . "$(bash scripts/services.sh env --path)"
elif [[ ${CI:-} == true ]]; then
  echo "[test] CI=true and the real engines did not start (see above): failing" >&2
  exit 1
else
  echo "[test] warning: the real engines did not start; their tests will be skipped" >&2
fi

# Browser tests (tests/web): Debian's Chromium and axe-core, cached; missing, they fail in CI.
bash scripts/browser.sh install || echo "[test] warning: browser tools not installed (scripts/browser.sh)" >&2

exec "$PYTHON" -m pytest "$@"
