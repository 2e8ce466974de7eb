"""The peak resident memory of a child process, measured from the child itself.

``ru_maxrss`` from ``wait4`` will not do for a benchmark that has grown before it starts
the process: Linux carries the forking process's peak into the child's figure (a 300 MB
parent reports 300 MB for ``/bin/true``). ``VmHWM`` in ``/proc/<pid>/status`` starts
afresh at ``exec``; :class:`PeakMemory` reads it until the process has exited.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path


class PeakMemory:
    """Follows a running process's ``VmHWM`` (peak resident memory since its ``exec``) on a thread."""

    def __init__(self, pid: int, every_s: float = 0.01) -> None:
        self.path = Path(f"/proc/{pid}/status")
        self.every_s = every_s
        self.peak_kib = 0
        self._thread = threading.Thread(target=self._follow, daemon=True)
        self._thread.start()

    def _follow(self) -> None:
        while True:
            try:
                status = self.path.read_text()
            except OSError:
                return  # the process is gone
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    self.peak_kib = max(self.peak_kib, int(line.split()[1]))
                    break
            else:
                return  # a zombie: no memory any more
            time.sleep(self.every_s)

    def join(self) -> int:
        """Wait until the process has exited (its status holds no memory figures any more); the peak in KiB."""
        self._thread.join()
        return self.peak_kib
