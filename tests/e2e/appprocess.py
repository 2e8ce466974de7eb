"""Real app processes for end-to-end tests: start, wait for log lines, stop.

Each app runs as ``python -m <app> --json-logging …``; its stderr is read on a thread and
parsed as JSON lines, so a test waits for facts (``event == "ticket_issued"``) rather
than sleeping. Modelled on qutebrowser's end-to-end process fixture.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

Record = dict[str, Any]


#: Log levels that fail a test unless the test allowed the record (``allow_errors``).
ERROR_LEVELS = frozenset({"ERROR", "CRITICAL"})


class AppProcess:
    """One running app whose JSON log lines can be awaited.

    A record returned by :meth:`wait_for` is used up, as in qutebrowser's test processes:
    the next ``wait_for`` for the same fields needs a new line. After the test,
    :meth:`problems` names every ERROR record, Python traceback and non-zero exit that the
    test did not expect (the ``apps`` fixture fails the test on them).
    """

    def __init__(self, app: str, args: list[str], env: dict[str, str] | None = None) -> None:
        self.app = app
        self.records: list[Record] = []
        self.raw: list[str] = []
        self._matched: set[int] = set()  # indexes into records that a wait_for returned
        self._allowed: list[re.Pattern[str]] = []
        self._killed = False
        self._lock = threading.Condition()
        cmd = [sys.executable, "-m", app, "--json-logging", *args]
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._lock:
                self.raw.append(line.rstrip("\n"))
                try:
                    record = json.loads(line)
                except ValueError:
                    record = None
                if isinstance(record, dict):
                    self.records.append(record)
                self._lock.notify_all()
        with self._lock:
            self._lock.notify_all()  # the stream ended: waiters need not wait for more

    def wait_for(self, match: Callable[[Record], bool] | None = None, timeout: float = 30.0, **fields: Any) -> Record:
        """The first record not yet returned (past or future) whose fields equal ``fields`` and that ``match`` accepts.

        The record is then used up: waiting for the same fields again needs a new line.
        """

        def ok(r: Record) -> bool:
            return all(r.get(k) == v for k, v in fields.items()) and (match is None or match(r))

        deadline = time.monotonic() + timeout
        seen = 0
        with self._lock:
            while True:
                for i in range(seen, len(self.records)):
                    if i not in self._matched and ok(self.records[i]):
                        self._matched.add(i)
                        return self.records[i]
                seen = len(self.records)
                left = deadline - time.monotonic()
                ended = self.proc.poll() is not None and not self._reader.is_alive()
                if left <= 0 or ended:
                    break
                self._lock.wait(min(left, 0.2))
            tail = "\n".join(self.raw[-25:])
        raise AssertionError(f"{self.app}: no log record {fields} within {timeout} s (exit={self.proc.poll()}):\n{tail}")

    def events(self, event: str) -> list[Record]:
        """Every record so far with this ``event`` field, used up by ``wait_for`` or not."""
        with self._lock:
            return [r for r in self.records if r.get("event") == event]

    def allow_errors(self, *patterns: str) -> None:
        """ERROR records whose message matches one of these regular expressions are the point of the test."""
        self._allowed.extend(re.compile(p) for p in patterns)

    def problems(self) -> list[str]:
        """What went wrong unasked: ERROR records not allowed, tracebacks, a non-zero exit not caused by :meth:`kill`."""
        found = []
        with self._lock:
            for r in self.records:
                if r.get("level") in ERROR_LEVELS and not any(p.search(str(r.get("msg", ""))) for p in self._allowed):
                    found.append(f"{self.app} logged {r.get('level')}: {r.get('msg')}" + (f"\n{r['exc']}" if "exc" in r else ""))
            for n, line in enumerate(self.raw):
                if line.startswith("Traceback (most recent call last)"):
                    found.append(f"{self.app} printed a traceback:\n" + "\n".join(self.raw[n:n + 30]))
        code = self.proc.poll()
        if code not in (0, None) and not self._killed:
            found.append(f"{self.app} exited with status {code}")
        return found

    def pid(self) -> int:
        """The process id."""
        return self.proc.pid

    def kill(self) -> None:
        """SIGKILL: the crash case (its exit status is then expected to be non-zero)."""
        self._killed = True
        self.proc.kill()
        self.proc.wait(10)

    def stop(self, timeout: float = 15.0) -> int:
        """SIGTERM and wait; SIGKILL if it does not end (counted as a problem: the app ignored SIGTERM)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._reader.join(5)
        return int(self.proc.returncode)


class Xvfb:
    """A virtual X screen for the real windows, and xdotool to touch and type on it."""

    def __init__(self, size: str = "1920x1080x24") -> None:
        if shutil.which("Xvfb") is None or shutil.which("xdotool") is None:
            raise RuntimeError("Xvfb and xdotool are needed (Debian packages xvfb, xdotool)")
        self.display = self._free_display()
        self.proc = subprocess.Popen(
            ["Xvfb", self.display, "-screen", "0", size, "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while not Path(f"/tmp/.X11-unix/X{self.display[1:]}").exists():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)

    @staticmethod
    def _free_display() -> str:
        for n in range(90, 200):
            if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
                return f":{n}"
        raise RuntimeError("no free X display number")

    def env(self) -> dict[str, str]:
        """Environment for an app on this screen (a real X server, not offscreen)."""
        return {"DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb"}

    def xdotool(self, *args: str) -> str:
        """Run xdotool on this screen; return its output."""
        out = subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": self.display},
                             capture_output=True, text=True, timeout=20)
        return out.stdout.strip()

    def window_of(self, pid: int, timeout: float = 20.0) -> str:
        """The X window id of the visible top-level window of a process."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ids = self.xdotool("search", "--onlyvisible", "--pid", str(pid)).split()
            if ids:
                return ids[-1]
            time.sleep(0.1)
        raise AssertionError(f"no visible window for pid {pid}")

    def click(self, window: str, x: int, y: int) -> None:
        """Raise the window and click (touch) at window-relative coordinates."""
        self.xdotool("windowraise", window)
        self.xdotool("mousemove", "--window", window, str(x), str(y), "click", "1")

    def key(self, window: str, key: str) -> None:
        """Focus the window and press a key through XTEST (names: F1, space, Return).

        There is no window manager on the virtual screen, so focus is set directly;
        ``key --window`` would send a synthetic event that Qt ignores.
        """
        self.xdotool("windowfocus", "--sync", window)
        self.xdotool("key", key)

    def stop(self) -> None:
        """Stop the X server."""
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
