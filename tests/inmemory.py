"""Room in memory for the tests' files: a RAM-backed folder (``/dev/shm``) if it has room.

The tests write many small files they durably commit (SQLite databases with
``synchronous=FULL``, a PostgreSQL cluster's databases) and throw them all away. On this
machine's disk the kernel's work on them was a large part of a test run; in memory the
same writes are plain copies. Nothing the tests check depends on the disk: a process
killed mid-write leaves the same files in memory as on a disk (only a power cut differs).
"""

from __future__ import annotations

import shutil
from pathlib import Path

MEMORY_DIR = Path("/dev/shm")


def room_in_memory(needed: int) -> bool:
    """Whether ``MEMORY_DIR`` exists and has ``needed`` bytes free (a container's is often only 64 MB)."""
    try:
        return shutil.disk_usage(MEMORY_DIR).free >= needed
    except OSError:
        return False
