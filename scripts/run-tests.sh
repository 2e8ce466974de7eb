#!/usr/bin/env bash
# Installs everything (PostgreSQL 15, CUPS, Xvfb included), then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest -n 2 -q "$@"
