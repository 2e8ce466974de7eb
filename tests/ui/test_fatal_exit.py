"""An unexpected exception in a slot ends the app with ``FATAL_EXIT`` (so autostart's
"restart on failure" starts it afresh) after logging it, instead of running on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ui.app import FATAL_EXIT

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import logging, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ui.app import install_fatal_hook

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
app = QApplication(sys.argv[:1])
install_fatal_hook(app)

def broken():
    raise RuntimeError("a bug in a slot")

QTimer.singleShot(0, broken)
QTimer.singleShot(5000, lambda: app.exit(0))  # not reached: the hook ends it first
sys.exit(app.exec())
"""


def test_an_unexpected_error_ends_the_app_non_zero() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)})
    assert done.returncode == FATAL_EXIT == 70, done.stderr
    assert "CRITICAL unexpected error; stopping so that the app is started afresh" in done.stderr
    assert "RuntimeError: a bug in a slot" in done.stderr
