#!/usr/bin/env bash
# The code gates, fast and before any test: lint (ruff) and types (mypy), both configured
# in pyproject.toml. The layering rule and the coverage floor are checked by the test run.
# Usage: scripts/check.sh            (after scripts/bootstrap.sh test; run-tests.sh calls it)
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
echo "check: ruff"
.venv/bin/ruff check --quiet . || status=1
echo "check: mypy"
.venv/bin/mypy || status=1
if [ "$status" -ne 0 ]; then
  echo "check: the gates found problems (above); fix them before the tests run" >&2
fi
exit "$status"
