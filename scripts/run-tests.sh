#!/usr/bin/env bash
# Installs everything (PostgreSQL 15, CUPS, Xvfb included), then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
export QT_QPA_PLATFORM=offscreen
# A test whose worker process crashed (an intermittent Qt segfault seen in the counter
# window tests, not yet explained) runs again once; a test that merely fails never does.
exec .venv/bin/python -m pytest -n 2 -q --reruns 1 --only-rerun "crashed while running" "$@"
