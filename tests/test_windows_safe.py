"""Nothing on the main path assumes POSIX: the apps and the core import no POSIX-only module
and call no POSIX-only function, so the same code runs on the Windows PCs many offices
have. (Where a platform differs, one module says so and falls back: ``db.files`` makes
files private only on POSIX, ``db.autostart`` writes systemd units or Task Scheduler tasks,
``kiosk.printing`` uses CUPS or Qt, ``display.system_voice`` speaks with Windows' voice.)"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("db", "ui", "kiosk", "counter", "display", "supervisor", "survey")
POSIX_ONLY = re.compile(
    r"^\s*(?:import|from)\s+(?:fcntl|pwd|grp|termios|resource|posix)\b"
    r"|\bos\.(?:fork|getuid|geteuid|getgid|setsid|killpg|getpgid|setpgrp|sync)\("
    r"|\bsignal\.(?:SIGKILL|SIGHUP|SIGUSR1|SIGUSR2|SIGALRM|SIGCHLD|alarm|pause)\b"
    r"|\bpreexec_fn\b|\bstart_new_session\b",
    re.MULTILINE,
)
# Uses that fall back where the module is missing, each with the reason.
FALLING_BACK = {
    # Writers take turns on a flock; without fcntl (Windows) they try SQLite's lock as before.
    "db/database.py: import fcntl",
}


def test_no_posix_only_calls_on_the_main_path() -> None:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for m in POSIX_ONLY.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                if f"{path.relative_to(ROOT).as_posix()}: {m.group(0).strip()}" not in FALLING_BACK:
                    found.append(f"{path.relative_to(ROOT)}:{line}: {m.group(0).strip()}")
    assert found == []


def test_the_check_finds_what_it_looks_for() -> None:
    sample = "import fcntl\nos.fork()\nsignal.signal(signal.SIGHUP, f)\nsubprocess.run(x, preexec_fn=f)\n"
    assert len(POSIX_ONLY.findall(sample)) == 4
    assert not POSIX_ONLY.findall("signal.signal(signal.SIGTERM, f)\nos.replace(a, b)\n")
