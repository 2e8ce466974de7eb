"""``bench/procmem.py``: a child's peak memory is its own, not the benchmark process's."""

from __future__ import annotations

import os
import subprocess
import sys

from bench.procmem import PeakMemory

CHILD = "b = bytearray(64 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); import time; time.sleep(0.3)"


def test_the_peak_is_the_childs_own() -> None:
    ballast = bytearray(256 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])  # this process now holds 256 MB more
    proc = subprocess.Popen([sys.executable, "-c", CHILD])
    peak_mb = PeakMemory(proc.pid).join() / 1024
    _pid, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert 64 <= peak_mb < 200  # the 64 MB it touched, plus Python; not the 256 MB held here
    assert usage.ru_maxrss / 1024 > 256  # what wait4 would have said (the reason for PeakMemory)
    del ballast


def test_a_process_that_is_gone_gives_zero() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()  # reaped: no /proc entry any more
    assert PeakMemory(proc.pid).join() == 0
