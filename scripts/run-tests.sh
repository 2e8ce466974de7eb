#!/usr/bin/env bash
# Installs everything (PostgreSQL 15, CUPS, Xvfb included), checks the code, then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
# The whole run starts with the code gates (ruff, mypy: scripts/check.sh, under a minute);
# a run of chosen tests ("$@") skips them.
if [ "$#" -eq 0 ]; then
  scripts/check.sh
fi
export QT_QPA_PLATFORM=offscreen
# A test whose worker process crashed runs again once on a fresh worker; a test that
# merely fails never does. Each test has a hang limit (pyproject.toml, pytest-timeout);
# the whole run has one too, so a hang anywhere ends CI with a message, not silence.
limit="${ANTRIAN_TEST_TIME_LIMIT:-45m}"
# The whole suite is measured for coverage (the apps and commands it starts as processes
# too) and fails under the floor in pyproject.toml ([tool.coverage.report] fail_under); only
# the total is printed. `.venv/bin/coverage report` afterwards lists the lines not run.
# A run of chosen tests ("$@") is not measured: a part of the suite cannot reach the floor.
cov=()
[ "$#" -eq 0 ] && cov=(--cov --cov-report=)
status=0
timeout --kill-after=30s "$limit" .venv/bin/python -m pytest -n 2 -q --reruns 1 --only-rerun "crashed while running" \
  "${cov[@]}" "$@" || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "run-tests: the test run did not finish within $limit and was stopped" >&2
fi
exit "$status"
