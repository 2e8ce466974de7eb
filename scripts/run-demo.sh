#!/usr/bin/env bash
# Installs everything, then runs the demo office (display, kiosk, two counters) on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh run
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run-demo: no display found; running on a virtual X screen (xvfb-run)."
  exec xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/antrian demo --simulate "$@"
fi
exec .venv/bin/antrian demo --simulate "$@"
